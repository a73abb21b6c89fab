using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Case 3: the <c>.deleted.&lt;stamp&gt;</c> archives session-closer makes fall under OpenClaw's own retention:
/// 2026.7.35 <c>sessions cleanup --enforce</c> purges them by the stamp in the name, exactly when it purges its own.
/// </summary>
public sealed class ArchiveRetentionTests
{
    [Fact]
    public async Task OpenClaw_purges_session_closer_archives_like_its_own()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraB);
        var future = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(); // never stale, whatever pruneAfter
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:main", StoreSeed.NewSessionId(), future, SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:stale", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(10)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:old-close", StoreSeed.NewSessionId(), future, SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:new-close", StoreSeed.NewSessionId(), future, SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:live", StoreSeed.NewSessionId(), future, SessionFileStyle.Absolute, StoreSeed.ChatFields());
        await seed.WriteAsync();
        var ids = seed.SessionIds;
        var dir = seed.SessionsDir;

        // OpenClaw archives a transcript itself: the 10-minute-old entry is stale for pruneAfter 1m.
        sandbox.WriteConfig(maintenance: new JsonObject { ["pruneAfter"] = "1m" });
        var first = await sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
        first.ExitCode.Should().Be(0, first.Describe());
        var openClawArchive = Directory.GetFiles(dir, ids["agent:main:stale"] + ".jsonl.deleted.*").Should().ContainSingle(first.Describe()).Subject;

        // session-closer archives two: one stamped 2 minutes ago (older than pruneAfter), one stamped now.
        var oldClose = new SessionCloserDriver(new ShiftedClock(TimeSpan.FromMinutes(-2))).Close(seed.StorePath, "main", "agent:main:old-close");
        var newClose = new SessionCloserDriver().Close(seed.StorePath, "main", "agent:main:new-close");
        var oldArchive = oldClose.Outcomes.Single().Files.Single().To;
        var newArchive = newClose.Outcomes.Single().Files.Single().To;
        var backups = Directory.GetFiles(dir, "sessions.json.bak-*");
        backups.Should().HaveCount(2);

        var second = await sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
        second.ExitCode.Should().Be(0, second.Describe());
        using (new AwesomeAssertions.Execution.AssertionScope(second.Describe() + "\n" + DirectorySnapshot.Take(dir)))
        {
            File.Exists(oldArchive).Should().BeFalse("its stamp is 2 minutes old, past pruneAfter 1m: OpenClaw purges it");
            File.Exists(newArchive).Should().BeTrue("its stamp is fresh");
            File.Exists(openClawArchive).Should().BeTrue("OpenClaw's own fresh archive is kept too");
            backups.Should().AllSatisfy(b => File.Exists(b).Should().BeTrue("session-closer's store backups are not OpenClaw archives"));
            OpenClawListing.StoreFile(seed.StorePath).Keys.Should().BeEquivalentTo(["agent:main:main", "agent:main:live"]);
        }

        // With pruneAfter 1s, both fresh archives (OpenClaw's and session-closer's) are purged in the same run.
        sandbox.WriteConfig(maintenance: new JsonObject { ["pruneAfter"] = "1s" });
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        var third = await sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
        third.ExitCode.Should().Be(0, third.Describe());
        using (new AwesomeAssertions.Execution.AssertionScope(third.Describe() + "\n" + DirectorySnapshot.Take(dir)))
        {
            File.Exists(newArchive).Should().BeFalse("past pruneAfter 1s");
            File.Exists(openClawArchive).Should().BeFalse("past pruneAfter 1s");
            File.Exists(Path.Combine(dir, ids["agent:main:live"] + ".jsonl")).Should().BeTrue("a live transcript is never purged");
            OpenClawListing.StoreFile(seed.StorePath).Keys.Should().BeEquivalentTo(["agent:main:main", "agent:main:live"]);
        }
    }
}
