using System.Text.Json;
using static SessionCloser.Gateway.JsonFields;

namespace SessionCloser.Gateway;

/// <summary>What session-closer reads from the <c>hello-ok</c> that answers <c>connect</c> (reference §3 step 4).</summary>
/// <param name="ServerVersion">server.version as sent (e.g. "2026.7.35"); empty when the server did not say.</param>
/// <param name="Protocol">The negotiated protocol (3 up to 2026.5.7, 4 from 5.12).</param>
/// <param name="Scopes">auth.scopes: what this connection may actually do (the requested ones may have been cleared).</param>
/// <param name="Snapshot">Which state the gateway owns (4.14 hides it from a connection without admin).</param>
internal sealed record HelloOk(string ServerVersion, int Protocol, IReadOnlyList<string> Scopes, GatewaySnapshot Snapshot)
{
    /// <summary>Reads the connect response's payload leniently; only a payload that is not hello-ok is refused (PROTOCOL).</summary>
    public static HelloOk Parse(JsonElement payload)
    {
        if (GetString(payload, "type") != "hello-ok")
        {
            throw new GatewayException(GatewayException.ProtocolCode, "OpenClaw gateway connect: the answer is not hello-ok.", method: "connect");
        }

        var snapshot = GetObject(payload, "snapshot");
        var defaults = GetObject(snapshot, "sessionDefaults");
        return new HelloOk(
            GetString(GetObject(payload, "server"), "version") ?? string.Empty,
            GetInt(payload, "protocol") ?? 0,
            GetStrings(GetObject(payload, "auth"), "scopes"),
            new GatewaySnapshot(
                GetString(snapshot, "stateDir"),
                GetString(snapshot, "configPath"),
                GetString(defaults, "mainSessionKey"),
                GetString(defaults, "defaultAgentId"),
                GetString(snapshot, "authMode")));
    }

    /// <summary>Every scope in <paramref name="required"/> was granted.</summary>
    public bool Grants(IEnumerable<string> required) => !required.Except(Scopes, StringComparer.Ordinal).Any();
}
