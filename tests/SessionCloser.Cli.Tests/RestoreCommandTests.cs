using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary><c>restore</c> and <c>history</c> in-process: lines, summaries, exit codes, --json (refusals too).</summary>
public sealed class RestoreCommandTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    private string LogDir => Path.Join(_state.StateDir, "session-closer", "operations");

    private string CloseAcme()
    {
        var close = _state.RunIn("close", "acme", "legacy", "--json");
        close.ExitCode.Should().Be(0, close.ToString());
        return Json.Parse(close.Out).Text("operationId")!;
    }

    [Fact]
    public void Restore_last_puts_the_sessions_back_byte_for_byte_with_one_line_each()
    {
        var before = _state.Snapshot();
        var id = CloseAcme();

        var result = _state.RunIn("restore", "--last");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Be($"RESTORED {HandMadeState.AcmeKey} sessionId={HandMadeState.AcmeSid}\nRESTORED {HandMadeState.LegacyKey} sessionId={HandMadeState.LegacySid}\n");
        result.Error.Should().StartWith($"session-closer: restored 2 session(s) of {id} (close), renamed 3 file(s) back; backup {_state.StorePath}.bak-{FixedClock.Stamp}-1; this restore is ")
            .And.EndWith($"; the store is byte for byte as before {id}\n");
        File.ReadAllText(_state.StorePath).Should().Be(HandMadeState.Store);
        // Besides backups and the log, only the store's mode differs: every store session-closer writes is 0600, as OpenClaw's.
        before.DiffTo(_state.Snapshot()).Where(d => !d.Contains(".bak-", StringComparison.Ordinal) && !d.StartsWith("state/session-closer", StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().MatchRegex(@"^state/agents/project-lead/sessions/sessions\.json: file 644 (\d+ sha256:\w+) => file 600 \1$");
    }

    [Fact]
    public void Restore_json_has_the_documented_shape()
    {
        var id = CloseAcme();

        var result = _state.RunIn("restore", id, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var root = Json.Parse(result.Out);
        Json.Names(root).Should().Equal(
            "command", "dryRun", "operationId", "undoneCommand", "restoreOperationId", "backend", "agentId", "storePath", "exitCode", "error", "failure",
            "summary", "results", "backupPath", "storeAsBefore", "warnings", "recovered");
        root.Text("operationId").Should().Be(id);
        root.Text("undoneCommand").Should().Be("close");
        root.GetProperty("storeAsBefore").GetBoolean().Should().BeTrue();
        Json.Names(root.GetProperty("summary")).Should().Equal("restored", "present", "closed", "skipped", "notRestored", "renamedFiles", "filesNotRestored");
        root.GetProperty("summary").GetProperty("restored").GetInt32().Should().Be(2);
        var first = root.GetProperty("results")[0];
        Json.Names(first).Should().Equal("status", "key", "sessionId", "keys", "reason", "files");
        first.Text("status").Should().Be("restored");
        var file = first.GetProperty("files")[0];
        Json.Names(file).Should().Equal("kind", "from", "to", "status");
        file.Text("kind").Should().Be("transcript", "the names close --json uses");
        file.Text("status").Should().Be("renamed");
        file.Text("to").Should().Be(_state.Transcript(HandMadeState.AcmeSid));
    }

    [Fact]
    public void Restoring_twice_is_refused_with_exit_4_and_a_json_document()
    {
        var id = CloseAcme();
        _state.RunIn("restore", id).ExitCode.Should().Be(0);
        var before = _state.Snapshot();

        var result = _state.RunIn("restore", id, "--json");

        result.ExitCode.Should().Be(4, result.ToString());
        var root = Json.Parse(result.Out);
        root.GetProperty("exitCode").GetInt32().Should().Be(4);
        root.Text("error").Should().Contain($"operation {id} was already restored by ");
        result.Error.Should().Contain("was already restored by");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Restore_last_with_an_empty_log_exits_3()
    {
        var result = _state.RunIn("restore", "--last");

        result.Should().Be(new CliResult(3, "", $"session-closer: there is no operation of agent project-lead to restore in {LogDir}. Nothing was changed.\n"));
    }

    [Theory]
    [InlineData("restore")]
    [InlineData("restore", "--last", "20260921T120000000Z-abcdef")]
    [InlineData("restore", "not-an-id")]
    public void Naming_no_operation_both_or_a_malformed_id_is_a_usage_error(params string[] args)
    {
        _state.RunIn(args).ExitCode.Should().Be(2);
    }

    [Fact]
    public void A_gateway_record_the_files_cannot_undo_is_refused_with_exit_4_when_no_gateway_runs()
    {
        var id = CloseAcme();
        var path = Path.Join(LogDir, id + ".json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"backend\": \"files\"", "\"backend\": \"gateway\"", StringComparison.Ordinal));
        var before = _state.Snapshot();

        var result = _state.RunIn("restore", id);

        result.ExitCode.Should().Be(4, result.ToString());
        result.Error.Should().Contain("was done through the gateway");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void A_forged_record_is_refused_with_exit_5_naming_it_and_nothing_changes()
    {
        var id = CloseAcme();
        var path = Path.Join(LogDir, id + ".json");
        File.WriteAllText(path, File.ReadAllText(path).Replace(_state.Transcript(HandMadeState.AcmeSid) + "\"", "/etc/passwd\"", StringComparison.Ordinal));
        var before = _state.Snapshot();

        var result = _state.RunIn("restore", id, "--json");

        result.ExitCode.Should().Be(5, result.ToString());
        result.Error.Should().Contain($"{path} (a session-closer operation record) was refused: renames[0]");
        Json.Parse(result.Out).GetProperty("exitCode").GetInt32().Should().Be(5);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void History_lists_operations_newest_first_with_counts_state_and_retention()
    {
        var id = CloseAcme();
        var restore = _state.RunIn("restore", "--last", "--json");
        var restoreId = Json.Parse(restore.Out).Text("restoreOperationId");

        var text = _state.RunIn("history");
        var json = _state.RunIn("history", "--json");

        text.ExitCode.Should().Be(0);
        text.Out.Should().Be(
            $"Operation log: {LogDir} (agent project-lead)\n"
            + "Operations listed: 2\n"
            + $"{restoreId}  2026-09-21 12:00:00Z  restore    project-lead  files  sessions=2 removed=0 added=2 renamed=3  complete (undid {id})\n"
            + $"{id}  2026-09-21 12:00:00Z  close      project-lead  files  sessions=2 removed=2 added=0 renamed=3  restored by {restoreId}\n"
            + "Retention: the newest 200 records and any younger than 90 days are kept; incomplete records are never pruned\n");
        var root = Json.Parse(json.Out);
        Json.Names(root).Should().Equal("directory", "agentId", "retention", "count", "operations");
        root.GetProperty("retention").GetProperty("keepCount").GetInt32().Should().Be(200);
        root.GetProperty("retention").GetProperty("keepDays").GetDouble().Should().Be(90);
        var close = root.GetProperty("operations")[1];
        Json.Names(close).Should().Equal(
            "id", "startedAt", "command", "agentId", "backend", "storePath", "state", "sessions", "entriesRemoved", "entriesAdded", "renamed",
            "finishedByRecovery", "restores", "restoredBy", "commandLine", "filesDeleted", "bytesDeleted", "purgedBy", "problem");
        close.Text("state").Should().Be("restored");
        Json.Strings(close.GetProperty("commandLine")).Should().Equal("close", "--state-dir", _state.StateDir, "acme", "legacy", "--json");
    }

    [Fact]
    public void History_of_another_agent_shows_none_of_these_and_all_agents_shows_them()
    {
        CloseAcme();

        _state.RunIn("history", "--agent", "main", "--json").Out.Should().Contain("\"count\": 0");
        _state.RunIn("history", "--all-agents", "--json").Out.Should().Contain("\"count\": 1");
        _state.RunIn("history", "--all-agents", "--agent", "main").ExitCode.Should().Be(2);
    }
}
