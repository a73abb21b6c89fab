using System.Text.Json;

namespace SessionCloser.Gateway;

/// <summary>Reading hello-ok and <c>sessions.list</c> rows, leniently: missing or mistyped fields become null.</summary>
internal sealed partial class GatewayClient
{
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

    private static string? AgentIdFromKey(string key)
    {
        var parts = key.Split(':');
        return parts.Length >= 3 && parts[0] == "agent" && parts[1].Length > 0 ? parts[1] : null;
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
}
