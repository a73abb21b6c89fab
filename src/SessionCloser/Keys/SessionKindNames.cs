namespace SessionCloser.Keys;

/// <summary>
/// The names people type and read for <see cref="SessionKeyKind"/>s (<c>--kind</c>, <c>report</c>, <c>--json</c>):
/// OpenClaw's own words where it has them (direct, group, channel, thread, topic, cron, subagent, acp, hook, node,
/// heartbeat), kebab-case for the rest. Both project spellings are one kind, <c>project</c>.
/// </summary>
public static class SessionKindNames
{
    /// <summary>Every name, in the order help and reports list them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "main", "project", "direct", "group", "channel", "thread", "topic", "cron", "cron-run", "subagent", "acp", "hook",
        "node", "heartbeat", "model-run", "explicit", "global", "unknown", "other",
    ];

    public static string Name(SessionKeyKind kind) => kind switch
    {
        SessionKeyKind.Main => "main",
        SessionKeyKind.Project or SessionKeyKind.LegacyProject => "project",
        SessionKeyKind.Direct => "direct",
        SessionKeyKind.Group => "group",
        SessionKeyKind.Channel => "channel",
        SessionKeyKind.Thread => "thread",
        SessionKeyKind.Topic => "topic",
        SessionKeyKind.Cron => "cron",
        SessionKeyKind.CronRun => "cron-run",
        SessionKeyKind.Subagent => "subagent",
        SessionKeyKind.Acp => "acp",
        SessionKeyKind.Hook => "hook",
        SessionKeyKind.Node => "node",
        SessionKeyKind.Heartbeat => "heartbeat",
        SessionKeyKind.ModelRun => "model-run",
        SessionKeyKind.Explicit => "explicit",
        SessionKeyKind.Global => "global",
        SessionKeyKind.Unknown => "unknown",
        _ => "other",
    };

    /// <summary>The kinds a name stands for (<c>project</c> is both spellings), or null for a name that is none.</summary>
    public static IReadOnlyList<SessionKeyKind>? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-');
        var kinds = Enum.GetValues<SessionKeyKind>().Where(k => Name(k) == wanted).ToList();
        return kinds.Count == 0 ? null : kinds;
    }
}
