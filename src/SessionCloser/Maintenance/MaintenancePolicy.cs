using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SessionCloser.Closing;
using SessionCloser.Config;
using SessionCloser.Eras;

namespace SessionCloser.Maintenance;

/// <summary>
/// OpenClaw's <c>session.maintenance</c> policy as its code resolves it (2026.7.35 store-maintenance.ts
/// <c>resolveMaintenanceConfigFromInput</c>; 2026.9.6 docs reference/session-management-compaction/maintenance):
/// mode "enforce", <c>pruneAfter</c> "30d" (a bare number is days; the legacy <c>pruneDays</c> too), <c>maxEntries</c>
/// 500 (7.x) or 5000 unarchived rows (8.x+). An unparseable duration falls back to the default, as OpenClaw does.
/// </summary>
internal sealed partial record MaintenancePolicy(string Mode, long PruneAfterMs, int MaxEntries, string Source)
{
    public const long DefaultPruneAfterMs = 30L * 24 * 60 * 60 * 1000;

    /// <summary>2026.9.6 DEFAULT_DASHBOARD_ARCHIVE_AFTER_MS (6048e5, 7 days).</summary>
    public const long DefaultArchiveDashboardAfterMs = 7L * 24 * 60 * 60 * 1000;

    /// <summary><c>archiveDashboardAfter</c> (2026.8+): dashboard sessions inactive this long are archived; 0 when disabled.</summary>
    public long ArchiveDashboardAfterMs { get; init; } = DefaultArchiveDashboardAfterMs;

    /// <summary><c>preserveRecent</c> (2026.8+): interactive sessions active this recently are kept; null (the default) when disabled.</summary>
    public long? PreserveRecentMs { get; init; }

    /// <param name="config">The config root (its <c>session.maintenance</c> is read).</param>
    /// <param name="configPath">Named in <see cref="Source"/>.</param>
    /// <param name="era">C (2026.8+) has other defaults.</param>
    public static MaintenancePolicy From(JsonObject? config, string? configPath, StorageEra era)
    {
        var maintenance = (config?["session"] as JsonObject)?["maintenance"] as JsonObject;
        var where = $"session.maintenance in {configPath ?? "the config"}";
        var sources = new List<string>();
        var mode = Text(maintenance?["mode"]) is { } m ? m : "enforce";
        sources.Add(Text(maintenance?["mode"]) is null ? "mode: OpenClaw's default" : $"mode: {where}");
        var prune = Text(maintenance?["pruneAfter"]) ?? Text(maintenance?["pruneDays"]);
        var pruneAfter = prune is not null && ParseDurationMs(prune) is { } ms ? ms : DefaultPruneAfterMs;
        sources.Add(prune is null ? "pruneAfter: OpenClaw's default" : $"pruneAfter: {where}");
        var defaultMax = era == StorageEra.SqliteBehindGateway ? 5000 : 500;
        var max = maintenance?["maxEntries"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && d == Math.Floor(d) && d is >= 0 and <= int.MaxValue ? (int)d : (int?)null;
        sources.Add(max is null ? "maxEntries: OpenClaw's default" : $"maxEntries: {where}");
        var dashboard = maintenance?["archiveDashboardAfter"] switch
        {
            JsonValue b when b.GetValueKind() == JsonValueKind.False => 0,
            var node when Text(node) is { } raw => ParseDurationMs(raw) ?? DefaultArchiveDashboardAfterMs,
            _ => DefaultArchiveDashboardAfterMs,
        };
        var recent = maintenance?["preserveRecent"] switch
        {
            var node when Text(node) is { } raw => ParseDurationMs(raw) is > 0 and var r ? r : null,
            _ => (long?)null,
        };
        return new MaintenancePolicy(mode, pruneAfter, max ?? defaultMax, string.Join(", ", sources))
        {
            ArchiveDashboardAfterMs = Math.Max(0, dashboard),
            PreserveRecentMs = recent,
        };
    }

    /// <summary>
    /// What a 2026.9.6 gateway's background maintenance pass does to the agent's database after its next write
    /// (planSessionEntryMaintenance, profile "write", store-maintenance.ts): archive unarchived <c>dashboard:</c>
    /// sessions inactive for <see cref="ArchiveDashboardAfterMs"/> (reason stale-dashboard); then every unpreserved
    /// unarchived row whose updatedAt is older than pruneAfter is deleted when it is synthetic automation (sub-agent,
    /// ACP, cron, hook, node, heartbeat, model-run probe) or archived (reason age-retention) otherwise; then, when the
    /// unarchived rows left reach the high-water mark, the oldest eligible ones are capped to maxEntries (synthetic
    /// deleted, others archived). Archived rows, the main session, pinned, running and model-locked sessions,
    /// threads, group/channel/direct conversations and external deliveries are never touched. Rows OpenClaw would not
    /// serve (entry_json not matching the columns) and the keys this run closes are left out.
    /// </summary>
    /// <param name="rows">Every row of the agent's session_nodes.</param>
    /// <param name="closing">Keys this run closes (they go anyway).</param>
    /// <param name="nowMs">Now, epoch ms.</param>
    public MaintenanceForecast ForecastDatabase(IReadOnlyList<SessionCloser.Database.DatabaseSession> rows, IReadOnlySet<string> closing, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(closing);
        // Only unarchived rows OpenClaw serves count (and only theirs are parsed).
        var unarchived = rows.Where(r => r.IsServedByOpenClaw && !closing.Contains(r.Key) && !r.Archived).Select(r => new Row(r)).ToList();
        var left = unarchived.Count;
        int dashboards = 0, ageArchived = 0, ageDeleted = 0, capArchived = 0, capDeleted = 0;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        if (ArchiveDashboardAfterMs > 0)
        {
            var cutoff = nowMs - ArchiveDashboardAfterMs;
            foreach (var row in unarchived.Where(r => Rest(r.Session.Key).StartsWith("dashboard:", StringComparison.Ordinal) && !Preserved(r, nowMs)))
            {
                if (row.ActivityAt > 0 && row.ActivityAt < cutoff)
                {
                    dashboards++;
                    touched.Add(row.Session.Key);
                }
            }
        }

        if (PruneAfterMs > 0)
        {
            var cutoff = nowMs - PruneAfterMs;
            foreach (var row in unarchived.Where(r => !touched.Contains(r.Session.Key) && !Preserved(r, nowMs) && r.Session.UpdatedAt < cutoff))
            {
                _ = IsSynthetic(row.Session.Key) ? ageDeleted++ : ageArchived++;
                touched.Add(row.Session.Key);
            }
        }

        left -= touched.Count;
        if (left >= HighWater(MaxEntries))
        {
            var overflow = left - Math.Max(0, MaxEntries);
            var victims = unarchived.Where(r => !touched.Contains(r.Session.Key) && !Preserved(r, nowMs))
                .OrderBy(r => r.ActivityAt).Take(Math.Max(0, overflow));
            foreach (var row in victims)
            {
                _ = IsSynthetic(row.Session.Key) ? capDeleted++ : capArchived++;
            }
        }

        return new MaintenanceForecast
        {
            Mode = Mode,
            PruneAfterMs = PruneAfterMs,
            MaxEntries = MaxEntries,
            EntryCount = unarchived.Count,
            WouldPrune = ageArchived + ageDeleted,
            WouldCap = capArchived + capDeleted,
            WouldArchiveStaleDashboards = dashboards,
            WouldArchive = dashboards + ageArchived + capArchived,
            WouldDelete = ageDeleted + capDeleted,
            ArchiveDashboardAfterMs = ArchiveDashboardAfterMs,
            Source = Source,
            NotCounted = "the disk budget (maxDiskBytes: only history no live session references), sessions the gateway preserves at run time (active runs, admitted work), and cron run sessions younger than pruneAfter that the cron service removes after cron.sessionRetention (24h by default) on its own schedule",
        };
    }

    /// <summary>shouldPreserveMaintenanceEntry for an unarchived row (2026.9.6).</summary>
    private bool Preserved(Row row, long nowMs)
    {
        var key = row.Session.Key;
        if (row.Session.Pinned && row.Pinnable)
        {
            return true;
        }

        if (row.ModelSelectionLocked || string.Equals(row.Status, "running", StringComparison.Ordinal))
        {
            return true;
        }

        if (PreserveRecentMs is { } recent && !IsSynthetic(key) && row.ActivityAt > 0 && nowMs - row.ActivityAt <= recent)
        {
            return true;
        }

        return IsProtectedDatabaseEntry(key, row.ChatType, row.ExternalDelivery);
    }

    /// <summary>isProtectedSessionMaintenanceEntry (2026.9.6): never for synthetic keys; always for main/global, threads, direct/group/channel conversations and external deliveries.</summary>
    internal static bool IsProtectedDatabaseEntry(string key, string? chatType, bool externalDelivery)
    {
        if (IsSynthetic(key))
        {
            return false;
        }

        var rest = Rest(key).ToLowerInvariant();
        if (key.Equals("global", StringComparison.OrdinalIgnoreCase) || rest == "main")
        {
            return true;
        }

        if (rest.Contains(":thread:", StringComparison.Ordinal) || rest.Contains(":topic:", StringComparison.Ordinal) || externalDelivery
            || rest.StartsWith("direct:", StringComparison.Ordinal) || GroupOrChannel().IsMatch(rest))
        {
            return true;
        }

        return chatType?.ToLowerInvariant() is "group" or "channel" or "thread";
    }

    /// <summary>isSyntheticSessionMaintenanceKey (2026.9.6): sub-agent, ACP, cron, hook, node, heartbeat and model-run probe keys.</summary>
    internal static bool IsSynthetic(string key)
    {
        var rest = Rest(key).ToLowerInvariant();
        return rest.StartsWith("subagent:", StringComparison.Ordinal) || rest.StartsWith("acp:", StringComparison.Ordinal)
            || rest.StartsWith("cron:", StringComparison.Ordinal) || rest.StartsWith("acp-bridge:", StringComparison.Ordinal)
            || rest.StartsWith("hook:", StringComparison.Ordinal) || rest.StartsWith("node:", StringComparison.Ordinal)
            || rest.StartsWith("explicit:model-run-", StringComparison.Ordinal)
            || rest == "heartbeat" || rest.EndsWith(":heartbeat", StringComparison.Ordinal) || rest.Contains(":heartbeat:", StringComparison.Ordinal);
    }

    /// <summary>The entry_json fields the 2026.9.6 maintenance reads.</summary>
    private sealed class Row
    {
        public Row(SessionCloser.Database.DatabaseSession session)
        {
            Session = session;
            JsonObject? entry = null;
            try
            {
                entry = JsonNode.Parse(session.Entry) as JsonObject;
            }
            catch (JsonException)
            {
            }

            ActivityAt = Math.Max(session.UpdatedAt, Math.Max(Number(entry?["lastInteractionAt"]), Math.Max(Number(entry?["lastActivityAt"]), Number(entry?["sessionStartedAt"]))));
            ChatType = Text(entry?["chatType"]) ?? Text((entry?["origin"] as JsonObject)?["chatType"]);
            ExternalDelivery = Text((entry?["delivery"] as JsonObject)?["kind"]) == "external";
            ModelSelectionLocked = entry?["modelSelectionLocked"] is JsonValue l && l.GetValueKind() == JsonValueKind.True;
            Status = session.Status ?? Text(entry?["status"]);
            var spawnedBy = Text(entry?["spawnedBy"]);
            var parent = Text(entry?["parentSessionKey"]);
            var rest = Rest(session.Key).ToLowerInvariant();
            var agent = session.Key.Split(':', 3) is [var a, var id, _] && a.Equals("agent", StringComparison.OrdinalIgnoreCase) ? id.ToLowerInvariant() : null;
            Pinnable = !rest.StartsWith("subagent:", StringComparison.Ordinal) && spawnedBy is null
                && (parent is null || (agent is not null && parent == $"agent:{agent}:main"));
        }

        public SessionCloser.Database.DatabaseSession Session { get; }

        public long ActivityAt { get; }

        public string? ChatType { get; }

        public bool ExternalDelivery { get; }

        public bool ModelSelectionLocked { get; }

        public string? Status { get; }

        public bool Pinnable { get; }

        private static long Number(JsonNode? node) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && d > 0 ? (long)d : 0;
    }

    /// <summary>
    /// What the next write of a 2026.7 gateway does to a <c>sessions.json</c> store (applyEnforcedMaintenance): prune
    /// every unprotected entry whose updatedAt is older than pruneAfter, then, when what is left reaches the high-water
    /// mark (maxEntries + max(25, 10 %); maxEntries + 1 up to 49), keep the newest maxEntries unprotected entries.
    /// </summary>
    /// <param name="entries">Every entry of the store: key, updatedAt (epoch ms), chatType.</param>
    /// <param name="closing">Keys this run closes (not counted: they go anyway).</param>
    /// <param name="nowMs">Now, epoch ms.</param>
    public MaintenanceForecast ForecastStoreFile(IReadOnlyList<(string Key, double? UpdatedAt, string? ChatType)> entries, IReadOnlySet<string> closing, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(closing);
        var cutoff = nowMs - PruneAfterMs;
        var others = entries.Where(e => !closing.Contains(e.Key)).ToList();
        var pruned = others.Where(e => !IsProtected(e.Key, e.ChatType) && e.UpdatedAt is { } u && u < cutoff).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var left = others.Where(e => !pruned.Contains(e.Key)).ToList();
        var capped = 0;
        if (left.Count >= HighWater(MaxEntries))
        {
            var removable = left.Where(e => !IsProtected(e.Key, e.ChatType)).ToList();
            var keep = Math.Max(0, MaxEntries - (left.Count - removable.Count));
            capped = Math.Max(0, removable.Count - keep);
        }

        return new MaintenanceForecast
        {
            Mode = Mode,
            PruneAfterMs = PruneAfterMs,
            MaxEntries = MaxEntries,
            EntryCount = entries.Count,
            WouldPrune = pruned.Count,
            WouldCap = capped,
            Source = Source,
        };
    }

    /// <summary>The policy without counts (sessions in SQLite: 2026.8+ runs it as a background pass after writes).</summary>
    public MaintenanceForecast Uncounted(string why) => new()
    {
        Mode = Mode,
        PruneAfterMs = PruneAfterMs,
        MaxEntries = MaxEntries,
        Source = Source,
        NotCounted = why,
    };

    /// <summary>resolveSessionEntryMaintenanceHighWater (7.35).</summary>
    internal static int HighWater(int maxEntries) =>
        maxEntries <= 0 ? 1
        : maxEntries <= 49 ? maxEntries + 1
        : maxEntries + Math.Max(25, (int)Math.Ceiling(maxEntries * 0.1));

    /// <summary>
    /// isProtectedSessionMaintenanceEntry (7.35): durable conversation pointers (thread and topic keys, group and
    /// channel keys or chat types) are never pruned; synthetic runtime keys (sub-agents, ACP, cron, hooks, nodes,
    /// heartbeats) never protected.
    /// </summary>
    internal static bool IsProtected(string key, string? chatType)
    {
        var rest = Rest(key).ToLowerInvariant();
        var synthetic = rest.StartsWith("subagent:", StringComparison.Ordinal) || rest.StartsWith("acp:", StringComparison.Ordinal)
            || rest.StartsWith("cron:", StringComparison.Ordinal) || rest.StartsWith("acp-bridge:", StringComparison.Ordinal)
            || rest.StartsWith("hook:", StringComparison.Ordinal) || rest.StartsWith("node:", StringComparison.Ordinal)
            || rest == "heartbeat" || rest.EndsWith(":heartbeat", StringComparison.Ordinal) || rest.Contains(":heartbeat:", StringComparison.Ordinal);
        if (synthetic)
        {
            return false;
        }

        if (rest.Contains(":thread:", StringComparison.Ordinal) || rest.Contains(":topic:", StringComparison.Ordinal) || GroupOrChannel().IsMatch(rest))
        {
            return true;
        }

        return chatType?.ToLowerInvariant() is "group" or "channel" or "thread";
    }

    /// <summary>parseDurationMs with defaultUnit "d", as OpenClaw reads <c>pruneAfter</c>.</summary>
    internal static long? ParseDurationMs(string raw) => OpenClawDuration.ParseMs(raw, defaultUnit: "d");

    private static string Rest(string key)
    {
        var parts = key.Split(':', 3);
        return parts.Length == 3 && parts[0].Equals("agent", StringComparison.OrdinalIgnoreCase) ? parts[2] : key;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim() is { Length: > 0 } s ? s : null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    [GeneratedRegex(@"^[^:]+:(?:group|channel):.+$")]
    private static partial Regex GroupOrChannel();
}
