using System.Diagnostics;
using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using SessionCloser.Eras;
using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>
/// A native client for the OpenClaw gateway's WebSocket RPC (protocol 3 and 4, OpenClaw 2026.3 – 2026.9).
/// <para>
/// <see cref="ConnectAsync"/> opens one connection, waits for <c>connect.challenge</c>, sends <c>connect</c> as the
/// official CLI does (<c>client {id:"cli", mode:"cli"}</c>, role operator, admin+read+write, shared token or
/// password) and requires <c>hello-ok</c> with the needed scopes. A gateway that grants no scopes to that identity is
/// retried as <c>{id:"gateway-client", mode:"backend"}</c> (4.20+); one that still grants none (2026.3.13 – 4.14)
/// needs device pairing, which this client does not do. A wrong secret from one source is retried once with the next
/// configured source (<see cref="GatewayEndpoint.Credentials"/>).
/// </para>
/// <para>
/// Requests carry unique string ids; responses may arrive out of order with events in between. A retryable
/// UNAVAILABLE is retried after its retryAfterMs (bounded). When the gateway restarts (close 1012 or a
/// <c>shutdown</c> event), the next call reconnects with backoff and checks it is still the same state dir; a
/// read-only call that was in flight is repeated, a mutating one fails with <see cref="GatewayException.IsOutcomeUnknown"/>.
/// Safe for concurrent calls.
/// </para>
/// </summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private const int ClientMinProtocol = 3;
    private const int ClientMaxProtocol = 4;
    private const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    private static readonly ClientIdentity[] Identities = [new("cli", "cli"), new("gateway-client", "backend")];

    private readonly GatewayClientOptions _options;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private GatewayConnection? _connection;
    private GatewayCredential? _credential;
    private ClientIdentity _identity = Identities[0];
    private long _nextId;
    private int _disposed;

    private GatewayClient(GatewayEndpoint endpoint, GatewayClientOptions options)
    {
        Endpoint = endpoint;
        _options = options;
    }

    /// <summary>The client.version we send by default: session-closer's informational version.</summary>
    public static string DefaultClientVersion { get; } = ReadOwnVersion();

    public GatewayEndpoint Endpoint { get; }

    /// <summary>hello-ok <c>server.version</c> as sent (e.g. "2026.7.35"); empty if the server did not say.</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary><see cref="ServerVersion"/> parsed; null when unparseable (then the newest behaviour is assumed).</summary>
    public OpenClawVersion? Version { get; private set; }

    /// <summary>The negotiated protocol (3 up to 2026.5.7, 4 from 5.12).</summary>
    public int Protocol { get; private set; }

    /// <summary>hello-ok <c>auth.scopes</c>: what this connection may actually do.</summary>
    public IReadOnlyList<string> Scopes { get; private set; } = [];

    /// <summary>Which state this gateway owns (hello-ok <c>snapshot</c>).</summary>
    public GatewaySnapshot Snapshot { get; private set; } = new(null, null, null, null, null);

    /// <summary>The client id that got the scopes: "cli" or "gateway-client".</summary>
    public string ClientId => _identity.Id;

    /// <summary>Where the accepted secret came from (never the secret); null when none was sent.</summary>
    public string? CredentialSource => _credential?.Source;

    /// <summary>How long the first successful handshake took (socket open → hello-ok, including fallbacks).</summary>
    public TimeSpan ConnectDuration { get; private set; }

    /// <summary>True while the current WebSocket is open (a restart closes it; the next call reconnects).</summary>
    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>How many times the client reconnected after a gateway restart.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Connects and authenticates; throws <see cref="GatewayException"/> with a message fit for a person.</summary>
    public static async Task<GatewayClient> ConnectAsync(GatewayEndpoint endpoint, GatewayClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = new GatewayClient(endpoint, options ?? new GatewayClientOptions());
        try
        {
            var started = Stopwatch.GetTimestamp();
            await client.HandshakeWithFallbacksAsync(cancellationToken);
            client.ConnectDuration = Stopwatch.GetElapsedTime(started);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when the server version is known to be older than <paramref name="year"/>.<paramref name="month"/>.<paramref name="patch"/>.</summary>
    public bool IsOlderThan(int year, int month, int patch) => Version?.IsBefore(year, month, patch) == true;

    /// <summary><c>health</c> (operator.read). Cached by the server for 60 s unless <paramref name="probe"/>.</summary>
    public async Task<GatewayHealth> HealthAsync(bool probe = false, CancellationToken cancellationToken = default)
    {
        var payload = await CallAsync("health", probe ? w => w.WriteBoolean("probe", true) : null, idempotent: true, cancellationToken: cancellationToken);
        var sessions = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("sessions", out var s) ? s : default;
        return new GatewayHealth(
            Bool(payload, "ok"),
            Str(payload, "defaultAgentId"),
            Str(sessions, "path"),
            sessions.ValueKind == JsonValueKind.Object && sessions.TryGetProperty("count", out var c) && c.TryGetInt32(out var count) ? count : null,
            payload);
    }

    /// <summary>
    /// Every row <c>sessions.list</c> returns, paging with limit/offset until hasMore is false (5.4+; older
    /// gateways return all rows in one answer). Note the gateway hides some keys (7.35: <c>cron:…:run:…</c>, and
    /// <c>global</c>/<c>unknown</c> unless asked for): this is the gateway's view, not the whole store.
    /// </summary>
    public async Task<GatewaySessionList> ListSessionsAsync(GatewayListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GatewayListOptions();
        if (options.PageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PageSize must be at least 1.");
        }

        if (options.Archived == true && IsOlderThan(2026, 7, 1))
        {
            throw NotSupported("sessions.list", "listing archived sessions", "2026.7.1");
        }

        var paged = !IsOlderThan(2026, 5, 4);
        var sendArchived = options.Archived is not null && !IsOlderThan(2026, 7, 1);
        var rows = new List<GatewaySessionRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? path = null;
        int? total = null;
        var offset = 0;
        var pages = 0;
        while (true)
        {
            var pageOffset = offset;
            var payload = await CallAsync(
                "sessions.list",
                w =>
                {
                    if (paged)
                    {
                        w.WriteNumber("limit", options.PageSize);
                        if (pageOffset > 0)
                        {
                            w.WriteNumber("offset", pageOffset);
                        }
                    }

                    if (sendArchived)
                    {
                        w.WriteBoolean("archived", options.Archived!.Value);
                    }

                    if (options.AgentId is { } agent)
                    {
                        w.WriteString("agentId", agent);
                    }

                    if (options.IncludeGlobal)
                    {
                        w.WriteBoolean("includeGlobal", true);
                    }

                    if (options.IncludeUnknown)
                    {
                        w.WriteBoolean("includeUnknown", true);
                    }
                },
                idempotent: true,
                timeout: _options.ListTimeout,
                cancellationToken: cancellationToken);
            pages++;
            path = Str(payload, "path") ?? path;
            total = Int(payload, "totalCount") ?? total;
            var count = 0;
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("sessions", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    count++;
                    if (ParseRow(item) is { } row && seen.Add(row.Key))
                    {
                        rows.Add(row);
                    }
                }
            }

            if (!paged || !Bool(payload, "hasMore") || count == 0)
            {
                break;
            }

            var next = Int(payload, "nextOffset") ?? pageOffset + count;
            if (next <= pageOffset)
            {
                break;
            }

            offset = next;
        }

        return new GatewaySessionList(rows, path, total, pages);
    }

    /// <summary>
    /// <c>sessions.delete</c> (operator.admin). With <paramref name="expectedSessionId"/> on 7.1+, the gateway
    /// refuses (<see cref="GatewayException.IsSessionChanged"/>) if the key now holds another session; older
    /// gateways have no such guard and <see cref="GatewayDeleteResult.Guarded"/> is false. The main session is
    /// refused (<see cref="GatewayException.IsMainSessionRefusal"/>); an already missing key gives Deleted:false.
    /// </summary>
    public async Task<GatewayDeleteResult> DeleteSessionAsync(string key, string? expectedSessionId = null, bool deleteTranscript = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var guarded = !string.IsNullOrEmpty(expectedSessionId) && !IsOlderThan(2026, 7, 1);
        JsonElement payload;
        try
        {
            payload = await CallAsync(
                "sessions.delete",
                w =>
                {
                    w.WriteString("key", key);
                    w.WriteBoolean("deleteTranscript", deleteTranscript);
                    if (guarded)
                    {
                        w.WriteString("expectedSessionId", expectedSessionId);
                    }
                },
                cancellationToken: cancellationToken);
        }
        catch (GatewayException e) when (guarded && e.IsSessionChanged)
        {
            // A guarded delete of a key that no longer exists is also "session-changed" (7.35, 9.6). Tell the two
            // apart: a missing key was already deleted; an existing one was reset or recreated and stays.
            if (await SessionExistsAsync(key, cancellationToken) == false)
            {
                return new GatewayDeleteResult(key, Deleted: false, [], guarded);
            }

            throw;
        }
        var archived = new List<string>();
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("archived", out var a) && a.ValueKind == JsonValueKind.Array)
        {
            archived.AddRange(a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
        }

        return new GatewayDeleteResult(Str(payload, "key") ?? key, Bool(payload, "deleted"), archived, guarded);
    }

    /// <summary>
    /// Does the gateway's store hold <paramref name="key"/>? Uses <c>sessions.resolve {key}</c> (operator.read), which,
    /// unlike sessions.list, also sees keys the list hides. Null when the gateway's answer does not say.
    /// </summary>
    public async Task<bool?> SessionExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            var payload = await CallAsync("sessions.resolve", w => w.WriteString("key", key), idempotent: true, cancellationToken: cancellationToken);
            return payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("ok", out var ok)
                ? ok.ValueKind == JsonValueKind.True
                : null;
        }
        catch (GatewayException e) when (e.Code == "INVALID_REQUEST" && e.GatewayMessage.StartsWith("No session found", StringComparison.Ordinal))
        {
            return false;
        }
    }

    /// <summary>
    /// Archives a session with <c>sessions.patch {key, archived:true}</c> (operator.write; 7.1+). 8.x+ require
    /// <c>expectedSessionId</c> and 7.x reject it, so it is sent by version and, on the matching refusal, the call is
    /// retried once the other way.
    /// </summary>
    public async Task<GatewayArchiveResult> ArchiveSessionAsync(string key, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (IsOlderThan(2026, 7, 1))
        {
            throw NotSupported("sessions.patch", "archiving sessions", "2026.7.1");
        }

        var withExpected = !IsOlderThan(2026, 8, 0);
        JsonElement payload;
        try
        {
            payload = await PatchArchivedAsync(key, sessionId, withExpected, cancellationToken);
        }
        catch (GatewayException e) when (e.Code == "INVALID_REQUEST" && withExpected
            && e.GatewayMessage.Contains("unexpected property 'expectedSessionId'", StringComparison.Ordinal))
        {
            withExpected = false;
            payload = await PatchArchivedAsync(key, sessionId, withExpected, cancellationToken);
        }
        catch (GatewayException e) when (e.Code == "INVALID_REQUEST" && !withExpected
            && e.GatewayMessage.Contains("expectedSessionId required", StringComparison.Ordinal))
        {
            withExpected = true;
            payload = await PatchArchivedAsync(key, sessionId, withExpected, cancellationToken);
        }

        var entry = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("entry", out var en) ? en : default;
        return new GatewayArchiveResult(Str(payload, "key") ?? key, Long(entry, "archivedAt"), withExpected);
    }

    /// <summary><c>sessions.create {key, label}</c> (operator.write; 3.24+). An existing key is adopted.</summary>
    public async Task<GatewayCreateResult> CreateSessionAsync(string key, string? label = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var payload = await CallAsync(
            "sessions.create",
            w =>
            {
                w.WriteString("key", key);
                if (!string.IsNullOrEmpty(label))
                {
                    w.WriteString("label", label);
                }
            },
            cancellationToken: cancellationToken);
        var entry = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("entry", out var en) ? en : default;
        var sessionId = Str(payload, "sessionId") ?? Str(entry, "sessionId")
            ?? throw new GatewayException(GatewayException.ProtocolCode, "OpenClaw gateway sessions.create: the answer has no sessionId.", method: "sessions.create");
        return new GatewayCreateResult(Str(payload, "key") ?? key, sessionId, Str(entry, "sessionFile"));
    }

    /// <summary><c>sessions.abort {key}</c> (operator.write; 3.24+): stops the session's active run, if any.</summary>
    public async Task<GatewayAbortResult> AbortSessionAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var payload = await CallAsync("sessions.abort", w => w.WriteString("key", key), cancellationToken: cancellationToken);
        return new GatewayAbortResult(Str(payload, "abortedRunId"), Str(payload, "status"));
    }

    /// <summary>
    /// Any method: writes <c>params</c> with <paramref name="writeParams"/> (null = no params) and returns the
    /// detached payload of an ok response; an error response throws <see cref="GatewayException"/>.
    /// </summary>
    /// <param name="method">The RPC method.</param>
    /// <param name="writeParams">Writes the properties of the params object (closed schemas: never write nulls).</param>
    /// <param name="idempotent">True for read-only methods: repeated after a reconnect if the connection was lost mid-call.</param>
    /// <param name="timeout">Per-attempt timeout; default <see cref="GatewayClientOptions.RequestTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels waiting (the gateway may still apply a sent request).</param>
    public async Task<JsonElement> CallAsync(
        string method,
        Action<Utf8JsonWriter>? writeParams = null,
        bool idempotent = false,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var unavailableRetries = 0;
        var repeatedAfterLoss = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await GetConnectionAsync(cancellationToken);
            var id = NextId();
            var frame = GatewayFrames.BuildRequest(id, method, writeParams);
            GatewayFrame response;
            try
            {
                response = await connection.RequestAsync(id, method, frame, timeout ?? _options.RequestTimeout, cancellationToken);
            }
            catch (GatewayException e) when (e.Code == GatewayException.ConnectionLostCode && idempotent && !repeatedAfterLoss && CanReconnect(connection))
            {
                repeatedAfterLoss = true;
                continue;
            }

            if (response.Ok)
            {
                return response.Payload;
            }

            var error = GatewayException.FromError(method, response.Error);
            if (error.Code == "UNAVAILABLE" && error.Retryable && unavailableRetries < _options.MaxUnavailableRetries)
            {
                unavailableRetries++;
                await Task.Delay(RetryDelay(error), cancellationToken);
                continue;
            }

            throw error;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _connectLock.WaitAsync();
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _connectLock.Release();
        }

        _connectLock.Dispose();
    }


    internal static GatewaySessionRow? ParseRow(JsonElement row)
    {
        if (Str(row, "key") is not { Length: > 0 } key)
        {
            return null;
        }

        var archivedAt = Long(row, "archivedAt");
        return new GatewaySessionRow(
            key,
            Str(row, "sessionId"),
            Str(row, "agentId") ?? AgentIdFromKey(key),
            Str(row, "label"),
            Str(row, "kind"),
            Long(row, "updatedAt"),
            Bool(row, "archived") || archivedAt is not null,
            archivedAt,
            Bool(row, "hasActiveRun"),
            row);
    }

    internal static Hello ParseHello(JsonElement payload)
    {
        if (Str(payload, "type") != "hello-ok")
        {
            throw new GatewayException(GatewayException.ProtocolCode, "OpenClaw gateway connect: the answer is not hello-ok.", method: "connect");
        }

        var server = Obj(payload, "server");
        var auth = Obj(payload, "auth");
        var snapshot = Obj(payload, "snapshot");
        var defaults = Obj(snapshot, "sessionDefaults");
        var scopes = new List<string>();
        if (auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty("scopes", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            scopes.AddRange(s.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
        }

        return new Hello(
            Str(server, "version") ?? string.Empty,
            Int(payload, "protocol") ?? 0,
            scopes,
            new GatewaySnapshot(
                Str(snapshot, "stateDir"),
                Str(snapshot, "configPath"),
                Str(defaults, "mainSessionKey"),
                Str(defaults, "defaultAgentId"),
                Str(snapshot, "authMode")));
    }

    internal static void WriteConnectParams(Utf8JsonWriter w, string clientId, string clientMode, string clientVersion, IEnumerable<string> scopes, GatewayCredential? credential)
    {
        w.WriteNumber("minProtocol", ClientMinProtocol);
        w.WriteNumber("maxProtocol", ClientMaxProtocol);
        w.WriteStartObject("client");
        w.WriteString("id", clientId);
        w.WriteString("version", clientVersion);
        w.WriteString("platform", NodePlatform());
        w.WriteString("mode", clientMode);
        w.WriteEndObject();
        w.WriteString("role", "operator");
        w.WriteStartArray("scopes");
        foreach (var scope in scopes)
        {
            w.WriteStringValue(scope);
        }

        w.WriteEndArray();
        if (credential is not null)
        {
            w.WriteStartObject("auth");
            w.WriteString(credential.Kind == GatewayCredentialKind.Password ? "password" : "token", credential.Value);
            w.WriteEndObject();
        }
    }

    private async Task HandshakeWithFallbacksAsync(CancellationToken cancellationToken)
    {
        var credentials = Endpoint.Credentials.Count == 0 ? [null] : Endpoint.Credentials.Cast<GatewayCredential?>().ToList();
        var rejected = new List<string>();
        for (var ci = 0; ci < credentials.Count; ci++)
        {
            var credential = credentials[ci];
            Hello? lastHello = null;
            GatewayException? deviceRequired = null;
            var nextCredential = false;
            var identities = _options.ClientIdentities?.Select(i => new ClientIdentity(i.Id, i.Mode)).ToArray() ?? Identities;
            foreach (var identity in identities)
            {
                GatewayConnection connection;
                Hello hello;
                try
                {
                    (connection, hello) = await AttemptWithStartupRetriesAsync(credential, identity, cancellationToken);
                }
                catch (GatewayException e) when (e.IsCredentialMismatch)
                {
                    rejected.Add(credential?.Source ?? "(none)");
                    if (ci + 1 < credentials.Count)
                    {
                        nextCredential = true;
                        break;
                    }

                    throw Rewrap(e, $"The OpenClaw gateway at {Endpoint.Url} rejected the {Describe(credential)} ({e.DetailsCode}). Tried: {string.Join(", ", rejected)}.");
                }
                catch (GatewayException e) when (e.DetailsCode == "DEVICE_IDENTITY_REQUIRED" || (credential is null && e.DetailsCode == "AUTH_TOKEN_MISSING"))
                {
                    deviceRequired = e;
                    continue;
                }

                var missing = _options.RequiredScopes.Except(hello.Scopes, StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    lastHello = hello;
                    await connection.DisposeAsync();
                    continue;
                }

                Adopt(connection, hello, credential, identity);
                return;
            }

            if (nextCredential)
            {
                continue;
            }

            if (lastHello is { } h && h.Scopes.Count > 0)
            {
                throw new GatewayException(
                    GatewayException.ScopesCode,
                    $"The OpenClaw gateway at {Endpoint.Url} granted only [{string.Join(", ", h.Scopes)}]; session-closer needs [{string.Join(", ", _options.RequiredScopes)}].",
                    ExitCode.Refused,
                    method: "connect");
            }

            if (deviceRequired is not null && lastHello is null)
            {
                throw credential is null
                    ? Rewrap(deviceRequired, $"The OpenClaw gateway at {Endpoint.Url} requires a token or password, and none was found (--token/--password, gateway.auth.token/password in the config, OPENCLAW_GATEWAY_TOKEN/PASSWORD).")
                    : Rewrap(deviceRequired, $"The OpenClaw gateway at {Endpoint.Url} requires a paired device identity for this connection ({deviceRequired.GatewayMessage}); session-closer does not do device pairing.");
            }

            var version = lastHello is { ServerVersion.Length: > 0 } lh ? $" ({lh.ServerVersion})" : string.Empty;
            throw new GatewayException(
                GatewayException.ScopesCode,
                $"The OpenClaw gateway at {Endpoint.Url}{version} accepted the connection but granted no scopes: this OpenClaw version needs device pairing (2026.3.13 – 2026.4.14 do). Update OpenClaw or use the openclaw CLI.",
                ExitCode.Refused,
                method: "connect",
                detailsCode: deviceRequired?.DetailsCode);
        }

        throw new UnreachableException();
    }

    private async Task<(GatewayConnection, Hello)> AttemptWithStartupRetriesAsync(GatewayCredential? credential, ClientIdentity identity, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await AttemptAsync(credential, identity, cancellationToken);
            }
            catch (GatewayException e) when (e.Code == "UNAVAILABLE" && e.Retryable && attempt < _options.MaxUnavailableRetries)
            {
                await Task.Delay(RetryDelay(e), cancellationToken); // 9.x refuses connect while starting
            }
        }
    }

    private async Task<(GatewayConnection, Hello)> AttemptAsync(GatewayCredential? credential, ClientIdentity identity, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        GatewayConnection connection;
        try
        {
            connection = await GatewayConnection.OpenAsync(Endpoint.Url, _options.OnEvent, _options.MaxMessageBytes, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayException(
                GatewayException.TimeoutCode,
                $"Cannot connect to the OpenClaw gateway at {Endpoint.Url}: no WebSocket within {_options.ConnectTimeout.TotalSeconds:0.#} s.",
                method: "connect");
        }

        try
        {
            // The challenge arrives within milliseconds; its nonce only matters for device signing, so do not insist.
            await Task.WhenAny(connection.Challenge, Task.Delay(TimeSpan.FromSeconds(5), timeout.Token));
            var scopes = GatewayScopes.All.Union(_options.RequiredScopes, StringComparer.Ordinal).ToList();
            var id = NextId();
            var frame = GatewayFrames.BuildRequest(
                id,
                "connect",
                w => WriteConnectParams(w, identity.Id, identity.Mode, _options.ClientVersion, scopes, credential));
            var response = await connection.RequestAsync(id, "connect", frame, _options.ConnectTimeout, cancellationToken);
            if (!response.Ok)
            {
                throw GatewayException.FromError("connect", response.Error);
            }

            return (connection, ParseHello(response.Payload));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw new GatewayException(GatewayException.TimeoutCode, $"The OpenClaw gateway at {Endpoint.Url} did not complete the handshake in time.", method: "connect");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void Adopt(GatewayConnection connection, Hello hello, GatewayCredential? credential, ClientIdentity identity)
    {
        _connection = connection;
        _credential = credential;
        _identity = identity;
        ServerVersion = hello.ServerVersion;
        Version = OpenClawVersion.TryParse(hello.ServerVersion);
        Protocol = hello.Protocol;
        Scopes = hello.Scopes;
        Snapshot = hello.Snapshot;
    }

    private bool CanReconnect(GatewayConnection connection) =>
        _options.ReconnectOnRestart
        && (connection.CloseStatus is ServiceRestart or WebSocketCloseStatus.EndpointUnavailable || connection.ShutdownAnnounced);

    private async Task<GatewayConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var current = _connection;
        if (current is { IsOpen: true })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            current = _connection ?? throw new InvalidOperationException("Not connected.");
            if (current.IsOpen)
            {
                return current;
            }

            if (!current.Closed.IsCompleted)
            {
                // The socket left Open but the loop has not finished; give it a moment to record why.
                await current.Closed.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }

            if (!CanReconnect(current))
            {
                throw new GatewayException(
                    GatewayException.ConnectionLostCode,
                    $"OpenClaw gateway connection {current.DescribeClose()}.");
            }

            await current.DisposeAsync();
            var previousStateDir = Snapshot.StateDir;
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.ReconnectBudget.TotalSeconds * Stopwatch.Frequency);
            var delay = TimeSpan.FromSeconds(1);
            GatewayException? last = null;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                try
                {
                    var (connection, hello) = await AttemptWithStartupRetriesAsync(_credential, _identity, cancellationToken);
                    if (_options.RequiredScopes.Except(hello.Scopes, StringComparer.Ordinal).Any()
                        || (previousStateDir is not null && hello.Snapshot.StateDir != previousStateDir))
                    {
                        await connection.DisposeAsync();
                        throw new GatewayException(
                            GatewayException.ConnectionLostCode,
                            $"The OpenClaw gateway at {Endpoint.Url} came back with other scopes or another state dir ({hello.Snapshot.StateDir}); not continuing.",
                            ExitCode.Refused);
                    }

                    Adopt(connection, hello, _credential, _identity);
                    Reconnects++;
                    return connection;
                }
                catch (GatewayException e) when (e.Code is GatewayException.UnreachableCode or GatewayException.TimeoutCode or "UNAVAILABLE"
                    || (e.Code == GatewayException.ConnectionLostCode && e.ExitCode != ExitCode.Refused))
                {
                    last = e;
                }
            }

            throw new GatewayException(
                GatewayException.ConnectionLostCode,
                $"The OpenClaw gateway at {Endpoint.Url} restarted and did not accept a connection within {_options.ReconnectBudget.TotalSeconds:0} s.",
                innerException: last);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private Task<JsonElement> PatchArchivedAsync(string key, string sessionId, bool withExpected, CancellationToken cancellationToken) =>
        CallAsync(
            "sessions.patch",
            w =>
            {
                w.WriteString("key", key);
                w.WriteBoolean("archived", true);
                if (withExpected)
                {
                    w.WriteString("expectedSessionId", sessionId);
                }
            },
            cancellationToken: cancellationToken);

    private TimeSpan RetryDelay(GatewayException e)
    {
        var ms = Math.Clamp(e.RetryAfterMs ?? 500, 50, (int)_options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }

    private string NextId() => "sc-" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private GatewayException NotSupported(string method, string what, string since) =>
        new(
            GatewayException.NotSupportedCode,
            $"OpenClaw {ServerVersion} does not support {what} over the gateway (needs {since} or later).",
            ExitCode.Refused,
            method);

    private static GatewayException Rewrap(GatewayException e, string message) =>
        new(e.Code, message, e.ExitCode, e.Method, e.DetailsCode, e.DetailsReason, e.Retryable, e.RetryAfterMs, e.Details, e);

    private static string Describe(GatewayCredential? credential) =>
        credential is null ? "connection without a secret" : $"{(credential.Kind == GatewayCredentialKind.Password ? "password" : "token")} from {credential.Source}";

    private static string? AgentIdFromKey(string key)
    {
        var parts = key.Split(':');
        return parts.Length >= 3 && parts[0] == "agent" && parts[1].Length > 0 ? parts[1] : null;
    }

    private static string NodePlatform() =>
        OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";

    private static string ReadOwnVersion()
    {
        var info = typeof(GatewayClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = info?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        var version = plus >= 0 ? info![..plus] : info;
        return string.IsNullOrWhiteSpace(version) ? "0.0.0" : version;
    }

    private static JsonElement Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    private static string? Str(JsonElement e, string name) => GatewayException.GetString(e, name);

    private static bool Bool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static long? Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : null;

    internal sealed record Hello(string ServerVersion, int Protocol, IReadOnlyList<string> Scopes, GatewaySnapshot Snapshot);

    private sealed record ClientIdentity(string Id, string Mode);
}
