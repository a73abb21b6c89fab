using SessionCloser.Closing;
using SessionCloser.Sessions;

namespace SessionCloser.Tests.Selecting;

/// <summary>A stored session for evaluation tests: a key, its sessionId, updatedAt and facts.</summary>
internal sealed record TestRecord(string Key, string? SessionId, double? UpdatedAt, SessionFacts Facts) : ISessionRecord
{
    public static TestRecord Of(string key, double? updatedAt = 1000, string? label = null, string? chatType = null, bool spawned = false, bool archived = false) =>
        new(key, "sid-" + key, updatedAt, new SessionFacts(label, chatType, spawned, archived));
}

/// <summary>Evaluates selectors over records the way a store's close does (agent <c>a</c>).</summary>
internal static class SelectorTestStore
{
    public const string Agent = "a";

    public static CloseRequest Request(SelectorCriteria criteria) => new()
    {
        StorePath = "/nonexistent/sessions.json",
        AgentId = Agent,
        Mode = CloseMode.Close,
        Arguments = [],
        DryRun = true,
        Selector = criteria,
    };

    /// <summary>Every session's newest key with its verdict.</summary>
    public static Dictionary<string, SelectorVerdict> Evaluate(SelectorCriteria criteria, IEnumerable<TestRecord> records, bool protect = true)
    {
        var selection = new Selection<TestRecord>(Request(criteria), records);
        return SelectorEvaluation.Evaluate(criteria, selection, protect).ToDictionary(v => v.Key.Newest.Key, v => v.Value, StringComparer.Ordinal);
    }

    public static HashSet<string> Picked(SelectorCriteria criteria, IEnumerable<TestRecord> records, bool protect = true) =>
        [.. Evaluate(criteria, records, protect).Where(v => v.Value.Picked).Select(v => v.Key)];

    public static SessionGlob Glob(string pattern) => SessionGlob.TryParse(pattern, out var problem) ?? throw new ArgumentException(problem, nameof(pattern));
}
