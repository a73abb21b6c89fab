using SessionCloser.Config;
using SessionCloser.Keys;
using SessionCloser.Sessions;

namespace SessionCloser.Closing;

/// <summary>Whether selectors pick a session, and if not, why it stays.</summary>
/// <param name="Picked">Every condition holds and nothing protects it.</param>
/// <param name="Reason">Why it stays (the first protection or condition that left it); null when picked.</param>
internal sealed record SelectorVerdict(bool Picked, string? Reason);

/// <summary>
/// The choice by selectors, the same for every backend and for <c>list</c>: every condition set must hold (AND),
/// within <c>--match</c> and within <c>--kind</c> one value is enough (OR). With protection on (a close) the main
/// session and its aliases, <c>global</c>, <c>unknown</c>, another agent's sessions, and group, channel, thread and
/// topic sessions (also by <c>chatType</c>) unless <c>--include-groups</c> are never picked; <c>list</c> evaluates
/// without protection (it filters, it does not protect). Runs in progress are the backends' to refuse.
/// </summary>
internal static class SelectorEvaluation
{
    private static readonly HashSet<string> GroupKinds = new(["group", "channel", "thread", "topic"], StringComparer.Ordinal);
    private static readonly HashSet<string> GroupChatTypes = new(["group", "channel", "thread"], StringComparer.Ordinal);

    /// <summary>
    /// The session's kind (a <see cref="SessionKindNames"/> name): the key's shape, refined by the entry: a spawned
    /// child is <c>subagent</c>, a <c>chatType</c> group or channel is that. main, global, unknown and cron keys keep
    /// their key's kind.
    /// </summary>
    public static string KindOf(string key, string mainKey, SessionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var kind = SessionKindNames.Name(SessionKeys.Classify(key, mainKey));
        if (kind is "main" or "global" or "unknown" or "cron" or "cron-run" or "subagent")
        {
            return kind;
        }

        if (facts.IsSpawned)
        {
            return "subagent";
        }

        return facts.ChatType is "group" or "channel" && !GroupKinds.Contains(kind) ? facts.ChatType : kind;
    }

    /// <summary>The verdict for every session of <paramref name="selection"/>, in its order.</summary>
    /// <param name="criteria">The selectors.</param>
    /// <param name="selection">Every session of the store (keep-last counts over all of them).</param>
    /// <param name="protect">A close: protected sessions stay. <c>list</c>: false, only the conditions count.</param>
    public static IReadOnlyDictionary<SessionVariants<T>, SelectorVerdict> Evaluate<T>(SelectorCriteria criteria, Selection<T> selection, bool protect)
        where T : class, ISessionRecord
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(selection);
        var request = selection.Request;
        var sessions = selection.Sessions.ToList();
        var kinds = sessions.ToDictionary(s => s, s => KindOf(s.Newest.Key, request.MainKey, s.Newest.Facts));
        var excepted = new Dictionary<SessionVariants<T>, string>();
        foreach (var argument in criteria.Except)
        {
            if (selection.Resolve(argument) is { } match)
            {
                excepted.TryAdd(match.Session, argument);
            }
        }

        var keptLast = criteria.KeepLast is { } keep ? NewestOfEachGroup(sessions, kinds, request.AgentId, keep) : [];
        var verdicts = new Dictionary<SessionVariants<T>, SelectorVerdict>();
        foreach (var session in sessions)
        {
            var reason = (protect ? Protection(criteria, selection, session, kinds[session]) : null)
                ?? (excepted.TryGetValue(session, out var except) ? $"--except {except}" : null)
                ?? Condition(criteria, session, kinds[session])
                ?? (keptLast.TryGetValue(session, out var group) ? group : null);
            verdicts[session] = new SelectorVerdict(reason is null, reason);
        }

        return verdicts;
    }

    /// <summary>Why a protected session stays; null when nothing protects it.</summary>
    private static string? Protection<T>(SelectorCriteria criteria, Selection<T> selection, SessionVariants<T> session, string kind)
        where T : class, ISessionRecord
    {
        if (selection.IsProtected(session))
        {
            return session.Any(s => SessionKeys.IsUnscopedSentinel(s.Key)) ? "protected" : "main session";
        }

        if (!criteria.AnyAgent && !session.All(s => OwnerOf(s.Key, selection.Request.AgentId) == AgentIds.Normalize(selection.Request.AgentId)))
        {
            return "another agent's session";
        }

        if (criteria.IncludeGroups)
        {
            return null;
        }

        if (GroupKinds.Contains(kind))
        {
            return $"{kind} session (use --include-groups)";
        }

        return session.Select(s => s.Facts.ChatType).FirstOrDefault(t => t is not null && GroupChatTypes.Contains(t)) is { } chatType
            ? $"{chatType} chat (chatType {chatType}; use --include-groups)"
            : null;
    }

    /// <summary>The first condition the session fails, as a reason; null when it meets them all.</summary>
    private static string? Condition<T>(SelectorCriteria criteria, SessionVariants<T> session, string kind)
        where T : class, ISessionRecord
    {
        if (criteria.Kinds.Count > 0 && !criteria.Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return $"kind {kind} not selected";
        }

        if (criteria.Match.Count > 0 && !session.Any(s => criteria.Match.Any(glob => glob.IsMatch(s.Key))))
        {
            return "matches no --match";
        }

        var archived = session.Newest.Facts.Archived;
        if (criteria.Archived is { } wanted && archived != wanted)
        {
            return archived ? "archived (--active)" : "not archived (--archived)";
        }

        if (criteria.OlderThanMs is { } olderThan && session.Newest.UpdatedAt is { } updated && updated > 0)
        {
            var age = criteria.NowMs - updated;
            if (age < olderThan)
            {
                return $"newer than {OpenClawDuration.Format(olderThan)} (updated {OpenClawDuration.FormatApproximate((long)Math.Max(0, age))} ago)";
            }
        }

        return null;
    }

    /// <summary>
    /// The newest <paramref name="keep"/> sessions of each group (owner agent, kind, label; cron runs by their job),
    /// with the reason each stays. Counted over every session given, newest <c>updatedAt</c> first (none counts as
    /// oldest), ties by key.
    /// </summary>
    private static Dictionary<SessionVariants<T>, string> NewestOfEachGroup<T>(List<SessionVariants<T>> sessions, Dictionary<SessionVariants<T>, string> kinds, string agentId, int keep)
        where T : class, ISessionRecord
    {
        var kept = new Dictionary<SessionVariants<T>, string>();
        var groups = sessions.GroupBy(s => GroupOf(s, kinds[s], agentId));
        foreach (var group in groups)
        {
            var (_, kind, name) = group.Key;
            var what = kind == "cron-run" ? $" of job {name}" : name is null ? "" : $" labelled \"{name}\"";
            var reason = $"one of the newest {keep} {kind} sessions{what}";
            foreach (var session in group.OrderByDescending(s => s.Newest.UpdatedAt ?? double.NegativeInfinity).ThenBy(s => s.Newest.Key, StringComparer.Ordinal).Take(keep))
            {
                kept[session] = reason;
            }
        }

        return kept;
    }

    /// <summary>The keep-last group of a session: its owner agent, its kind, and its label (a cron run: its job id).</summary>
    internal static (string Agent, string Kind, string? Name) GroupOf<T>(SessionVariants<T> session, string kind, string agentId)
        where T : class, ISessionRecord
    {
        var key = session.Newest.Key;
        var name = kind == "cron-run" ? CronJobOf(key) : session.Newest.Facts.Label;
        return (OwnerOf(key, agentId), kind, name);
    }

    /// <summary>The job of a cron run key (<c>agent:&lt;id&gt;:cron:&lt;job&gt;:run:&lt;run&gt;</c>).</summary>
    internal static string? CronJobOf(string key)
    {
        var rest = SessionKeys.Parse(key)?.Rest ?? key;
        var segments = rest.Split(':');
        return segments.Length >= 4 && segments[0].Equals("cron", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
    }

    /// <summary>The agent a key belongs to; an unscoped key (no <c>agent:&lt;id&gt;:</c>) belongs to the store's agent.</summary>
    private static string OwnerOf(string key, string storeAgentId) => SessionKeys.Parse(key)?.OwnerAgentId ?? AgentIds.Normalize(storeAgentId);
}
