using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// close and keep-only on an agent whose sessions are in SQLite (agent schema 23, 2026.9.6) with no gateway: refused
/// with exit 4 before the database is read, the refusal on stderr, and with <c>--json</c> the command's own object
/// on stdout (<c>failure</c>, <c>storePath</c> = the database); nothing in the state changes. The plan of a dry run
/// from a real database is tested in SessionCloser.Tests (StoppedGatewayTests) and against 2026.9.6 (EraCCloseTests).
/// </summary>
public sealed class EraCCommandTests : IDisposable
{
    private readonly HandMadeState _state = new();
    private readonly string _database;

    public EraCCommandTests()
    {
        _database = Path.Join(_state.StateDir, "agents", "project-lead", "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(_database)!);
        var header = new byte[100];
        "SQLite format 3\0"u8.CopyTo(header);
        header[63] = 23;
        File.WriteAllBytes(_database, header);
    }

    public void Dispose() => _state.Dispose();

    private string Refusal =>
        $"this OpenClaw keeps agent project-lead's sessions in SQLite ({_database} has agent schema 23 (sessions live in SQLite from schema 4)), which only its gateway changes, " +
        $"and no gateway answers at {CliRun.NoGatewayUrl}/: only the gateway can close them; start it ('OPENCLAW_STATE_DIR={_state.StateDir} openclaw gateway') and run this again (--dry-run shows the plan now). Nothing was changed.";

    [Theory]
    [InlineData("close", "acme")]
    [InlineData("keep-only", "acme")]
    [InlineData("keep-only", "--yes", "acme")]
    public void A_close_with_the_gateway_stopped_is_refused_naming_the_start_command(params string[] args)
    {
        var before = _state.Snapshot();

        var result = _state.RunIn(args);

        result.Should().Be(new CliResult(4, "", $"session-closer: refused: {Refusal}\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("close")]
    [InlineData("keep-only")]
    public void With_json_the_refusal_is_the_commands_own_object(string command)
    {
        var before = _state.Snapshot();

        var result = _state.RunIn(command, "--json", "acme");

        result.ExitCode.Should().Be(4, result.ToString());
        result.Error.Should().Be($"session-closer: refused: {Refusal}\n");
        var root = Json.Parse(result.Out);
        root.Text("command").Should().Be(command);
        root.GetProperty("dryRun").GetBoolean().Should().BeFalse();
        root.Text("backend").Should().Be("gateway");
        root.GetProperty("route").GetProperty("gatewayLive").GetBoolean().Should().BeFalse();
        root.Text("storePath").Should().Be(_database);
        root.Text("era").Should().Be("C");
        root.GetProperty("exitCode").GetInt32().Should().Be(4);
        root.Text("failure").Should().Be(Refusal);
        root.GetProperty("results").GetArrayLength().Should().Be(0);
        root.IsNull("operationId").Should().BeTrue();
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void The_files_backend_is_refused()
    {
        var result = _state.RunIn("close", "--backend", "files", "acme");

        result.ExitCode.Should().Be(4, result.ToString());
        result.Error.Should().Contain("--backend files refused").And.Contain("never edits that database");
    }
}
