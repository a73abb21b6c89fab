using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Eras;
using SessionCloser.Fixtures;
using SessionCloser.Undo;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// restore against real OpenClaw: on a store OpenClaw itself rewrote (<c>sessions cleanup --enforce</c>), a close and
/// its restore give OpenClaw's own bytes back, every transcript under its name, and the real CLI lists the restored
/// sessions again with their sessionIds.
/// </summary>
public sealed class RestoreReadByOpenClawTests
{
    [Theory]
    [InlineData(OpenClawInstall.EraA, StorageEra.LockedJsonFile)]
    [InlineData(OpenClawInstall.EraB, StorageEra.JsonFile)]
    public async Task Restored_sessions_are_listed_by_real_OpenClaw_and_its_store_bytes_come_back(string version, StorageEra era)
    {
        await using var sandbox = OpenClawSandbox.Create(version);
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:main", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(1)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:alpha", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(5)), SessionFileStyle.Relative, StoreSeed.ChatFields(label: "Alpha"))
            .Add("agent:main:beta", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(7)), SessionFileStyle.Absent, StoreSeed.ChatFields())
            .Add("agent:main:gamma", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(9)), SessionFileStyle.Absolute, StoreSeed.ChatFields(chatType: "group"));
        await seed.WriteAsync();
        var cleanup = await sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
        cleanup.ExitCode.Should().Be(0, cleanup.Describe());
        var openClawBytes = await File.ReadAllBytesAsync(seed.StorePath, TestContext.Current.CancellationToken);
        var before = DirectorySnapshot.Take(seed.SessionsDir);
        var (listedBefore, _) = await OpenClawListing.ListAsync(sandbox);
        var logging = new OperationLogging(sandbox.StateDir, ["conformance"], era);

        var close = new SessionCloserDriver().Run(new CloseRequest { StorePath = seed.StorePath, AgentId = "main", Mode = CloseMode.Close, Arguments = ["agent:main:alpha", "agent:main:beta"], Logging = logging });
        close.Count(OutcomeStatus.Closed).Should().Be(2);
        var (listedClosed, closedListing) = await OpenClawListing.ListAsync(sandbox);
        listedClosed.Keys.Should().BeEquivalentTo(["agent:main:main", "agent:main:gamma"], closedListing.Describe());

        var restore = new FileRestorer(TimeProvider.System).Restore(new RestoreRequest { StorePath = seed.StorePath, AgentId = "main", OperationId = close.OperationId!, Logging = logging });

        restore.Outcomes.Should().OnlyContain(o => o.Status == RestoreStatus.Restored);
        restore.StoreAsBefore.Should().BeTrue();
        (await File.ReadAllBytesAsync(seed.StorePath, TestContext.Current.CancellationToken)).Should().Equal(openClawBytes, "the store OpenClaw wrote comes back byte for byte");
        before.DiffTo(DirectorySnapshot.Take(seed.SessionsDir)).Where(d => !d.Contains(".bak-", StringComparison.Ordinal)).Should().BeEmpty("every transcript is back under its name");
        var (listedAfter, listing) = await OpenClawListing.ListAsync(sandbox);
        listedAfter.Should().BeEquivalentTo(listedBefore, listing.Describe());
        listedAfter.Keys.Should().Contain(["agent:main:alpha", "agent:main:beta"]);
        await Expect.StoreHasOpenClawBytesAsync(sandbox, seed.StorePath);
    }
}
