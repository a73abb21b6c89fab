using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.FaultInjection;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP sent to the real CLI at chosen step boundaries (the failpoint action sends the signal
/// to the process itself there): before the store is replaced the run rolls back, after it the run finishes; either
/// way it exits with 128 + the signal's number, the lock is released and no temp file, journal or new backup of a
/// rolled-back run is left. Nothing needs a next run.
/// </summary>
public sealed class SignalTests
{
    private static Dictionary<string, string?> SignalAt(string boundaries, string action) => new()
    {
        [CliProcess.FailPoint] = boundaries,
        [CliProcess.FailPointAction] = action,
    };

    /// <summary>
    /// The first boundary at which a signal no longer rolls back: the store's temp file is written and checked, and
    /// its rename (the point of no return) follows without another safe point.
    /// </summary>
    private static int PointOfNoReturn(Scenario scenario)
    {
        var replaced = scenario.Boundaries.ToList().IndexOf("close.store-replaced@1");
        scenario.Boundaries[replaced - 1].Should().StartWith("atomic-file.temp-written@", "the store's temp file is written just before the rename");
        return replaced - 1;
    }

    [Fact]
    public async Task SIGTERM_at_every_boundary_of_a_close_rolls_back_before_the_store_is_replaced_and_finishes_after()
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.CloseAsync(workspace);
        var noReturn = PointOfNoReturn(scenario);
        var targets = BoundaryKillTests.CloseTargets(workspace);

        for (var i = 0; i < scenario.Boundaries.Count; i++)
        {
            var boundary = scenario.Boundaries[i];
            var finishes = i >= noReturn;
            workspace.Reset();
            var run = await scenario.RunAsync(SignalAt(boundary, "sigterm"));

            run.ExitCode.Should().Be(143, $"SIGTERM at {boundary}: {run}");
            run.Error.Should().Contain("SIGTERM received");
            Invariants.Settled(workspace, scenario.Expected, $"SIGTERM at {boundary}", mustBeAfter: finishes);
            if (finishes)
            {
                run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(targets.Length).And.OnlyContain(l => l.StartsWith("CLOSED ", StringComparison.Ordinal));
                run.Error.Should().Contain(
                    boundary == "close.lock-released@1" ? "session-closer: closed " : "interrupted after the store was replaced: finished the close first",
                    $"SIGTERM at {boundary} (at close.lock-released the report was already complete)");
            }
            else
            {
                run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(targets.Length)
                    .And.OnlyContain(l => l.StartsWith("SKIPPED ", StringComparison.Ordinal) && l.EndsWith(" not attempted: interrupted", StringComparison.Ordinal));
                Directory.GetFiles(Path.GetDirectoryName(scenario.Expected.StorePath)!, "sessions.json.bak-*").Should().BeEmpty($"a run rolled back at {boundary} removes its backup");
            }
        }

        Scenario.Report("signal:sigterm", scenario.Boundaries.Count, "every boundary of close-project-batch");
    }

    [Theory]
    [InlineData("sigint", "close.backup-written@1", 130, false)]
    [InlineData("sigint", "close.rename@1", 130, true)]
    [InlineData("sighup", "close.journal-written@1", 129, false)]
    [InlineData("sighup", "close.store-replaced@1", 129, true)]
    public async Task SIGINT_and_SIGHUP_stop_at_the_same_safe_points_with_their_own_exit_codes(string action, string boundary, int exitCode, bool finishes)
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.CloseAsync(workspace);
        var run = await scenario.RunAsync(SignalAt(boundary, action));

        run.ExitCode.Should().Be(exitCode, run.ToString());
        run.Error.Should().Contain($"{action.ToUpperInvariant()} received");
        Invariants.Settled(workspace, scenario.Expected, $"{action} at {boundary}", mustBeAfter: finishes);
        Scenario.Report($"signal:{action}", 1, boundary);
    }

    [Fact]
    public async Task A_second_signal_does_not_stop_a_run_that_is_finishing_and_says_so()
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.CloseAsync(workspace);
        var run = await scenario.RunAsync(SignalAt("close.store-replaced@1,close.rename@2,close.rename@3", "sigint"));

        run.ExitCode.Should().Be(130, run.ToString());
        run.Error.Should().Contain("SIGINT received again: still finishing the step in progress");
        Invariants.Settled(workspace, scenario.Expected, "SIGINT three times while finishing", mustBeAfter: true);
        Scenario.Report("signal:sigint", 3, "three signals while finishing");
    }

    [Theory]
    [InlineData("close.backup-written@1", false)]
    [InlineData("close.rename@1", true)]
    public async Task With_json_an_interrupted_run_still_prints_its_report(string boundary, bool finishes)
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.CloseAsync(workspace);
        var run = await CliProcess.RunAsync(scenario.Command, [.. scenario.Args, "--json"], SignalAt(boundary, "sigterm"));

        run.ExitCode.Should().Be(143, run.ToString());
        using var report = JsonDocument.Parse(run.Out);
        var root = report.RootElement;
        root.GetProperty("exitCode").GetInt32().Should().Be(143);
        root.GetProperty("signal").GetString().Should().Be("SIGTERM");
        root.GetProperty("interrupted").GetString().Should().StartWith(finishes ? "interrupted after the store was replaced" : "interrupted before the store was replaced");
        root.GetProperty("summary").GetProperty(finishes ? "closed" : "skipped").GetInt32().Should().Be(BoundaryKillTests.CloseTargets(workspace).Length);
        root.GetProperty("backupPath").ValueKind.Should().Be(finishes ? JsonValueKind.String : JsonValueKind.Null);
        Invariants.Settled(workspace, scenario.Expected, $"SIGTERM at {boundary} with --json", mustBeAfter: finishes);
        Scenario.Report("signal:sigterm", 1, $"{boundary} with --json");
    }

    [Fact]
    public async Task A_signal_during_journal_recovery_lets_the_recovery_finish_and_the_run_then_stops()
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.CloseAsync(workspace);
        await scenario.KillAtAsync("close.rename@2");
        Invariants.AgeLeftovers(workspace);

        var run = await scenario.RunAsync(SignalAt("recovery.rename@1", "sigterm"));

        run.ExitCode.Should().Be(143, run.ToString());
        run.Error.Should().Contain("finished a run interrupted at").And.Contain("interrupted before anything was changed");
        Invariants.Settled(workspace, scenario.Expected, "SIGTERM during the recovery of a close killed at close.rename@2", mustBeAfter: true);
        Scenario.Report("signal:sigterm", 1, "recovery.rename@1");
        KillTally.Add("kill:recovery", 1);
    }

    [Fact]
    public async Task SIGTERM_at_every_boundary_of_a_keep_only_leaves_no_lock_and_no_temp_file()
    {
        using var workspace = BoundaryKillTests.Generate();
        var scenario = await BoundaryKillTests.KeepOnlyAsync(workspace);
        var noReturn = PointOfNoReturn(scenario);

        foreach (var (boundary, i) in scenario.Boundaries.Select((b, i) => (b, i)).Where(x => !x.b.StartsWith("close.rename@", StringComparison.Ordinal) || x.b == "close.rename@1"))
        {
            workspace.Reset();
            var run = await scenario.RunAsync(SignalAt(boundary, "sigterm"));
            run.ExitCode.Should().Be(143, $"SIGTERM at {boundary}: {run}");
            Invariants.Settled(workspace, scenario.Expected, $"keep-only, SIGTERM at {boundary}", mustBeAfter: i >= noReturn);
            KillTally.Add("signal:sigterm", 1);
        }
    }
}
