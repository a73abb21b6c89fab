using System.Text.Json;
using static SessionCloser.Gateway.JsonFields;

namespace SessionCloser.Gateway;

/// <summary>
/// The <c>connect</c> request (reference §3 step 3; a closed schema): protocols 3–4, the client identity, role operator,
/// the scopes, the shared secret, and, when the attempt carries one, our device signing the challenge.
/// </summary>
internal static class ConnectRequest
{
    private const int MinProtocol = 3;
    private const int MaxProtocol = 4;
    private const string Role = "operator";

    /// <summary>The request frame for <paramref name="attempt"/> and its id; <paramref name="challenge"/> is the connect.challenge payload, when it came.</summary>
    public static (string Id, byte[] Frame) Build(RequestIds ids, HandshakeAttempt attempt, string clientVersion, IReadOnlyList<string> scopes, JsonElement challenge, Uri url)
    {
        var proof = attempt.Device is { } device ? SignChallenge(challenge, device, attempt, scopes, url) : null;
        var id = ids.Next();
        return (id, GatewayFrames.BuildRequest(
            id,
            "connect",
            w => WriteParams(w, attempt.Identity.Id, attempt.Identity.Mode, clientVersion, scopes, attempt.Credential, proof)));
    }

    public static void WriteParams(Utf8JsonWriter w, string clientId, string clientMode, string clientVersion, IEnumerable<string> scopes, GatewayCredential? credential, DeviceProof? device = null)
    {
        w.WriteNumber("minProtocol", MinProtocol);
        w.WriteNumber("maxProtocol", MaxProtocol);
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

    /// <summary>Signs the challenge nonce (no nonce, no device connect); signedAt is the challenge's ts, as the 9.x docs require.</summary>
    private static DeviceProof SignChallenge(JsonElement challenge, GatewayDeviceIdentity device, HandshakeAttempt attempt, IReadOnlyList<string> scopes, Uri url)
    {
        if (GetString(challenge, "nonce") is not { Length: > 0 } nonce)
        {
            throw new GatewayException(GatewayException.ProtocolCode, $"The OpenClaw gateway at {url} sent no connect.challenge nonce to sign.", method: "connect");
        }

        var signedAt = GetLong(challenge, "ts") ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var token = attempt.Credential is { Kind: GatewayCredentialKind.Token } credential ? credential.Value : null;
        return DeviceProof.Create(device, new DeviceAuthFields(attempt.Identity.Id, attempt.Identity.Mode, Role, scopes, signedAt, token, nonce, NodePlatform(), DeviceFamily: null));
    }

    // Node's process.platform, which OpenClaw's own clients send.
    private static string NodePlatform() =>
        OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";
}
