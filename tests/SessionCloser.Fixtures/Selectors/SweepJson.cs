using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures.Selectors;

/// <summary>One session line of a selector run's <c>--json</c> document (a plan or a result).</summary>
public sealed record SweepLine(string AgentId, string StorePath, string Key, string Status, string? SessionId, string? Reason, JsonObject Raw);

/// <summary>One store of a selector run's <c>--json</c> document.</summary>
public sealed record SweepStore(string AgentId, string StorePath, string? OperationId, IReadOnlyList<SweepLine> Lines, JsonObject Raw);

/// <summary>
/// Reads a selector run's <c>--json</c> document: every store object in it (<c>stores[]</c> with <c>agent</c>,
/// <c>store</c> and <c>sessions</c>; also the <c>agentId</c>/<c>storePath</c>/<c>results</c> of one <c>close --json</c>
/// store), wherever the document nests them.
/// </summary>
public static class SweepJson
{
    public static IReadOnlyList<SweepStore> Stores(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var stores = new List<SweepStore>();
        Collect(document, stores);
        return stores;
    }

    /// <summary>(agent, key) of every line with status <paramref name="status"/>.</summary>
    public static IReadOnlyList<SweepLine> Lines(JsonNode document, string? status = null) =>
        [.. Stores(document).SelectMany(s => s.Lines).Where(l => status is null || l.Status == status)];

    private static string? Text(JsonObject obj, string name, string otherName) =>
        (obj[name] ?? obj[otherName]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void Collect(JsonNode? node, List<SweepStore> stores)
    {
        switch (node)
        {
            case JsonObject obj when Text(obj, "agent", "agentId") is { } agentId && Text(obj, "store", "storePath") is { } storePath
                && (obj["sessions"] ?? obj["results"]) is JsonArray results:
                var lines = results.OfType<JsonObject>().Select(r => new SweepLine(
                    agentId, storePath, (string?)r["key"] ?? (string?)r["argument"] ?? "", (string?)r["status"] ?? "", (string?)r["sessionId"], (string?)r["reason"], r)).ToList();
                stores.Add(new SweepStore(agentId, storePath, (string?)obj["operationId"], lines, obj));
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Collect(value, stores);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, stores);
                }

                break;
        }
    }
}
