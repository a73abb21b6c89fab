using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Case 1: session-closer closes sessions (one, a batch, keep-only) in a store written exactly as OpenClaw writes
/// it; then the real OpenClaw of era A (2026.4.29) and B (2026.7.35) lists exactly the sessions that stay, with
/// their sessionIds, and its cleanup dry run finds nothing missing and nothing to prune.
/// </summary>
public sealed class ClosedStoreReadByOpenClawTests
{
    public enum Scenario
    {
        One,
        Batch,
        KeepOnly,
    }

    public static TheoryData<string, Scenario> Cases => new()
    {
        { OpenClawInstall.EraA, Scenario.One },
        { OpenClawInstall.EraA, Scenario.Batch },
        { OpenClawInstall.EraA, Scenario.KeepOnly },
        { OpenClawInstall.EraB, Scenario.One },
        { OpenClawInstall.EraB, Scenario.Batch },
        { OpenClawInstall.EraB, Scenario.KeepOnly },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OpenClaw_lists_exactly_the_sessions_that_stay(string version, Scenario scenario)
    {
        await using var sandbox = OpenClawSandbox.Create(version);
        sandbox.WriteConfig(maintenance: new JsonObject { ["pruneAfter"] = "30d", ["maxEntries"] = 500 });
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:main", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(1)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:alpha", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(5)), SessionFileStyle.Absolute, StoreSeed.ChatFields(label: "Alpha project"))
            .Add("agent:main:beta", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(9)), SessionFileStyle.Relative, StoreSeed.ChatFields())
            .Add("agent:main:gamma", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(12)), SessionFileStyle.Absent, StoreSeed.ChatFields())
            .Add("agent:main:discord:channel:123", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(20)), SessionFileStyle.Absolute, StoreSeed.ChatFields("group"));
        await seed.WriteAsync();
        var ids = seed.SessionIds;
        var driver = new SessionCloserDriver();

        var (report, staying, closed) = scenario switch
        {
            Scenario.One => (driver.Close(seed.StorePath, "main", "agent:main:alpha"),
                new[] { "agent:main:main", "agent:main:beta", "agent:main:gamma", "agent:main:discord:channel:123" },
                new[] { "agent:main:alpha" }),
            Scenario.Batch => (driver.Close(seed.StorePath, "main", "agent:main:alpha", "agent:main:beta", "agent:main:nope"),
                new[] { "agent:main:main", "agent:main:gamma", "agent:main:discord:channel:123" },
                new[] { "agent:main:alpha", "agent:main:beta" }),
            _ => (driver.KeepOnly(seed.StorePath, "main", "agent:main:gamma"),
                new[] { "agent:main:main", "agent:main:gamma" },
                new[] { "agent:main:alpha", "agent:main:beta", "agent:main:discord:channel:123" }),
        };

        // What session-closer says it did.
        report.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject).Should().BeEquivalentTo(closed);
        report.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.SessionId).Should().BeEquivalentTo(closed.Select(k => ids[k]));
        if (scenario == Scenario.Batch)
        {
            report.Outcomes.Where(o => o.Status == OutcomeStatus.NotFound).Select(o => o.Subject).Should().Equal("agent:main:nope");
        }

        report.Outcomes.Should().NotContain(o => o.Status == OutcomeStatus.Skipped);
        foreach (var key in closed)
        {
            var outcome = report.Outcomes.Single(o => o.Subject == key);
            outcome.Files.Select(f => Path.GetFileName(f.From)).Should().Equal([ids[key] + ".jsonl"], $"{key}'s only file is its transcript");
        }

        Expect.FilesArchived(report);
        await Expect.StoreHasOpenClawBytesAsync(sandbox, seed.StorePath);
        foreach (var key in staying)
        {
            File.Exists(Path.Combine(seed.SessionsDir, ids[key] + ".jsonl")).Should().BeTrue($"{key} stays, and so does its transcript");
        }

        // What the real OpenClaw sees.
        var (rows, listing) = await OpenClawListing.ListAsync(sandbox);
        rows.Should().BeEquivalentTo(staying.ToDictionary(k => k, k => (string?)ids[k]), $"openclaw {version} must list exactly the sessions that stay:\n{listing.Describe()}");
        listing.Json()["count"]!.GetValue<int>().Should().Be(staying.Length, listing.Describe());

        var cleanup = await sandbox.OpenClawAsync("sessions", "cleanup", "--dry-run", "--json");
        cleanup.ExitCode.Should().Be(0, cleanup.Describe());
        var summary = cleanup.Json();
        using (new AwesomeAssertions.Execution.AssertionScope(cleanup.Describe()))
        {
            summary["storePath"]!.GetValue<string>().Should().Be(seed.StorePath);
            summary["beforeCount"]!.GetValue<int>().Should().Be(staying.Length);
            summary["afterCount"]!.GetValue<int>().Should().Be(staying.Length);
            summary["missing"]!.GetValue<int>().Should().Be(0);
            summary["pruned"]!.GetValue<int>().Should().Be(0);
            summary["capped"]!.GetValue<int>().Should().Be(0);
            summary["wouldMutate"]!.GetValue<bool>().Should().BeFalse();
        }

        cleanup.StandardError.Should().BeEmpty(cleanup.Describe());
    }
}
