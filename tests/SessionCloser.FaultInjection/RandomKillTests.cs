using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.FaultInjection;

/// <summary>
/// SIGKILL at random moments (seeded and logged) of a 1,000-key close-project-batch on a 20,000-entry store whose
/// 1,000 closing sessions have transcripts, until the kill count is reached; after each kill and after the next run
/// the <see cref="Invariants"/> hold. A run that finished before its kill landed does not count.
/// </summary>
public sealed class RandomKillTests
{
    /// <summary>
    /// Kills per run of the suite: each costs about two and a half uninterrupted runs of the batch (the killed one, the next, the restore; seconds on a
    /// loaded 2-core box), and the boundary tests make most of the suite's kills. SESSION_CLOSER_RANDOM_KILLS
    /// overrides (e.g. for a long soak).
    /// </summary>
    private static int KillCount => int.TryParse(Environment.GetEnvironmentVariable("SESSION_CLOSER_RANDOM_KILLS"), out var n) && n > 0 ? n : 12;

    [Fact]
    public async Task Kills_at_random_moments_of_a_1000_key_batch_on_a_20000_entry_store_never_leave_it_between_states()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SESSION_CLOSER_RANDOM_SEED"), out var s) ? s : Environment.TickCount & 0x7fffffff;
        var log = TestContext.Current.TestOutputHelper;
        Console.WriteLine($"fault injection: random kills with seed {seed} (SESSION_CLOSER_RANDOM_SEED={seed} repeats them)");
        log?.WriteLine($"seed {seed}");

        string[] targets = [];
        using var workspace = Workspace.Generate(
            new StoreGeneratorOptions { SessionCount = 20_000, AgentIds = ["project-lead"], Seed = 20, WriteTranscripts = false },
            state =>
            {
                var chosen = state.Sessions.Where(x => x.Family != SessionKeyFamily.Main && !x.TranscriptExists).Take(1000).ToList();
                foreach (var session in chosen)
                {
                    // Each closing session gets its transcript, so the batch renames 1,000 files after the store is replaced.
                    File.WriteAllText(session.TranscriptPath, $"{{\"type\":\"session\",\"id\":\"{session.SessionId}\"}}\n");
                }

                targets = [.. chosen.Select(x => x.Key)];
            });
        targets.Should().HaveCount(1000);
        var scenario = await Scenario.PrepareAsync(workspace, workspace.State.Agent("project-lead").StorePath, "close-project-batch",
            ["--state-dir", workspace.StateDir, "--agent", "project-lead", .. targets]);
        scenario.Expected.Archived.Should().HaveCount(1000);

        var random = new Random(seed);
        // Kill moments fall within a whole run; its length follows the machine's load, so every full run since
        // (one a kill missed, or a next run that closed everything) re-measures it.
        var window = scenario.Duration;
        int kills = 0, attempts = 0, leftBefore = 0, leftAfter = 0, leftJournal = 0;
        while (kills < KillCount)
        {
            attempts++;
            attempts.Should().BeLessThan(KillCount * 5, "most random moments fall inside a run");
            workspace.Reset();
            var delay = window * random.NextDouble();
            var run = await scenario.RunAsync(killAfter: delay);
            if (!run.Killed)
            {
                run.ExitCode.Should().Be(0, $"a run the kill missed finished: {run}");
                Invariants.Settled(workspace, scenario.Expected, $"a run that finished before its kill at {delay.TotalMilliseconds:0} ms");
                window = run.Elapsed;
                continue;
            }

            kills++;
            var store = File.ReadAllBytes(scenario.Expected.StorePath);
            var journal = File.Exists(scenario.Expected.StorePath + ".session-closer-journal");
            var state = store.AsSpan().SequenceEqual(scenario.Expected.After) ? "after" : "before";
            leftBefore += state == "before" ? 1 : 0;
            leftAfter += state == "after" ? 1 : 0;
            leftJournal += journal ? 1 : 0;
            log?.WriteLine($"kill {kills} at {delay.TotalMilliseconds:0} ms: store {state}, journal {(journal ? "left" : "none")}");
            Invariants.AfterKill(workspace, scenario.Expected, $"killed at {delay.TotalMilliseconds:0} ms (seed {seed}, kill {kills})");
            var next = await scenario.FinishAsync($"killed at {delay.TotalMilliseconds:0} ms (seed {seed}, kill {kills})");
            if (state == "before")
            {
                window = next.Elapsed; // it did the whole close
            }
        }

        Scenario.Report("kill:random", kills, $"seed {seed}, {attempts} runs, uninterrupted run {scenario.Duration.TotalMilliseconds:0} ms; left the store before {leftBefore}, after {leftAfter}, with a journal {leftJournal}");
    }
}
