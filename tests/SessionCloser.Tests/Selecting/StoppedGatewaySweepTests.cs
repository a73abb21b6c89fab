using System.Net;
using System.Net.Sockets;
using AwesomeAssertions;
using Microsoft.Data.Sqlite;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Fixtures;
using SessionCloser.Operations;
using SessionCloser.Tests.Database;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Selecting;

/// <summary>
/// A selector run in era C (the 2026.9.6 schema) with the gateway stopped: the plan comes from the databases, read-only
/// (facts from the columns and entry_json; archive bytes from the transcript events); the run is refused (exit 4)
/// and nothing changes. Every agent with only a database is found by --all-agents.
/// </summary>
public sealed class StoppedGatewaySweepTests : IDisposable
{
    private const long Now = 1_796_000_000_000;
    private const long Day = 86_400_000;
    private readonly TempSandbox _sandbox = new();
    private readonly string _stateDir;

    public StoppedGatewaySweepTests()
    {
        _stateDir = _sandbox.Dir("state");
        File.WriteAllText(Path.Join(_stateDir, "openclaw.json"), """{"agents":{"list":[{"id":"main","default":true}]}}""");
    }

    public void Dispose() => _sandbox.Dispose();

    private string Database(string agent)
    {
        var path = Path.Join(_stateDir, "agents", agent, "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    [Fact]
    public async Task The_plan_comes_from_every_database_and_the_run_is_refused()
    {
        var main = Database("main");
        FixtureDatabase.Create(main,
        [
            new("agent:main:main", "sid-main", Now - (90 * Day)),
            new("agent:main:dashboard:old", "sid-old", Now - (40 * Day), Label: "Old"),
            new("agent:main:dashboard:new", "sid-new", Now - (1 * Day)),
            new("agent:main:helper", "sid-child", Now - (40 * Day)) { EntryJson = $$"""{"sessionId":"sid-child","updatedAt":{{Now - (40 * Day)}},"spawnedBy":"agent:main:main"}""" },
            new("agent:main:room", "sid-room", Now - (40 * Day)) { EntryJson = $$"""{"sessionId":"sid-room","updatedAt":{{Now - (40 * Day)}},"chatType":"group"}""" },
            new("agent:main:shelved", "sid-shelved", Now - (40 * Day), ArchivedAt: Now - (30 * Day)),
        ]);
        AddTranscript(main, "agent:main:dashboard:old", "sid-old", """{"type":"session"}""", """{"type":"message","text":"héllo"}""");
        AddTranscript(main, "agent:main:helper", "sid-child", """{"type":"session"}""");
        var ops = Database("ops"); // an agent with only its database: no sessions directory, not configured
        FixtureDatabase.Create(ops, [new("agent:ops:cron:nightly:run:r1", "sid-run", Now - (10 * Day))]);
        var before = DirectorySnapshot.Take(_sandbox.Root);

        var options = new CloseOptions { Mode = CloseMode.Close, Arguments = [], AllAgents = true, Selector = new SessionSelector { OlderThan = TimeSpan.FromDays(7) } };
        await using var sweep = await SweepOperation.OpenAsync(Context(), options, TestContext.Current.CancellationToken);
        sweep.GatewayStopped.Should().BeTrue();
        var plan = await sweep.PlanAsync(TestContext.Current.CancellationToken);

        plan.Stores.Select(s => s.AgentId).Should().Equal("main", "ops");
        plan.Stores.Should().OnlyContain(s => s.Route.Backend == CloseBackend.Gateway && !s.Route.GatewayLive);
        var outcomes = plan.Stores[0].Preview.Outcomes.ToDictionary(o => o.Subject);
        outcomes.Values.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject).Should().BeEquivalentTo("agent:main:dashboard:old", "agent:main:helper", "agent:main:shelved");
        outcomes["agent:main:helper"].Kind.Should().Be("subagent", "entry_json's spawnedBy makes it a subagent");
        outcomes["agent:main:room"].Reason.Should().Be("group session (use --include-groups)", "entry_json's chatType group protects it");
        outcomes["agent:main:main"].Reason.Should().Be("main session");
        outcomes["agent:main:dashboard:new"].Reason.Should().Be("newer than 7d (updated 1d ago)");
        plan.Stores[0].Preview.StorePath.Should().Be(main);
        plan.Stores[0].ArchiveBytes.Should().Be(("""{"type":"session"}""".Length + 1) * 2 + """{"type":"message","text":"héllo"}""".Length + 2,
            "the transcripts as the database holds them, as JSONL bytes (é is two)");
        plan.Stores[1].Preview.Outcomes.Should().ContainSingle().Which.Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Closed && o.Kind == "cron-run");
        plan.Stores[1].ArchiveBytes.Should().Be(0, "a session without transcript events");

        var result = await sweep.RunAsync(plan, TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(ExitCode.Refused);
        result.Stores.Should().HaveCount(2).And.OnlyContain(s => s.Report.Refusal != null && !s.Report.Changed);
        before.DiffTo(DirectorySnapshot.Take(_sandbox.Root)).Should().OnlyContain(
            change => change.Contains("openclaw-agent.sqlite-shm", StringComparison.Ordinal) || change.Contains("openclaw-agent.sqlite-wal", StringComparison.Ordinal),
            "nothing but SQLite's read-side files appear");
    }

    private static void AddTranscript(string database, string key, string sessionId, params string[] events)
    {
        using var connection = new SqliteConnection(FixtureDatabase.Writer(database));
        connection.Open();
        FixtureDatabase.Execute(connection, "INSERT INTO session_windows (session_id, session_key, created_at, updated_at) VALUES ($id, $key, 1, 1)", null, ("$id", sessionId), ("$key", key));
        for (var i = 0; i < events.Length; i++)
        {
            FixtureDatabase.Execute(connection, "INSERT INTO transcript_events (session_id, seq, event_json, created_at) VALUES ($id, $seq, $json, 1)", null, ("$id", sessionId), ("$seq", i), ("$json", events[i]));
        }

        FixtureDatabase.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private OperationContext Context() => new(
        _sandbox.Env(("OPENCLAW_STATE_DIR", _stateDir), ("OPENCLAW_GATEWAY_URL", $"ws://127.0.0.1:{FreePort()}")),
        new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(Now)));

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
