using System.Text.Json;
using SessionCloser.Eras;

namespace SessionCloser.Gateway;

/// <summary>One connect attempt: open the socket, await the challenge, send <c>connect</c>, read hello-ok.</summary>
internal sealed partial class GatewayClient
{
    private const int ClientMinProtocol = 3;
    private const int ClientMaxProtocol = 4;
    private const string Role = "operator";

    private async Task<(GatewayConnection, Hello)> AttemptWithStartupRetriesAsync(GatewayCredential? credential, ClientIdentity identity, GatewayDeviceIdentity? device, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await AttemptAsync(credential, identity, device, cancellationToken);
            }
            catch (GatewayException e) when (e.Code == "UNAVAILABLE" && e.Retryable && attempt < _options.MaxUnavailableRetries)
            {
                await Task.Delay(RetryDelay(e), cancellationToken); // 9.x refuses connect while starting
            }
        }
    }

    private async Task<(GatewayConnection, Hello)> AttemptAsync(GatewayCredential? credential, ClientIdentity identity, GatewayDeviceIdentity? device, CancellationToken cancellationToken)
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
            // The challenge arrives within milliseconds; only a device connect needs its nonce (SignChallenge insists).
            await Task.WhenAny(connection.Challenge, Task.Delay(TimeSpan.FromSeconds(5), timeout.Token));
            var scopes = GatewayScopes.All.Union(_options.RequiredScopes, StringComparer.Ordinal).ToList();
            var proof = device is null ? null : SignChallenge(connection, device, identity, scopes, credential);
            var id = NextId();
            var frame = GatewayFrames.BuildRequest(
                id,
                "connect",
                w => WriteConnectParams(w, identity.Id, identity.Mode, _options.ClientVersion, scopes, credential, proof));
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

    private void Adopt(GatewayConnection connection, Hello hello, GatewayCredential? credential, ClientIdentity identity, GatewayDeviceIdentity? device)
    {
        _connection = connection;
        _credential = credential;
        _identity = identity;
        _device = device;
        ServerVersion = hello.ServerVersion;
        Version = OpenClawVersion.TryParse(hello.ServerVersion);
        Protocol = hello.Protocol;
        Scopes = hello.Scopes;
        Snapshot = hello.Snapshot;
    }

    internal static void WriteConnectParams(Utf8JsonWriter w, string clientId, string clientMode, string clientVersion, IEnumerable<string> scopes, GatewayCredential? credential, DeviceProof? device = null)
    {
        w.WriteNumber("minProtocol", ClientMinProtocol);
        w.WriteNumber("maxProtocol", ClientMaxProtocol);
        w.WriteStartObject("client");
        w.WriteString("id", clientId);
        w.WriteString("version", clientVersion);
        w.WriteString("platform", NodePlatform());
        w.WriteString("mode", clientMode);
        w.WriteEndObject();
        w.WriteString("role", Role);
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

        device?.Write(w);
    }

    /// <summary>Signs this connection's challenge nonce; signedAt is the challenge's ts, as the 9.x docs require.</summary>
    private DeviceProof SignChallenge(GatewayConnection connection, GatewayDeviceIdentity device, ClientIdentity identity, IReadOnlyList<string> scopes, GatewayCredential? credential)
    {
        var challenge = connection.Challenge.IsCompletedSuccessfully ? connection.Challenge.Result : default;
        if (Str(challenge, "nonce") is not { Length: > 0 } nonce)
        {
            throw new GatewayException(GatewayException.ProtocolCode, $"The OpenClaw gateway at {Endpoint.Url} sent no connect.challenge nonce to sign.", method: "connect");
        }

        var signedAt = Long(challenge, "ts") ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var token = credential is { Kind: GatewayCredentialKind.Token } ? credential.Value : null;
        return DeviceProof.Create(device, new DeviceAuthFields(identity.Id, identity.Mode, Role, scopes, signedAt, token, nonce, NodePlatform(), DeviceFamily: null));
    }

    private static string NodePlatform() =>
        OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";
}
