using System.Text.RegularExpressions;

namespace SessionCloser.Fixtures.Selectors;

/// <summary>A selector run's options, as the oracle reads them (the CLI's <c>--older-than</c>, <c>--match</c>, …).</summary>
public sealed record SelectorQuery
{
    public TimeSpan? OlderThan { get; init; }

    public IReadOnlyList<string> Match { get; init; } = [];

    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>true: <c>--archived</c>; false: <c>--active</c>; null: both.</summary>
    public bool? Archived { get; init; }

    public IReadOnlyList<string> Except { get; init; } = [];

    public int? KeepLast { get; init; }

    public bool IncludeGroups { get; init; }

    public bool Force { get; init; }

    /// <summary>The command-line words of this query, in the agreed CLI surface.</summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>();
        if (OlderThan is { } olderThan)
        {
            args.AddRange(["--older-than", olderThan.TotalDays == Math.Floor(olderThan.TotalDays) ? $"{olderThan.TotalDays:0}d" : $"{olderThan.TotalHours:0}h"]);
        }

        foreach (var glob in Match)
        {
            args.AddRange(["--match", glob]);
        }

        foreach (var kind in Kinds)
        {
            args.AddRange(["--kind", kind]);
        }

        if (Archived is { } archived)
        {
            args.Add(archived ? "--archived" : "--active");
        }

        foreach (var except in Except)
        {
            args.AddRange(["--except", except]);
        }

        if (KeepLast is { } keepLast)
        {
            args.AddRange(["--keep-last", keepLast.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (IncludeGroups)
        {
            args.Add("--include-groups");
        }

        if (Force)
        {
            args.Add("--force");
        }

        return args;
    }

    public override string ToString() => string.Join(' ', Arguments());
}

/// <summary>
/// The tests' own answer to "which sessions does this selector run close?", written from the documented semantics
/// (docs/cli.md, issue 12) in a few lines of plain logic over <see cref="SelectorSession"/>s, whose kinds are known by
/// construction. It never calls session-closer.
/// </summary>
public static class SelectorOracle
{
    private static readonly HashSet<string> GroupKinds = ["group", "channel", "thread", "topic"];
    private static readonly HashSet<string> GroupChatTypes = ["group", "channel", "thread"];

    /// <summary>Why a session is never picked by this query, or null when it may be.</summary>
    public static string? Protection(SelectorSession session, SelectorQuery query)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(query);
        return session.Kind is "main" or "global" or "unknown" ? "protected"
            : session.RunInProgress && !query.Force ? "in progress"
            : !query.IncludeGroups && (GroupKinds.Contains(session.Kind) || (session.ChatType is { } chat && GroupChatTypes.Contains(chat))) ? "group"
            : null;
    }

    /// <summary>The sessions the run closes, of every store given (each agent's stores are judged on their own).</summary>
    public static IReadOnlyList<SelectorSession> Picks(IEnumerable<SelectorSession> sessions, SelectorQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(query);
        var all = sessions.ToList();
        var globs = query.Match.Select(Glob).ToList();
        var kinds = query.Kinds.SelectMany(k => k.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList(); // --kind a,b
        var picked = all.Where(s => Protection(s, query) is null
            && (query.OlderThan is not { } olderThan || s.UpdatedAt <= (now - olderThan).ToUnixTimeMilliseconds())
            && (globs.Count == 0 || globs.Any(g => g.IsMatch(s.Key)))
            && (kinds.Count == 0 || kinds.Any(k => IsKind(s, k)))
            && (query.Archived is not { } archived || s.Archived == archived)
            && !query.Except.Contains(s.Key)).ToList();
        if (query.KeepLast is { } keepLast)
        {
            // The newest N of each group (agent, kind, label; cron runs by job) stay, counted over all of the store's sessions.
            var newest = all.GroupBy(s => (s.AgentId, s.Kind, Label: s.Kind == "cron-run" ? s.CronJob : s.Label))
                .SelectMany(g => g.OrderByDescending(s => s.UpdatedAt).Take(keepLast))
                .ToHashSet();
            picked.RemoveAll(newest.Contains);
        }

        return picked;
    }

    /// <summary><c>subagent</c> includes spawned children (a <c>spawnedBy</c> on a session that is not a cron job's).</summary>
    private static bool IsKind(SelectorSession session, string kind) =>
        session.Kind == kind || (kind == "subagent" && session.SpawnedBy is not null && session.Kind is not ("cron" or "cron-run"));

    /// <summary>Shell glob on the whole key: <c>*</c> any run of characters, <c>?</c> one, <c>[...]</c> a class.</summary>
    private static Regex Glob(string glob)
    {
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            var close = c == '[' ? glob.IndexOf(']', i + 1) : -1;
            pattern.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                '[' when close > i + 1 => "[" + glob[(i + 1)..close].Replace("\\", "\\\\", StringComparison.Ordinal).Replace('!', '^') + "]",
                _ => Regex.Escape(c.ToString()),
            });
            if (c == '[' && close > i + 1)
            {
                i = close;
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
