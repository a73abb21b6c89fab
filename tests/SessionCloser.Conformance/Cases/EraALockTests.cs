using System.Diagnostics;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Errors;
using SessionCloser.Fixtures;
using SessionCloser.Locking;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Case 4: the era-A store lock <c>sessions.json.lock</c> between session-closer and OpenClaw 2026.4.29, both ways.
/// </summary>
public sealed class EraALockTests
{
    /// <summary>
    /// A real Node process that takes the lock exactly as OpenClaw 2026.4.29 does (<c>open(wx)</c>, 0644,
    /// <c>JSON.stringify({pid, createdAt, starttime}, null, 2)</c>, handle kept open), holds it until a release
    /// file appears, then releases it as OpenClaw does (close, rm).
    /// </summary>
    private const string HolderScript = """
        const fs = require("fs");
        const [lockPath, releasePath] = process.argv.slice(2);
        const stat = fs.readFileSync(`/proc/${process.pid}/stat`, "utf8");
        const starttime = Number.parseInt(stat.slice(stat.lastIndexOf(")") + 1).trimStart().split(/\s+/)[19], 10);
        const handle = fs.openSync(lockPath, "wx");
        fs.writeSync(handle, JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString(), starttime }, null, 2), null, "utf8");
        const timer = setInterval(() => {
          if (!fs.existsSync(releasePath)) return;
          clearInterval(timer);
          fs.closeSync(handle);
          fs.rmSync(lockPath, { force: true });
          process.exit(0);
        }, 50);
        setTimeout(() => process.exit(3), 120000);
        """;

    /// <summary>
    /// OpenClaw 2026.4.29 waits 10 s for the lock, and takes it once its <c>createdAt</c> is 30 s old. Held 25 s before
    /// OpenClaw even starts, a lock that was never renewed would be taken during that wait; a renewed one never looks
    /// stale, however slowly Node starts on a loaded host.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public async Task OpenClaw_times_out_on_a_session_closer_lock_and_leaves_the_store(int heldSecondsBefore)
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraA);
        var seed = await SeedAsync(sandbox);
        var before = DirectorySnapshot.Take(seed.SessionsDir);

        CommandResult cleanup;
        using (var held = StoreLock.Acquire(seed.StorePath, TimeSpan.FromSeconds(5), TimeProvider.System))
        {
            await Task.Delay(TimeSpan.FromSeconds(heldSecondsBefore), TestContext.Current.CancellationToken);
            cleanup = await sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
            LockFile.TryRead(held.Path)?.Pid.Should().Be(Environment.ProcessId, "OpenClaw must not take a lock that is renewed by a live process");
            var confirm = held.Confirm;
            confirm.Should().NotThrow("the lock is still session-closer's after {0:0} s of OpenClaw", cleanup.Duration.TotalSeconds);
        }

        cleanup.ExitCode.Should().Be(1, cleanup.Describe());
        cleanup.StandardError.Should().Contain("SessionWriteLockTimeoutError").And.Contain($"pid={Environment.ProcessId}", cleanup.Describe());
        cleanup.Duration.Should().BeGreaterThan(TimeSpan.FromSeconds(10), "2026.4.29 waits 10 s for the store lock");
        before.DiffTo(DirectorySnapshot.Take(seed.SessionsDir)).Should().BeEmpty("OpenClaw changed nothing while session-closer held the lock");
    }

    [Fact]
    public async Task OpenClaw_waits_for_a_short_session_closer_hold_then_applies()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraA);
        var seed = await SeedAsync(sandbox);
        var held = StoreLock.Acquire(seed.StorePath, TimeSpan.FromSeconds(5), TimeProvider.System);
        var cleanupTask = sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken); // Node start-up takes ~2-3 s; then it polls the lock
        held.Dispose();
        var cleanup = await cleanupTask;

        cleanup.ExitCode.Should().Be(0, cleanup.Describe());
        OpenClawListing.StoreFile(seed.StorePath).Keys.Should().BeEquivalentTo(["agent:main:main", "agent:main:alpha", "agent:main:beta"], cleanup.Describe());
        File.Exists(StoreLock.PathFor(seed.StorePath)).Should().BeFalse();
    }

    [Fact]
    public async Task Session_closer_fails_on_an_openclaw_lock_then_both_succeed_after_release()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraA);
        var seed = await SeedAsync(sandbox);
        var lockPath = StoreLock.PathFor(seed.StorePath);
        var release = Path.Combine(sandbox.Root, "release-lock");
        var script = Path.Combine(sandbox.Root, "hold-lock.js");
        await File.WriteAllTextAsync(script, HolderScript, TestContext.Current.CancellationToken);
        var holder = sandbox.RunAsync(sandbox.Install.Node, [script, lockPath, release], TimeSpan.FromSeconds(150));
        await WaitForAsync(() => File.Exists(lockPath) && new FileInfo(lockPath).Length > 0 || holder.IsCompleted, TimeSpan.FromSeconds(10));
        holder.IsCompleted.Should().BeFalse(holder.IsCompleted ? (await holder).Describe() : "");
        var lockText = await File.ReadAllTextAsync(lockPath, TestContext.Current.CancellationToken);
        var before = DirectorySnapshot.Take(seed.SessionsDir);

        var refused = new Stopwatch();
        refused.Start();
        var act = () => new SessionCloserDriver().Run(new CloseRequest
        {
            StorePath = seed.StorePath,
            AgentId = "main",
            Mode = CloseMode.Close,
            Arguments = ["agent:main:alpha"],
            LockTimeout = TimeSpan.FromSeconds(2),
        });
        act.Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.StoreError, "lock held by OpenClaw:\n" + lockText);
        refused.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        before.DiffTo(DirectorySnapshot.Take(seed.SessionsDir)).Should().BeEmpty("a refused close changes nothing, byte for byte and mode for mode");

        // The holder releases the lock as OpenClaw does; then both sides succeed.
        await File.WriteAllTextAsync(release, "", TestContext.Current.CancellationToken);
        (await holder).ExitCode.Should().Be(0);
        File.Exists(lockPath).Should().BeFalse();

        var report = new SessionCloserDriver().Close(seed.StorePath, "main", "agent:main:alpha");
        report.Outcomes.Should().ContainSingle().Which.Status.Should().Be(OutcomeStatus.Closed);
        File.Exists(lockPath).Should().BeFalse("session-closer releases its lock");
        var cleanup = await sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
        cleanup.ExitCode.Should().Be(0, cleanup.Describe());
        OpenClawListing.StoreFile(seed.StorePath).Keys.Should().BeEquivalentTo(["agent:main:main", "agent:main:beta"], cleanup.Describe());
    }

    [Fact]
    public async Task Session_closer_reclaims_a_lock_of_a_dead_process()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraA);
        var seed = await SeedAsync(sandbox);
        var lockPath = StoreLock.PathFor(seed.StorePath);
        var script = Path.Combine(sandbox.Root, "take-lock-and-die.js");
        await File.WriteAllTextAsync(script, HolderScript.Replace("setTimeout(() => process.exit(3), 120000);", "process.exit(0);", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var died = await sandbox.RunAsync(sandbox.Install.Node, [script, lockPath, Path.Combine(sandbox.Root, "never")]);
        died.ExitCode.Should().Be(0, died.Describe());
        File.Exists(lockPath).Should().BeTrue("a crashed OpenClaw leaves its lock behind");

        var report = new SessionCloserDriver().Close(seed.StorePath, "main", "agent:main:alpha");

        report.Outcomes.Should().ContainSingle().Which.Status.Should().Be(OutcomeStatus.Closed);
        File.Exists(lockPath).Should().BeFalse("the dead owner's lock was reclaimed, and session-closer's own released");
        var (rows, listing) = await OpenClawListing.ListAsync(sandbox);
        rows.Keys.Should().BeEquivalentTo(["agent:main:main", "agent:main:old", "agent:main:beta"], listing.Describe());
    }

    private static async Task<StoreSeed> SeedAsync(OpenClawSandbox sandbox)
    {
        // "old" is 60 days old: any applied cleanup prunes it, so an unchanged store proves it did not apply.
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:main", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(1)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:old", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromDays(60)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:alpha", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(5)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:beta", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(8)), SessionFileStyle.Absolute, StoreSeed.ChatFields());
        await seed.WriteAsync();
        return seed;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"condition not met within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(50);
        }
    }
}
