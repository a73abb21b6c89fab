using SessionCloser.Keys;
using SessionCloser.Store;

namespace SessionCloser.Listing;

/// <summary>OpenClaw's display kind of a stored session (2026.7.35 <c>classifySessionKind</c>): sentinel, cron, spawn-child, group, else direct.</summary>
internal static class SessionDisplayKind
{
    public static string Of(string key, EntryFields fields) => key switch
    {
        "global" => "global",
        "unknown" => "unknown",
        _ when SessionKeys.Classify(key) is SessionKeyKind.Cron or SessionKeyKind.CronRun => "cron",
        _ when fields.IsSpawned => "spawn-child",
        _ when fields.ChatType is "group" or "channel" => "group",
        _ when key.Contains(":group:", StringComparison.Ordinal) || key.Contains(":channel:", StringComparison.Ordinal) => "group",
        _ => "direct",
    };
}
