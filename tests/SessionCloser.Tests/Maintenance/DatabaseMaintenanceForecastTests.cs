using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Database;
using SessionCloser.Eras;
using SessionCloser.Maintenance;

namespace SessionCloser.Tests.Maintenance;

/// <summary>The 2026.9.6 background maintenance pass counted from session_nodes rows (planSessionEntryMaintenance, profile "write").</summary>
public sealed class DatabaseMaintenanceForecastTests
{
    private const long Day = 86_400_000;
    private static readonly long Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly MaintenancePolicy Defaults = MaintenancePolicy.From(null, null, StorageEra.SqliteBehindGateway);

    private static DatabaseSession Row(string rest, double ageDays, string? extraJson = null, long? archivedAt = null, long? pinnedAt = null, string? status = null)
    {
        var updatedAt = Now - (long)(ageDays * Day);
        var sessionId = Guid.NewGuid().ToString();
        var entry = JsonNode.Parse(extraJson ?? "{}")!.AsObject();
        entry["sessionId"] = sessionId;
        entry["updatedAt"] = updatedAt;
        return new DatabaseSession($"agent:main:{rest}", sessionId, updatedAt, archivedAt, pinnedAt, status, null, null, entry.ToJsonString());
    }

    [Fact]
    public void Old_durable_sessions_are_archived_old_automation_deleted_and_recent_or_protected_ones_kept()
    {
        DatabaseSession[] rows =
        [
            Row("main", 90),                                  // primary: never
            Row("explicit:old-a", 45),                        // archived (age-retention)
            Row("explicit:old-b", 31),                        // archived
            Row("explicit:fresh", 29),                        // kept
            Row("subagent:s1", 60),                           // deleted
            Row("cron:job:run:r1", 40),                       // deleted
            Row("hook:gmail:x", 35),                          // deleted
            Row("subagent:s2", 2),                            // kept (young)
            Row("telegram:group:42", 80),                     // protected conversation
            Row("slack:channel:c1:thread:t1", 80),            // thread
            Row("direct:bob", 80),                            // direct conversation
            Row("explicit:grp", 80, """{"chatType":"group"}"""),
            Row("explicit:ext", 80, """{"delivery":{"kind":"external"}}"""),
            Row("explicit:pinned", 80, pinnedAt: Now - 100 * Day),
            Row("explicit:running", 80, status: "running"),
            Row("explicit:locked", 80, """{"modelSelectionLocked":true}"""),
            Row("explicit:archived", 80, archivedAt: Now - Day), // already archived: untouched
            Row("explicit:closing", 80),                      // closed by this run
        ];

        var forecast = Defaults.ForecastDatabase(rows, new HashSet<string>(["agent:main:explicit:closing"]), Now);

        (forecast.WouldArchive, forecast.WouldDelete, forecast.WouldPrune, forecast.WouldCap, forecast.WouldArchiveStaleDashboards)
            .Should().Be((2, 3, 5, 0, 0));
        forecast.EntryCount.Should().Be(16, "unarchived rows other than the one closed");
        forecast.Removes.Should().BeTrue();
        forecast.NotCounted.Should().Contain("maxDiskBytes");
    }

    [Fact]
    public void Dashboard_sessions_inactive_for_7_days_are_archived_by_their_latest_activity_unless_disabled()
    {
        DatabaseSession[] rows =
        [
            Row("dashboard:a", 8),
            Row("dashboard:b", 10, $$"""{"lastInteractionAt":{{Now - Day}}}"""), // active yesterday: kept
            Row("dashboard:c", 3),
            Row("dashboard:d", 40),                                              // archived once, as stale-dashboard
        ];

        var forecast = Defaults.ForecastDatabase(rows, new HashSet<string>(), Now);
        (forecast.WouldArchiveStaleDashboards, forecast.WouldArchive, forecast.WouldDelete, forecast.WouldPrune).Should().Be((2, 2, 0, 0));

        var off = MaintenancePolicy.From(
            new JsonObject { ["session"] = new JsonObject { ["maintenance"] = JsonNode.Parse("""{"archiveDashboardAfter":false}""") } }, null, StorageEra.SqliteBehindGateway);
        off.ArchiveDashboardAfterMs.Should().Be(0);
        var forecastOff = off.ForecastDatabase(rows, new HashSet<string>(), Now);
        (forecastOff.WouldArchiveStaleDashboards, forecastOff.WouldPrune, forecastOff.WouldArchive).Should().Be((0, 1, 1));
    }

    [Fact]
    public void The_cap_waits_for_the_high_water_mark_then_takes_the_oldest_unprotected_rows()
    {
        var config = new JsonObject { ["session"] = new JsonObject { ["maintenance"] = JsonNode.Parse("""{"maxEntries":10}""") } };
        var policy = MaintenancePolicy.From(config, null, StorageEra.SqliteBehindGateway);
        var ten = Enumerable.Range(0, 10).Select(i => Row($"explicit:s{i}", i + 1)).ToList();
        policy.ForecastDatabase(ten, new HashSet<string>(), Now).WouldCap.Should().Be(0, "10 < the high-water mark 11");

        var fourteen = ten.Concat(Enumerable.Range(0, 4).Select(i => Row($"subagent:x{i}", 20 + i))).Append(Row("main", 25)).ToList();
        var forecast = policy.ForecastDatabase(fourteen, new HashSet<string>(), Now);
        (forecast.WouldCap, forecast.WouldDelete, forecast.WouldArchive).Should().Be((5, 4, 1), "15 unarchived, 10 kept: the 4 sub-agents (deleted) and the oldest ordinary one; main counts but is never taken");
    }

    [Fact]
    public void Rows_OpenClaw_does_not_serve_and_preserveRecent_sessions_are_not_counted()
    {
        var broken = Row("explicit:broken", 60) with { IsServedByOpenClaw = false };
        var interactive = Row("explicit:talk", 40, $$"""{"lastInteractionAt":{{Now - 2 * Day}}}""");
        Defaults.ForecastDatabase([broken, interactive], new HashSet<string>(), Now).WouldPrune.Should().Be(1, "updatedAt decides the age prune");
        var recent = MaintenancePolicy.From(
            new JsonObject { ["session"] = new JsonObject { ["maintenance"] = JsonNode.Parse("""{"preserveRecent":"7d"}""") } }, null, StorageEra.SqliteBehindGateway);
        recent.ForecastDatabase([broken, interactive], new HashSet<string>(), Now).WouldPrune.Should().Be(0);
    }

    [Fact]
    public void Warn_mode_counts_but_removes_nothing()
    {
        var warn = MaintenancePolicy.From(
            new JsonObject { ["session"] = new JsonObject { ["maintenance"] = JsonNode.Parse("""{"mode":"warn"}""") } }, null, StorageEra.SqliteBehindGateway);
        var forecast = warn.ForecastDatabase([Row("subagent:old", 60)], new HashSet<string>(), Now);
        (forecast.WouldDelete, forecast.Removes).Should().Be((1, false));
    }
}
