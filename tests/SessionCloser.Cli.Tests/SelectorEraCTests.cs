using AwesomeAssertions;
using SessionCloser.Tests.Database;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// A selector run on an agent whose sessions are in SQLite (2026.9.6 schema) with no gateway: the dry run plans from
/// the database (read only), a real run is refused (exit 4) naming the command that starts the gateway, and on a
/// terminal nothing is asked first (only the gateway could close them). Nothing in the state changes.
/// </summary>
public sealed class SelectorEraCTests : IDisposable
{
    private const long Day = 86_400_000;
    private readonly HandMadeState _state = new();

    public SelectorEraCTests()
    {
        File.Delete(_state.StorePath);
        var database = Path.Join(_state.StateDir, "agents", "project-lead", "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        FixtureDatabase.Create(database,
        [
            new FixtureRow("agent:project-lead:main", "c1111111-1111-4111-8111-111111111111", FixedClock.NowMs - 60_000),
            new FixtureRow("agent:project-lead:cron:nightly:run:r1", "c2222222-2222-4222-8222-222222222222", FixedClock.NowMs - (3 * Day)),
            new FixtureRow("agent:project-lead:cron:nightly:run:r2", "c3333333-3333-4333-8333-333333333333", FixedClock.NowMs - 3_600_000),
            new FixtureRow("agent:project-lead:subagent:s1", "c4444444-4444-4444-8444-444444444444", FixedClock.NowMs - (9 * Day)),
        ]);
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public void The_dry_run_plans_from_the_database()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--kind", "cron-run", "--older-than", "1d", "--dry-run", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var store = Json.Parse(result.Out).GetProperty("stores").EnumerateArray().Single();
        store.Text("era").Should().Be("C");
        store.Text("backend").Should().Be("gateway");
        store.Text("store").Should().EndWith("openclaw-agent.sqlite");
        var sessions = store.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.Text("key")!, s => s.Text("status"));
        sessions.Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            ["agent:project-lead:cron:nightly:run:r1"] = "closed",
            ["agent:project-lead:cron:nightly:run:r2"] = "kept",
            ["agent:project-lead:main"] = "kept",
            ["agent:project-lead:subagent:s1"] = "kept",
        });
        before.DiffTo(_state.Snapshot()).Where(d => !d.Contains("-wal", StringComparison.Ordinal) && !d.Contains("-shm", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    public void A_real_run_is_refused_without_a_question_naming_the_start_command()
    {
        var piped = _state.RunIn("close", "--kind", "cron-run", "--older-than", "1d", "--yes");
        var asked = CliRun.Run(_state.Root, c => c with { IsInputTerminal = true, IsOutputTerminal = true, Keyboard = new TypedKeys("") }, "close", "--state-dir", _state.StateDir, "--kind", "cron-run", "--older-than", "1d");

        foreach (var result in new[] { piped, asked })
        {
            result.ExitCode.Should().Be(4, result.ToString());
            result.Error.Should().Contain("session-closer: project-lead: refused: ").And.Contain("openclaw gateway");
        }

        piped.Out.Should().BeEmpty();
    }
}
