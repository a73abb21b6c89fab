using System.Text.Json;
using static SessionCloser.Gateway.JsonFields;

namespace SessionCloser.Gateway;

/// <summary>What session-closer reads from the <c>hello-ok</c> that answers <c>connect</c> (reference §3 step 4).</summary>
/// <param name="ServerVersion">server.version as sent (e.g. "2026.7.35"); empty when the server did not say.</param>
/// <param name="Protocol">The negotiated protocol (3 up to 2026.5.7, 4 from 5.12).</param>
/// <param name="Scopes">auth.scopes: what this connection may actually do (the requested ones may have been cleared).</param>
/// <param name="Snapshot">Which state the gateway owns (4.14 hides it from a connection without admin).</param>
/// <param name="TickInterval">policy.tickIntervalMs: how often the gateway sends a <c>tick</c> event (30 s on 7.35 and 9.6).</param>
internal sealed record HelloOk(string ServerVersion, int Protocol, IReadOnlyList<string> Scopes, GatewaySnapshot Snapshot, TimeSpan TickInterval)
{
    /// <summary>OpenClaw's own client assumes 30 s when hello-ok does not say (client.ts <c>tickIntervalMs = 3e4</c>).</summary>
    public static readonly TimeSpan DefaultTickInterval = TimeSpan.FromSeconds(30);

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
                GetString(snapshot, "authMode")),
            GetInt(GetObject(payload, "policy"), "tickIntervalMs") is int tick && tick > 0 ? TimeSpan.FromMilliseconds(tick) : DefaultTickInterval);
    }

    /// <summary>Every scope in <paramref name="required"/> was granted.</summary>
    public bool Grants(IEnumerable<string> required) => !required.Except(Scopes, StringComparer.Ordinal).Any();
}
