using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SessionCloser.Config;
using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>
/// Where the OpenClaw gateway listens and which shared secrets to offer it, resolved the way the OpenClaw CLI
/// does (see the gateway reference §1):
/// URL: <c>--url</c>, else <c>OPENCLAW_GATEWAY_URL</c>, else <c>gateway.remote.url</c> when <c>gateway.mode</c> is
/// "remote", else <c>ws[s]://127.0.0.1:&lt;port&gt;</c> with the port from <c>OPENCLAW_GATEWAY_PORT</c>,
/// <c>gateway.port</c>, 18789 (wss when <c>gateway.tls.enabled</c>).
/// Credentials: an explicit <c>--token</c>/<c>--password</c> alone; otherwise the config value (a plain string, a
/// <c>${VAR}</c> reference or an env SecretRef), then the environment variable (OpenClaw's "config-first" for a local
/// gateway). The client offers the first one and moves to the next only when the gateway says the secret does not
/// match (once per source). A URL override never gets the config's secrets, as in OpenClaw 2026.7.35 and 9.6
/// (<c>ensureExplicitGatewayAuth</c>): <c>--url</c> needs <c>--token</c> or <c>--password</c>, and
/// <c>OPENCLAW_GATEWAY_URL</c> gets only those or <c>OPENCLAW_GATEWAY_TOKEN</c>/<c>OPENCLAW_GATEWAY_PASSWORD</c>.
/// </summary>
internal sealed partial class GatewayEndpoint
{
    /// <summary>OpenClaw's default gateway port.</summary>
    private const int DefaultPort = 18789;

    internal GatewayEndpoint(Uri url, IReadOnlyList<GatewayCredential> credentials, string urlSource = "explicit")
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(credentials);
        if (url.Scheme is not ("ws" or "wss"))
        {
            throw new SessionCloserException(ExitCode.Usage, $"The OpenClaw gateway URL must start with ws:// or wss://, not {url.Scheme}:// ({url}).");
        }

        Url = url;
        Credentials = credentials;
        UrlSource = urlSource;
    }

    /// <summary>The WebSocket URL (path <c>/</c> unless a remote URL says otherwise).</summary>
    internal Uri Url { get; }

    /// <summary>Which rule picked <see cref="Url"/>: OPENCLAW_GATEWAY_URL, gateway.remote.url, OPENCLAW_GATEWAY_PORT, gateway.port, default.</summary>
    internal string UrlSource { get; }

    /// <summary>Secrets to offer, in order. Empty for <c>gateway.auth.mode</c> "none" or when nothing is configured.</summary>
    internal IReadOnlyList<GatewayCredential> Credentials { get; }

    /// <summary>True when the host is a loopback address or "localhost" (device-less auth only works there).</summary>
    internal bool IsLoopback =>
        Url.IsLoopback || (IPAddress.TryParse(Url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary><c>http[s]://host:port/healthz</c>: unauthenticated liveness probe (exists since 2026.3.1).</summary>
    internal Uri HealthzUrl => new UriBuilder(Url) { Scheme = Url.Scheme == "wss" ? "https" : "http", Path = "/healthz", Query = string.Empty }.Uri;

    /// <summary>Resolves the endpoint from the environment and config (null config = no config file).</summary>
    /// <param name="env">Environment snapshot.</param>
    /// <param name="config">The loaded openclaw.json (its <c>gateway</c> section is read here).</param>
    /// <param name="token">Our <c>--token</c>; when given (or <paramref name="password"/>), no other source is used.</param>
    /// <param name="password">Our <c>--password</c>.</param>
    /// <param name="url">Our <c>--url</c>: needs <paramref name="token"/> or <paramref name="password"/> (refused with exit 2 otherwise).</param>
    internal static GatewayEndpoint Resolve(OpenClawEnvironment env, OpenClawConfig? config, string? token = null, string? password = null, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        config ??= OpenClawConfig.Empty;
        var source = config.Path ?? "config";
        var gateway = config.Root["gateway"] as JsonObject;
        var remote = StringAt(gateway, "mode", env) == "remote";
        var remoteSection = gateway?["remote"] as JsonObject;
        var authSection = gateway?["auth"] as JsonObject;
        var authMode = StringAt(authSection, "mode", env);
        token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        password = string.IsNullOrWhiteSpace(password) ? null : password.Trim();

        if (!string.IsNullOrWhiteSpace(url))
        {
            if (token is null && password is null)
            {
                throw new SessionCloserException(
                    ExitCode.Usage,
                    "--url needs --token or --password: like OpenClaw, session-closer does not send the config's or the environment's secrets to a URL given on the command line. " +
                    "For the configured gateway, leave out --url.");
            }

            return new GatewayEndpoint(ParseWsUrl(url, "--url"), ExplicitCredentials(token, password), "--url");
        }

        if (env.Get("OPENCLAW_GATEWAY_URL") is { } envUrl && !string.IsNullOrWhiteSpace(envUrl))
        {
            // OpenClaw: "config credentials are intentionally not reused" for an environment URL.
            var envCredentials = token is not null || password is not null ? ExplicitCredentials(token, password) : EnvCredentials(env);
            return new GatewayEndpoint(ParseWsUrl(envUrl, "OPENCLAW_GATEWAY_URL"), envCredentials, "OPENCLAW_GATEWAY_URL");
        }

        var (resolvedUrl, urlSource) = ResolveUrl(env, gateway, remote, remoteSection, source);
        var credentials = ResolveCredentials(env, token, password, remote ? remoteSection : authSection, remote ? "gateway.remote" : "gateway.auth", authMode, source);
        return new GatewayEndpoint(resolvedUrl, credentials, urlSource);
    }

    private static List<GatewayCredential> ExplicitCredentials(string? token, string? password)
    {
        var explicitOnes = new List<GatewayCredential>();
        if (token is not null)
        {
            explicitOnes.Add(new GatewayCredential(GatewayCredentialKind.Token, token, "--token"));
        }

        if (password is not null)
        {
            explicitOnes.Add(new GatewayCredential(GatewayCredentialKind.Password, password, "--password"));
        }

        return explicitOnes;
    }

    private static List<GatewayCredential> EnvCredentials(OpenClawEnvironment env)
    {
        var result = new List<GatewayCredential>();
        if (env.Get("OPENCLAW_GATEWAY_TOKEN") is { Length: > 0 } envToken)
        {
            result.Add(new GatewayCredential(GatewayCredentialKind.Token, envToken.Trim(), "OPENCLAW_GATEWAY_TOKEN"));
        }

        if (env.Get("OPENCLAW_GATEWAY_PASSWORD") is { Length: > 0 } envPassword)
        {
            result.Add(new GatewayCredential(GatewayCredentialKind.Password, envPassword.Trim(), "OPENCLAW_GATEWAY_PASSWORD"));
        }

        return result;
    }

    /// <summary>Is anything answering <c>GET /healthz</c> with 200 within <paramref name="timeout"/> (default 2 s)?</summary>
    internal async Task<bool> IsLiveAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeout ?? TimeSpan.FromSeconds(2) };
        using var http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(HealthzUrl, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            // 7.35/9.6: {"ok":true,"status":"live"}. Anything else on that port that says 200 is not a gateway.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            try
            {
                using var doc = JsonDocument.Parse(body);
                return doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True;
            }
            catch (JsonException)
            {
                return false;
            }
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // timeout
        }
    }

    private static (Uri Url, string Source) ResolveUrl(OpenClawEnvironment env, JsonObject? gateway, bool remote, JsonObject? remoteSection, string source)
    {
        if (remote && StringAt(remoteSection, "url", env) is { } remoteUrl)
        {
            return (ParseWsUrl(remoteUrl, $"gateway.remote.url in {source}"), "gateway.remote.url");
        }

        var tls = gateway?["tls"] is JsonObject tlsSection && tlsSection["enabled"] is JsonValue enabled
            && enabled.GetValueKind() == JsonValueKind.True;
        var scheme = tls ? "wss" : "ws";
        if (ParsePort(env.Get("OPENCLAW_GATEWAY_PORT")) is { } envPort)
        {
            return (new Uri($"{scheme}://127.0.0.1:{envPort}/"), "OPENCLAW_GATEWAY_PORT");
        }

        var configPort = gateway?["port"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && d == Math.Floor(d) && d is >= 1 and <= 65535 => (int)d,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => ParsePort(v.GetValue<string>()),
            _ => null,
        };
        return configPort is { } port
            ? (new Uri($"{scheme}://127.0.0.1:{port}/"), "gateway.port")
            : (new Uri($"{scheme}://127.0.0.1:{DefaultPort}/"), "default");
    }

    private static List<GatewayCredential> ResolveCredentials(
        OpenClawEnvironment env,
        string? token,
        string? password,
        JsonObject? section,
        string sectionName,
        string? authMode,
        string source)
    {
        var explicitOnes = ExplicitCredentials(token, password);
        if (explicitOnes.Count > 0)
        {
            return explicitOnes;
        }

        if (authMode is "none" or "trusted-proxy")
        {
            return [];
        }

        var result = new List<GatewayCredential>();
        void AddKind(GatewayCredentialKind kind, string field, string envName)
        {
            var envValue = env.Get(envName);
            var configValue = ReadSecret(section, field, $"{sectionName}.{field} in {source}", env, envName, envValue is not null);
            if (configValue is not null)
            {
                result.Add(new GatewayCredential(kind, configValue, $"{sectionName}.{field} in {source}"));
            }

            if (envValue is not null && envValue != configValue)
            {
                result.Add(new GatewayCredential(kind, envValue, envName));
            }
        }

        if (authMode != "password")
        {
            AddKind(GatewayCredentialKind.Token, "token", "OPENCLAW_GATEWAY_TOKEN");
        }

        if (authMode != "token")
        {
            AddKind(GatewayCredentialKind.Password, "password", "OPENCLAW_GATEWAY_PASSWORD");
        }

        return result;
    }

    /// <summary>
    /// A config secret: a plain string (with <c>${VAR}</c> substituted), or a SecretRef object. Env SecretRefs are
    /// resolved; file/exec SecretRefs are refused unless <paramref name="envVar"/> can stand in for them.
    /// </summary>
    private static string? ReadSecret(JsonObject? section, string field, string where, OpenClawEnvironment env, string envVar, bool envFallbackExists)
    {
        var node = section?[field];
        switch (node)
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                {
                    var raw = v.GetValue<string>();
                    var value = ConfigEnvSubstitution.Substitute(raw, env).Trim();
                    if (WholeEnvReference().Match(raw.Trim()) is { Success: true } m && value == raw.Trim())
                    {
                        return envFallbackExists
                            ? null
                            : throw new SessionCloserException(
                                ExitCode.Usage,
                                $"{where} refers to ${{{m.Groups[1].Value}}}, which is not set. Set it, or pass the secret with --{field} or {envVar}.");
                    }

                    return value.Length == 0 ? null : value;
                }

            case JsonObject secretRef:
                {
                    var refSource = (secretRef["source"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? secretRef["source"]!.GetValue<string>() : null;
                    var refId = (secretRef["id"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? secretRef["id"]!.GetValue<string>() : null;
                    if (refSource == "env" && refId is not null && env.Get(refId) is { } resolved)
                    {
                        return resolved;
                    }

                    if (envFallbackExists)
                    {
                        return null;
                    }

                    var described = refSource == "env"
                        ? $"an env SecretRef to {refId ?? "(no id)"}, which is not set"
                        : $"a SecretRef (source \"{refSource ?? "?"}\"), which session-closer cannot resolve";
                    throw new SessionCloserException(
                        ExitCode.Usage,
                        $"{where} is {described}. Pass the secret with --{field}, or set {envVar}.");
                }

            default:
                throw new SessionCloserException(ExitCode.StoreError, $"{where} must be a string or a SecretRef object.");
        }
    }

    private static Uri ParseWsUrl(string text, string where)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            throw new SessionCloserException(ExitCode.Usage, $"{where} must be a ws:// or wss:// URL, not '{text}'.");
        }

        return uri;
    }

    private static int? ParsePort(string? text) =>
        text is not null && int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : null;

    private static string? StringAt(JsonObject? parent, string name, OpenClawEnvironment env) =>
        parent?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? ConfigEnvSubstitution.Substitute(v.GetValue<string>(), env).Trim()
            : null;

    [GeneratedRegex(@"^\$\{([A-Z_][A-Z0-9_]*)\}$")]
    private static partial Regex WholeEnvReference();
}
