using SessionCloser.Keys;

namespace SessionCloser.Reporting;

/// <summary>
/// A session's kind as the report counts it: the key's <see cref="SessionKindNames"/> name, refined by what
/// <c>list</c> shows of the entry (its display kind): a spawned child under a plain key is a <c>subagent</c>, and a chat
/// typed group or channel under a plain key is a <c>group</c>.
/// </summary>
internal static class ReportKinds
{
    /// <summary>The kind of every row, in order.</summary>
    public static string[] Of(IReadOnlyList<Listing.ListedSession> rows, string mainKey)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var kinds = new string[rows.Count];
        var i = 0;
        foreach (var row in rows)
        {
            kinds[i++] = Of(row.Key, row.DisplayKind, mainKey);
        }

        return kinds;
    }

    public static string Of(string key, string? displayKind, string mainKey)
    {
        var kind = SessionKindNames.Name(SessionKeys.Classify(key, mainKey));
        return (displayKind, kind) switch
        {
            ("spawn-child", "direct" or "other" or "explicit") => "subagent",
            ("group", "direct" or "other") => "group",
            _ => kind,
        };
    }
}
