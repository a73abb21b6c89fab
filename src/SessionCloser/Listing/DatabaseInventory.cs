using SessionCloser.Database;
using SessionCloser.Store;

namespace SessionCloser.Listing;

/// <summary>
/// Rows for <c>list</c> from an agent database (era C): every <c>session_nodes</c> row, archived and cron runs
/// included, newest first, as <c>openclaw sessions --json --limit all</c> lists them.
/// </summary>
internal static class DatabaseInventory
{
    private const string NotServed = "entry_json does not match the row's current_session_id/updated_at (or is not a JSON object): OpenClaw does not serve this row";

    public static IReadOnlyList<ListedSession> Rows(string agentId, IReadOnlyList<DatabaseSession> sessions, Func<string, bool> isProtected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(isProtected);
        var nowMs = now.ToUnixTimeMilliseconds();
        return [.. sessions.Select(session => Row(agentId, session, isProtected, nowMs))];
    }

    /// <summary>One row, made when it is read (what <c>report</c> counts without holding the rows).</summary>
    public static ListedSession Row(string agentId, DatabaseSession session, Func<string, bool> isProtected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(isProtected);
        return Row(agentId, session, isProtected, now.ToUnixTimeMilliseconds());
    }

    private static ListedSession Row(string agentId, DatabaseSession session, Func<string, bool> isProtected, long now)
    {
        var fields = session.Fields;
        IReadOnlyList<string> problems = session.IsServedByOpenClaw ? [] : [NotServed];

        var flags = (isProtected(session.Key) ? SessionMarks.Protected : SessionMarks.None)
            | (session.Archived ? SessionMarks.Archived : SessionMarks.None)
            | (session.Pinned ? SessionMarks.Pinned : SessionMarks.None)
            | (problems.Count > 0 ? SessionMarks.Invalid : SessionMarks.None);
        return new ListedSession
        {
            AgentId = agentId,
            Key = session.Key,
            SessionId = session.SessionId,
            UpdatedAt = session.UpdatedAt,
            AgeMs = Math.Max(0, now - session.UpdatedAt),
            Label = session.ListedLabel(fields),
            Facts = session.Facts(fields),
            DisplayKind = SessionDisplayKind.Of(session.Key, fields ?? new EntryFields()),
            Flags = flags,
            ArchivedAt = session.ArchivedAt,
            Problems = problems,
            EntryJson = fields is null ? null : session.Entry,
        };
    }
}
