namespace SessionCloser.Closing;

/// <summary>
/// What OpenClaw's own <c>session.maintenance</c> will do to the agent's other sessions on the gateway's next write,
/// as its code does it for the version (policy from the config, OpenClaw's defaults for what it leaves out).
/// </summary>
public sealed record MaintenanceForecast
{
    /// <summary>"enforce" (prunes and caps) or "warn" (only logs).</summary>
    public required string Mode { get; init; }

    /// <summary>Entries older than this (by <c>updatedAt</c>) are pruned: <c>pruneAfter</c>, default 30 days.</summary>
    public required long PruneAfterMs { get; init; }

    /// <summary>The entry cap (<c>maxEntries</c>): 500 by default up to 2026.7, 5000 unarchived rows from 2026.8.</summary>
    public required int MaxEntries { get; init; }

    /// <summary>Entries in the store now.</summary>
    public int? EntryCount { get; init; }

    /// <summary>Other sessions (not closed by this run) the next write prunes for their age; null when not counted.</summary>
    public int? WouldPrune { get; init; }

    /// <summary>Other sessions the next write removes to get back under <see cref="MaxEntries"/>; null when not counted.</summary>
    public int? WouldCap { get; init; }

    /// <summary>Era C (2026.8+): unarchived <c>dashboard:</c> sessions the pass archives (reason stale-dashboard); null when not counted.</summary>
    public int? WouldArchiveStaleDashboards { get; init; }

    /// <summary>Era C: other sessions the background pass archives (hidden from lists, transcript kept: stale dashboards, age-retention, active-session-cap); null when not counted.</summary>
    public int? WouldArchive { get; init; }

    /// <summary>Era C: other sessions the background pass deletes (synthetic automation: sub-agents, cron runs, hooks, heartbeats, ACP); null when not counted.</summary>
    public int? WouldDelete { get; init; }

    /// <summary>Era C: <c>archiveDashboardAfter</c> in ms (0 when disabled); null before 2026.8.</summary>
    public long? ArchiveDashboardAfterMs { get; init; }

    /// <summary>Where each value came from, e.g. "mode: default, pruneAfter: session.maintenance.pruneAfter in /x/openclaw.json".</summary>
    public required string Source { get; init; }

    /// <summary>What is not counted: why nothing was counted when <see cref="WouldPrune"/> is null, else the rules left out (era C: the disk budget).</summary>
    public string? NotCounted { get; init; }

    /// <summary>The next write removes other sessions.</summary>
    public bool Removes => Mode == "enforce" && (WouldPrune ?? 0) + (WouldCap ?? 0) + (WouldArchiveStaleDashboards ?? 0) > 0;
}
