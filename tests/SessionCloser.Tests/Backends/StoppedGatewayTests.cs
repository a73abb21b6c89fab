using System.Net;
using System.Net.Sockets;
using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Fixtures;
using SessionCloser.Operations;
using SessionCloser.Tests.Database;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Backends;

/// <summary>
/// Era C (sessions in the agent's SQLite, 2026.9.6 schema) with no gateway running, through the public
/// <see cref="CloseOperation"/>: a dry run plans from the database, read-only (archived and cron run sessions
/// included, the main session protected); a real close or keep-only is refused (exit 4) with the start command
/// before anything is read, and the state directory stays byte for byte as it was. The same against a real 2026.9.6 gateway is in the
/// conformance suite (EraCCloseTests).
/// </summary>
public sealed class StoppedGatewayTests : IDisposable
{
    private const string Agent = "project-lead";
    private const long Now = 1_796_000_000_000;
    private const string EmptyFile = " 0 sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private readonly TempSandbox _sandbox = new();
    private readonly string _stateDir;
    private readonly string _database;

    public StoppedGatewayTests()
    {
        _stateDir = _sandbox.Dir("state");
        File.WriteAllText(Path.Join(_stateDir, "openclaw.json"), """{"agents":{"list":[{"id":"project-lead","default":true}]}}""");
        _database = Path.Join(_stateDir, "agents", Agent, "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(_database)!);
    }

    public void Dispose() => _sandbox.Dispose();

    private static FixtureRow Main => new($"agent:{Agent}:main", "sid-main", Now - 1_000);

    private static FixtureRow Alpha => new($"agent:{Agent}:alpha", "sid-alpha", Now - 2_000, Label: "Alpha");

    private static FixtureRow Shelved => new($"agent:{Agent}:shelved", "sid-shelved", Now - 3_000, ArchivedAt: Now - 3_000);

    private static FixtureRow CronRun => new($"agent:{Agent}:cron:nightly:run:r1", "sid-cron-run", Now - 4_000);

    /// <summary>A row OpenClaw does not serve (entry_json names another session): not a session to close.</summary>
    private static FixtureRow Stale => new($"agent:{Agent}:stale", "sid-stale", Now - 5_000) { EntryJson = """{"sessionId":"other","updatedAt":1}""" };

    [Fact]
    public async Task A_dry_run_plans_from_the_database_every_session_it_would_close()
    {
        FixtureDatabase.Create(_database, [Main, Alpha, Shelved, CronRun, Stale]);
        var before = DirectorySnapshot.Take(_sandbox.Root);
        var databaseBytes = File.ReadAllBytes(_database);

        var result = await RunAsync(CloseMode.KeepOnly, dryRun: true, "alpha");

        result.ExitCode.Should().Be(ExitCode.Success);
        result.Route.Backend.Should().Be(CloseBackend.Gateway, "the gateway is who closes in era C");
        result.Route.GatewayLive.Should().BeFalse();
        result.Route.Reason.Should().Contain("read-only").And.Contain("'openclaw gateway'");
        var report = result.Report;
        report.StorePath.Should().Be(_database, "in era C the sessions live in the database, not in a sessions.json");
        report.Refusal.Should().BeNull();
        report.Outcomes.Select(o => (o.Status, o.Subject, o.SessionId)).Should().BeEquivalentTo(
        [
            (OutcomeStatus.Kept, Alpha.Key, "sid-alpha"),
            (OutcomeStatus.Kept, Main.Key, "sid-main"),
            (OutcomeStatus.Closed, Shelved.Key, "sid-shelved"),
            (OutcomeStatus.Closed, CronRun.Key, "sid-cron-run"),
        ]);
        report.Warnings.Should().BeEmpty("the database holds every session, cron runs included");
        var after = DirectorySnapshot.Take(_sandbox.Root);
        File.ReadAllBytes(_database).Should().Equal(databaseBytes, "a dry run reads the database read-only");
        before.DiffTo(after).Should().OnlyContain(
            change => change.StartsWith($"state/agents/{Agent}/agent/openclaw-agent.sqlite-shm: (absent) => ", StringComparison.Ordinal)
                || (change.StartsWith($"state/agents/{Agent}/agent/openclaw-agent.sqlite-wal: (absent) => file ", StringComparison.Ordinal) && change.EndsWith(EmptyFile, StringComparison.Ordinal)),
            "at most SQLite's empty -wal and its -shm index appear, as with OpenClaw's own offline 'openclaw sessions'");
    }

    [Fact]
    public async Task A_real_keep_only_is_refused_with_the_start_command_and_writes_nothing()
    {
        FixtureDatabase.Create(_database, [Main, Alpha, Shelved, CronRun]);
        var before = DirectorySnapshot.Take(_sandbox.Root);

        var result = await RunAsync(CloseMode.KeepOnly, dryRun: false, "alpha");

        result.ExitCode.Should().Be(ExitCode.Refused);
        result.Report.StorePath.Should().Be(_database);
        result.Report.Refusal.Should().Contain("SQLite").And.Contain("start it ('openclaw gateway')").And.Contain("Nothing was changed");
        result.Report.Changed.Should().BeFalse();
        result.Report.OperationId.Should().BeNull();
        result.Report.Outcomes.Should().BeEmpty("the run is refused before anything is read");
        before.DiffTo(DirectorySnapshot.Take(_sandbox.Root)).Should().BeEmpty("a refused run changes nothing (not even SQLite's -shm), and keeps no operation record");
    }

    [Fact]
    public async Task A_cron_run_named_by_key_is_planned_with_its_session_id()
    {
        FixtureDatabase.Create(_database, [Main, CronRun]);

        var dry = await RunAsync(CloseMode.Close, dryRun: true, CronRun.Key, "main", "no-such");

        dry.Report.Outcomes.Select(o => (o.Status, o.Subject, o.SessionId)).Should().Equal(
            (OutcomeStatus.Closed, CronRun.Key, "sid-cron-run"),
            (OutcomeStatus.Skipped, Main.Key, "sid-main"),
            (OutcomeStatus.NotFound, "no-such", null));
        dry.ExitCode.Should().Be(ExitCode.Refused, "the main session is refused, dry run or not");
    }

    [Fact]
    public async Task An_installed_gateway_service_is_named_with_gateway_start()
    {
        FixtureDatabase.Create(_database, [Alpha]);
        _sandbox.File("home/.config/systemd/user/openclaw-gateway.service", "[Unit]\n");

        var result = await RunAsync(CloseMode.Close, dryRun: false, "alpha");

        result.Report.Refusal.Should().Contain("start it ('openclaw gateway start')");
    }

    [Fact]
    public async Task An_unreadable_database_fails_a_dry_run_and_a_real_close_is_refused_all_the_same()
    {
        var header = new byte[100];
        "SQLite format 3\0"u8.CopyTo(header);
        header[63] = 23;
        File.WriteAllBytes(_database, header);
        var before = DirectorySnapshot.Take(_sandbox.Root);

        var real = await RunAsync(CloseMode.Close, dryRun: false, "alpha");
        var dry = () => RunAsync(CloseMode.Close, dryRun: true, "alpha");

        real.ExitCode.Should().Be(ExitCode.Refused);
        (await dry.Should().ThrowAsync<SessionCloserException>()).Which.Should().Match<SessionCloserException>(e => e.ExitCode == ExitCode.StoreError && e.Message.Contains(_database));
        before.DiffTo(DirectorySnapshot.Take(_sandbox.Root)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_files_backend_is_refused_for_a_database()
    {
        FixtureDatabase.Create(_database, [Alpha]);

        var act = () => RunAsync(BackendPreference.Files, CloseMode.Close, dryRun: true, "alpha");

        var refusal = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        refusal.ExitCode.Should().Be(ExitCode.Refused);
        refusal.Message.Should().Contain("--backend files refused").And.Contain("never edits");
    }

    private Task<CloseResult> RunAsync(CloseMode mode, bool dryRun, params string[] arguments) => RunAsync(BackendPreference.Auto, mode, dryRun, arguments);

    private async Task<CloseResult> RunAsync(BackendPreference backend, CloseMode mode, bool dryRun, params string[] arguments)
    {
        var environment = _sandbox.Env(("OPENCLAW_STATE_DIR", _stateDir), ("OPENCLAW_GATEWAY_URL", $"ws://127.0.0.1:{FreePort()}"));
        var options = new CloseOptions { Mode = mode, Arguments = arguments, AgentId = Agent, DryRun = dryRun, Backend = backend };
        await using var operation = await CloseOperation.OpenAsync(new OperationContext(environment, TimeProvider.System), options, TestContext.Current.CancellationToken);
        operation.GatewayStopped.Should().BeTrue();
        return await operation.RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
