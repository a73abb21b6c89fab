using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Eras;
using SessionCloser.Maintenance;

namespace SessionCloser.Tests.Maintenance;

/// <summary>OpenClaw's session.maintenance as 2026.7.35's store-maintenance.ts resolves and applies it.</summary>
public sealed class MaintenancePolicyTests
{
    private const long Day = 86_400_000;
    private static readonly long Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static JsonObject Config(string maintenance) => new() { ["session"] = new JsonObject { ["maintenance"] = JsonNode.Parse(maintenance) } };

    [Fact]
    public void Defaults_are_enforce_30_days_and_500_entries_up_to_2026_7_and_5000_from_2026_8()
    {
        var b = MaintenancePolicy.From(null, null, StorageEra.JsonFile);
        (b.Mode, b.PruneAfterMs, b.MaxEntries).Should().Be(("enforce", 30 * Day, 500));
        b.Source.Should().Be("mode: OpenClaw's default, pruneAfter: OpenClaw's default, maxEntries: OpenClaw's default");
        MaintenancePolicy.From(new JsonObject(), "/x/openclaw.json", StorageEra.SqliteBehindGateway).MaxEntries.Should().Be(5000);
    }

    [Fact]
    public void The_config_overrides_each_value_and_a_bad_duration_falls_back_to_the_default()
    {
        var policy = MaintenancePolicy.From(Config("""{"mode":"warn","pruneAfter":"1h30m","maxEntries":40}"""), "/x/openclaw.json", StorageEra.JsonFile);
        (policy.Mode, policy.PruneAfterMs, policy.MaxEntries).Should().Be(("warn", 90 * 60_000, 40));
        policy.Source.Should().Contain("mode: session.maintenance in /x/openclaw.json");
        MaintenancePolicy.From(Config("""{"pruneDays":7}"""), null, StorageEra.JsonFile).PruneAfterMs.Should().Be(7 * Day);
        MaintenancePolicy.From(Config("""{"pruneAfter":"soon"}"""), null, StorageEra.JsonFile).PruneAfterMs.Should().Be(30 * Day);
    }

    [Theory]
    [InlineData("30d", 30 * Day)]
    [InlineData("30", 30 * Day)]
    [InlineData("12h", 12 * 3_600_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1d12h", 36 * 3_600_000L)]
    [InlineData(" 2D ", 2 * Day)]
    public void Durations_parse_as_OpenClaws_parseDurationMs_with_days_as_the_default_unit(string text, long ms) =>
        MaintenancePolicy.ParseDurationMs(text).Should().Be(ms);

    [Theory]
    [InlineData("1w")]
    [InlineData("d")]
    [InlineData("1h x")]
    [InlineData("-1d")]
    public void Durations_OpenClaw_rejects_are_rejected(string text) => MaintenancePolicy.ParseDurationMs(text).Should().BeNull();

    [Theory]
    [InlineData(500, 550)]
    [InlineData(1000, 1100)]
    [InlineData(100, 125)]
    [InlineData(49, 50)]
    [InlineData(0, 1)]
    public void The_high_water_mark_is_max_entries_plus_a_batch_slack(int maxEntries, int highWater) =>
        MaintenancePolicy.HighWater(maxEntries).Should().Be(highWater);

    [Theory]
    [InlineData("agent:main:telegram:group:-100123", null, true)]
    [InlineData("agent:main:discord:channel:42", null, true)]
    [InlineData("agent:main:slack:direct:u1:thread:171", null, true)]
    [InlineData("agent:main:explicit:notes", "group", true)]
    [InlineData("agent:main:subagent:abc", "group", false)]
    [InlineData("agent:main:cron:job-1", null, false)]
    [InlineData("agent:main:hook:gmail", null, false)]
    [InlineData("agent:main:explicit:notes", "direct", false)]
    [InlineData("agent:main:main", null, false)]
    public void Group_channel_and_thread_conversations_are_protected_synthetic_runtime_keys_never(string key, string? chatType, bool isProtected) =>
        MaintenancePolicy.IsProtected(key, chatType).Should().Be(isProtected);

    [Fact]
    public void The_forecast_counts_old_unprotected_other_sessions_and_leaves_out_the_ones_being_closed()
    {
        var policy = MaintenancePolicy.From(null, null, StorageEra.JsonFile);
        var entries = new List<(string, double?, string?)>
        {
            ("agent:main:main", Now - Day, "direct"),
            ("agent:main:old-1", Now - (40 * Day), "direct"),
            ("agent:main:old-2", Now - (31 * Day), null),
            ("agent:main:telegram:group:-1", Now - (80 * Day), "group"),
            ("agent:main:closing", Now - (60 * Day), null),
            ("agent:main:no-date", null, null),
            ("agent:main:fresh", Now - (29 * Day), null),
        };

        var forecast = policy.ForecastStoreFile(entries, new HashSet<string>(["agent:main:closing"]), Now);

        (forecast.EntryCount, forecast.WouldPrune, forecast.WouldCap, forecast.Removes).Should().Be((7, 2, 0, true));
    }

    [Fact]
    public void Past_the_high_water_mark_the_oldest_unprotected_are_capped_down_to_max_entries()
    {
        var policy = MaintenancePolicy.From(Config("""{"maxEntries":10}"""), null, StorageEra.JsonFile);
        var entries = Enumerable.Range(0, 15).Select(i => ($"agent:main:s{i}", (double?)(Now - (i * 60_000)), (string?)null)).ToList();
        entries.Add(("agent:main:telegram:group:-9", Now, "group"));

        var forecast = policy.ForecastStoreFile(entries, new HashSet<string>(), Now);

        // 16 entries ≥ 11 (high water): keep 10 of which 1 is protected → 9 of the 15 unprotected stay, 6 go.
        (forecast.WouldPrune, forecast.WouldCap).Should().Be((0, 6));
        policy.ForecastStoreFile(entries.Take(10).ToList(), new HashSet<string>(), Now).WouldCap.Should().Be(0);
    }

    [Fact]
    public void Warn_mode_removes_nothing()
    {
        var policy = MaintenancePolicy.From(Config("""{"mode":"warn"}"""), null, StorageEra.JsonFile);
        var forecast = policy.ForecastStoreFile([("agent:main:old", Now - (90 * Day), null)], new HashSet<string>(), Now);
        forecast.WouldPrune.Should().Be(1);
        forecast.Removes.Should().BeFalse();
    }
}
