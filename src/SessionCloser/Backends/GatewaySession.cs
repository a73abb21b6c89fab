using System.Text.Json;
using SessionCloser.Gateway;
using SessionCloser.Sessions;

namespace SessionCloser.Backends;

/// <summary>A session as the gateway backend knows it: from the store file the gateway serves, its own list, or both.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="SessionId">The id to guard the delete with; null when only <c>sessions.resolve</c> saw the key.</param>
/// <param name="UpdatedAt">Epoch milliseconds.</param>
/// <param name="HasActiveRun">The gateway reports a run in progress.</param>
/// <param name="Listed">Its <c>sessions.list</c> row as JSON text (kept in the operation log); null when the gateway did not list it.</param>
internal sealed record GatewaySession(string Key, string? SessionId, double? UpdatedAt, bool HasActiveRun, string? Listed = null) : ISessionRecord
{
    /// <summary>What selectors read: from the store file's entry or the database row when there is one, else from the gateway's row.</summary>
    public SessionFacts Facts { get; init; } = SessionFacts.None;

    /// <summary>A <c>sessions.list</c> row's facts, read as <c>list</c> reads the row (archived: <c>archived</c> or <c>archivedAt</c>).</summary>
    public static SessionFacts FactsOf(GatewaySessionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var chatType = JsonFields.GetString(row.Raw, "chatType") ?? (row.Kind == "group" ? "group" : null);
        return new SessionFacts(row.Label, chatType, IsTruthy(row.Raw, "spawnedBy"), row.Archived || row.ArchivedAt is not null);
    }

    /// <summary>JavaScript truthiness of a field: present and not false, null, 0 or "".</summary>
    private static bool IsTruthy(JsonElement row, string name) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Length > 0,
            JsonValueKind.Number => value.GetDouble() != 0,
            JsonValueKind.True or JsonValueKind.Object or JsonValueKind.Array => true,
            _ => false,
        };
}
