using SessionCloser.Closing;
using SessionCloser.Keys;
using SessionCloser.Listing;
using SessionCloser.Sessions;

namespace SessionCloser.Backends;

/// <summary>
/// <c>list</c> with selectors: the rows of one store that the selectors pick, by the same evaluation a selector
/// <c>close</c> makes (<see cref="SelectorEvaluation"/>), over every row of the store (keep-last counts them all),
/// but without protection: a main or group session that meets the conditions is shown.
/// </summary>
internal static class ListSelection
{
    public static IReadOnlyList<ListedSession> Filter(IReadOnlyList<ListedSession> rows, SelectorCriteria criteria, string agentId, string mainKey, KeyCaseRules keyRules)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(criteria);
        var request = new CloseRequest
        {
            StorePath = "",
            AgentId = agentId,
            Mode = CloseMode.Close,
            Arguments = [],
            MainKey = mainKey,
            KeyRules = keyRules,
            DryRun = true,
            Selector = criteria,
        };
        var records = rows.Select(row => new ListedRecord(row)).ToList();
        var selection = new Selection<ListedRecord>(request, records);
        var picked = SelectorEvaluation.Evaluate(criteria, selection, protect: false)
            .Where(v => v.Value.Picked)
            .SelectMany(v => v.Key)
            .ToHashSet();
        return [.. records.Where(picked.Contains).Select(r => r.Row)];
    }

    /// <summary>A listed row as the evaluation reads it.</summary>
    private sealed class ListedRecord(ListedSession row) : ISessionRecord
    {
        public ListedSession Row => row;

        public string Key => row.Key;

        public string? SessionId => row.SessionId;

        public double? UpdatedAt => row.UpdatedAt;

        // The row's archived mark is the one list shows (a gateway row may be newer than the stored entry).
        public SessionFacts Facts => row.Facts with { Archived = row.Archived };
    }
}
