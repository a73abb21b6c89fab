using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.FaultInjection;

/// <summary>
/// SIGKILL at every step boundary of a close and of a keep-only (each occurrence, <c>name@n</c>, as a failpoint
/// trace of an uninterrupted run lists them), and of the journal recovery that the next run does after a kill.
/// After each kill and after the next run the <see cref="Invariants"/> hold.
/// </summary>
public sealed class BoundaryKillTests
{
    /// <summary>Every boundary a files close reaches, in the order docs/architecture.md lists them.</summary>
    internal static readonly string[] CloseBoundaries =
    [
        "close.lock-taken", "close.recovery-done", "close.store-read", "close.sweep-done", "atomic-file.temp-written",
        "close.oplog-written", "close.journal-written", "close.backup-written", "close.store-replaced", "close.rename",
        "close.backups-pruned", "close.oplog-complete", "close.journal-removed", "close.lock-released",
    ];

    internal static Workspace Generate() => Workspace.Generate(new StoreGeneratorOptions
    {
        SessionCount = 60,
        AgentIds = ["project-lead", "ops"],
        Seed = 10,
        MaxTranscriptBytes = 1_500,
    });

    /// <summary>Sessions of every kind that has files (topics, forks, checkpoints, trajectories), a handful of each.</summary>
    internal static string[] CloseTargets(Workspace workspace) =>
    [
        .. workspace.State.Sessions
            .Where(s => s.AgentId == "project-lead" && s.Family != SessionKeyFamily.Main)
            .GroupBy(s => s.Family)
            .SelectMany(g => g.Take(2))
            .Select(s => s.Key),
    ];

    internal static Task<Scenario> CloseAsync(Workspace workspace) => Scenario.PrepareAsync(
        workspace, workspace.State.Agent("project-lead").StorePath, "close-project-batch",
        ["--state-dir", workspace.StateDir, "--agent", "project-lead", .. CloseTargets(workspace)]);

    /// <summary>The sessions a keep-only of agent ops keeps: all but about a dozen, so that it archives some 20 files.</summary>
    internal static string[] KeepTargets(Workspace workspace)
    {
        var ops = workspace.State.Sessions.Where(s => s.AgentId == "ops" && s.Family != SessionKeyFamily.Main).ToList();
        return [.. ops.Skip(12).Select(s => s.Key)];
    }

    internal static Task<Scenario> KeepOnlyAsync(Workspace workspace) => Scenario.PrepareAsync(
        workspace, workspace.State.Agent("ops").StorePath, "keep-only-sessions",
        ["--state-dir", workspace.StateDir, "--agent", "ops", "--yes", .. KeepTargets(workspace)]);

    [Fact]
    public async Task A_close_killed_at_every_step_boundary_leaves_the_before_or_after_state_and_the_next_run_finishes()
    {
        using var workspace = Generate();
        var scenario = await CloseAsync(workspace);
        scenario.Boundaries.Select(b => b[..b.IndexOf('@', StringComparison.Ordinal)]).Distinct().Should().Equal(CloseBoundaries);
        scenario.Expected.Archived.Count.Should().BeGreaterThan(10, "the close archives transcripts and their artifacts");

        foreach (var boundary in scenario.Boundaries)
        {
            workspace.Reset();
            await scenario.KillAtAsync(boundary);
            Invariants.AfterKill(workspace, scenario.Expected, $"close killed at {boundary}");
            await scenario.FinishAsync($"close killed at {boundary}");
        }

        Scenario.Report("kill:close", scenario.Boundaries.Count, $"every boundary of close-project-batch of {CloseTargets(workspace).Length} keys, {scenario.Expected.Archived.Count} files archived");
    }

}

/// <summary>SIGKILL at every step boundary of a keep-only through the files; the invariants hold after each kill and after the next run.</summary>
public sealed class KeepOnlyKillTests
{
    [Fact]
    public async Task A_keep_only_killed_at_every_step_boundary_leaves_the_before_or_after_state_and_the_next_run_finishes()
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.KeepOnlyAsync(workspace);
        var keep = BoundaryKillTests.KeepTargets(workspace);
        scenario.Boundaries.Should().Contain("close.store-replaced@1");

        foreach (var boundary in scenario.Boundaries)
        {
            workspace.Reset();
            await scenario.KillAtAsync(boundary);
            Invariants.AfterKill(workspace, scenario.Expected, $"keep-only killed at {boundary}");
            await scenario.FinishAsync($"keep-only killed at {boundary}");
        }

        Scenario.Report("kill:keep-only", scenario.Boundaries.Count, $"every boundary of keep-only-sessions keeping {keep.Length}, {scenario.Expected.Archived.Count} files archived");
    }

}

/// <summary>
/// A close killed before or after its point of no return, then the next run (which recovers it from the journal)
/// killed at every boundary of its own, then the run after that: the invariants hold after each.
/// </summary>
public sealed class RecoveryKillTests
{
    [Theory]
    [InlineData("close.backup-written@1")] // the journal is discarded: the store was never replaced
    [InlineData("close.store-replaced@1")] // every rename is left to the recovery
    [InlineData("close.rename@5")]
    [InlineData("close.rename@15")]
    public async Task The_recovery_of_a_killed_close_killed_at_every_boundary_of_its_own_is_finished_by_the_next_run(string firstKill)
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.CloseAsync(workspace);
        await scenario.KillAtAsync(firstKill);
        var recovery = (await scenario.TraceAsync()).Where(b => b.StartsWith("recovery.", StringComparison.Ordinal)).ToList();
        recovery.Should().Contain("recovery.journal-read@1").And.Contain(firstKill.StartsWith("close.backup", StringComparison.Ordinal) ? "recovery.journal-discarded@1" : "recovery.journal-removed@1");

        foreach (var boundary in recovery)
        {
            workspace.Reset();
            await scenario.KillAtAsync(firstKill);
            Invariants.AfterKill(workspace, scenario.Expected, $"close killed at {firstKill}");
            Invariants.AgeLeftovers(workspace);
            await scenario.KillAtAsync(boundary);
            Invariants.AfterKill(workspace, scenario.Expected, $"close killed at {firstKill}, its recovery killed at {boundary}");
            await scenario.FinishAsync($"close killed at {firstKill}, its recovery killed at {boundary}");
        }

        Scenario.Report("kill:recovery", recovery.Count * 2, $"a close killed at {firstKill}, then its recovery killed at each of {recovery.Count} boundaries");
    }
}

/// <summary>
/// A close undone by <c>restore --last</c>, the restore killed at every step boundary of its own: after the kill the
/// store is the closed or the original state byte for byte and every file is under one of its names; the next
/// <c>restore --last</c> finishes the job (the original store, every file back under its name).
/// </summary>
public sealed class RestoreKillTests
{
    [Fact]
    public async Task A_restore_killed_at_every_step_boundary_is_finished_by_the_next_restore()
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.CloseAsync(workspace);
        (await scenario.RunAsync()).ExitCode.Should().Be(0);
        var trace = Path.Join(workspace.Root, "restore-trace");
        var traced = await scenario.RunRestoreAsync(new Dictionary<string, string?> { [CliProcess.FailPointTrace] = trace });
        traced.ExitCode.Should().Be(0, traced.ToString());
        var boundaries = File.ReadAllLines(trace).Where(l => l.Length > 0).ToList();
        boundaries.Should().Contain("restore.store-replaced@1").And.Contain("restore.rename@1");

        foreach (var boundary in boundaries)
        {
            workspace.Reset();
            (await scenario.RunAsync()).ExitCode.Should().Be(0);
            var killed = await scenario.RunRestoreAsync(new Dictionary<string, string?> { [CliProcess.FailPoint] = boundary });
            killed.Killed.Should().BeTrue($"every restore reaches {boundary} and dies there: {killed}");
            Invariants.AfterKill(workspace, scenario.Expected, $"restore killed at {boundary}", restoring: true);
            Invariants.AgeLeftovers(workspace);

            // The retry finishes the killed restore from its journal (exit 0: that was the request), or rolls it back and
            // restores again (0). Once the killed restore had removed its journal it was complete, and --last refuses to
            // undo a restore (exit 4).
            var retry = await scenario.RunRestoreAsync();
            (retry.ExitCode == 0 || (retry.ExitCode == 4 && retry.Error.Contains("--last never undoes a restore", StringComparison.Ordinal)))
                .Should().BeTrue($"restore --last after a restore killed at {boundary} finishes it: {retry}");
            if (retry.Error.Contains("--last never undoes a restore", StringComparison.Ordinal))
            {
                // The killed restore was complete; the refused retry takes no lock, so the dead run's stale lock stays
                // until the next run that locks (which reclaims it). Everything else is settled.
                File.ReadAllBytes(scenario.Expected.StorePath).Should().Equal(scenario.Expected.Before);
                File.Exists(scenario.Expected.StorePath + ".session-closer-journal").Should().BeFalse();
                Invariants.AfterKill(workspace, scenario.Expected, $"restore killed at {boundary} after it was complete", restoring: true);
                continue;
            }

            Invariants.Settled(workspace, scenario.Expected, $"restore killed at {boundary}, then restore --last again", mustBeAfter: false, restoring: true);
        }

        Scenario.Report("kill:restore", boundaries.Count, $"every boundary of restore --last after a close archiving {scenario.Expected.Archived.Count} files");
    }
}
