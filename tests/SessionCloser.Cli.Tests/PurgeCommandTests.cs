using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary><c>purge-archives</c> in-process: usage errors, the plan/ask gate, text lines, --json, and what restore says afterwards.</summary>
public sealed class PurgeCommandTests : IDisposable
{
    /// <summary>51 days before <see cref="FixedClock.Now"/>.</summary>
    private const string Old = "2026-08-01T00-00-00.000Z";

    /// <summary>A day and a half before <see cref="FixedClock.Now"/>.</summary>
    private const string Fresh = "2026-09-20T00-00-00.000Z";

    private readonly HandMadeState _state = new();

    public PurgeCommandTests()
    {
        File.WriteAllText(OldArchive, "old transcript\n");
        File.WriteAllText(FreshArchive, "fresh\n");
        File.WriteAllText(OldBackup, "{}\n");
    }

    private string OldArchive => Path.Join(_state.SessionsDir, $"99999999-9999-4999-8999-999999999999.jsonl.deleted.{Old}");

    private string FreshArchive => Path.Join(_state.SessionsDir, $"88888888-8888-4888-8888-888888888888.jsonl.reset.{Fresh}");

    private string OldBackup => Path.Join(_state.SessionsDir, "sessions.json.bak-batch-20260701-120000");

    public void Dispose() => _state.Dispose();

    private CliResult OnTerminal(string typed, params string[] args) =>
        CliRun.Run(_state.Root, c => c with { IsInputTerminal = true, IsOutputTerminal = true, Keyboard = new TypedKeys(typed) }, ["purge-archives", "--state-dir", _state.StateDir, .. args]);

    [Fact]
    public void Older_than_is_required()
    {
        var before = _state.Snapshot();

        var text = _state.RunIn("purge-archives", "--dry-run");
        var json = _state.RunIn("purge-archives", "--yes", "--json");

        text.ExitCode.Should().Be(2, text.ToString());
        text.Error.Should().Contain("purge-archives needs --older-than <duration>");
        json.ExitCode.Should().Be(2);
        var root = Json.Parse(json.Out);
        root.Text("command").Should().Be("purge-archives");
        root.GetProperty("exitCode").GetInt32().Should().Be(2);
        root.Text("failure").Should().Contain("needs --older-than");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("30")]
    [InlineData("soon")]
    [InlineData("-5d")]
    [InlineData("0m")]
    public void A_duration_without_a_unit_or_not_a_duration_is_a_usage_error(string olderThan)
    {
        var result = _state.RunIn("purge-archives", $"--older-than={olderThan}", "--dry-run");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Error.Should().Contain($"--older-than \"{olderThan}\" is not a duration");
    }

    [Fact]
    public void Agent_and_all_agents_together_is_a_usage_error()
    {
        var result = _state.RunIn("purge-archives", "--older-than", "30d", "--agent", "main", "--all-agents", "--dry-run");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Error.Should().Contain("--agent and --all-agents cannot be combined");
    }

    [Fact]
    public void Without_a_terminal_it_needs_yes_or_dry_run_and_reads_nothing()
    {
        var before = _state.Snapshot();

        var text = _state.RunIn("purge-archives", "--older-than", "30d");
        var json = _state.RunIn("purge-archives", "--older-than", "30d", "--json");

        text.ExitCode.Should().Be(2, text.ToString());
        text.Error.Should().Be("session-closer: purge-archives needs --yes or --dry-run when there is no terminal to ask on\n");
        json.ExitCode.Should().Be(2);
        Json.Parse(json.Out).Text("failure").Should().Be("purge-archives needs --yes or --dry-run when there is no terminal to ask on");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
        File.Exists(OldArchive).Should().BeTrue();
    }

    [Fact]
    public void The_dry_run_lists_each_file_with_why_and_changes_nothing()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("purge-archives", "--older-than", "30d", "--dry-run");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Be(
            "Archives and backups made before 2026-08-22 12:00:00Z (older than 30d):\n"
            + $"agent project-lead: {_state.SessionsDir} (era Unknown)\n"
            + $"WOULD_DELETE {OldBackup} (original-scripts backup, 3 B) older than 30d (82d old)\n"
            + $"WOULD_DELETE {OldArchive} (deleted archive, 15 B) older than 30d (51d old)\n"
            + $"KEEP {FreshArchive} (reset archive, 6 B) newer than 30d (1d old)\n"
            + "agent project-lead: 2 to delete, 18 B (deleted archive 1, 15 B; original-scripts backup 1, 3 B); 1 kept\n");
        result.Error.Should().Be("session-closer: would delete 2 file(s), 18 B, in 1 directory (older than 30d); 1 kept; nothing was changed (dry run)\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void With_yes_it_deletes_prints_each_file_and_history_shows_the_purge()
    {
        var result = _state.RunIn("purge-archives", "--older-than", "30d", "--yes");

        result.ExitCode.Should().Be(0, result.ToString());
        File.Exists(OldArchive).Should().BeFalse();
        File.Exists(OldBackup).Should().BeFalse();
        File.Exists(FreshArchive).Should().BeTrue();
        result.Out.Should().Contain($"DELETED {OldArchive} (deleted archive, 15 B)\n")
            .And.Contain($"DELETED {OldBackup} (original-scripts backup, 3 B)\n")
            .And.Contain($"KEPT {FreshArchive} (reset archive, 6 B) newer than 30d (1d old)\n");
        result.Error.Should().MatchRegex(@"^session-closer: deleted 2 file\(s\), 18 B, in 1 directory; this purge is \d{8}T\d{9}Z-[0-9a-f]{6} \(it cannot be undone\)\n$");

        var history = _state.RunIn("history");
        history.Out.Should().MatchRegex(@"\d{8}T\d{9}Z-[0-9a-f]{6}  2026-09-21 12:00:00Z  purge      project-lead  files  deleted=2 bytes=18  complete; cannot be undone\n");
    }

    [Fact]
    public void The_json_document_has_the_documented_shape()
    {
        var plan = _state.RunIn("purge-archives", "--older-than", "30d", "--dry-run", "--json");
        var run = _state.RunIn("purge-archives", "--older-than", "30d", "--yes", "--json");

        plan.ExitCode.Should().Be(0, plan.ToString());
        var root = Json.Parse(plan.Out);
        Json.Names(root).Should().Equal("command", "dryRun", "olderThan", "cutoff", "force", "exitCode", "failure", "summary", "stores");
        root.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        root.Text("cutoff").Should().Be("2026-08-22T12:00:00.000Z");
        Json.Names(root.GetProperty("summary")).Should().Equal("files", "bytes", "kept", "alreadyGone", "failed", "byReason");
        root.GetProperty("summary").GetProperty("files").GetInt32().Should().Be(2);
        root.GetProperty("summary").GetProperty("bytes").GetInt64().Should().Be(18);
        var store = root.GetProperty("stores")[0];
        Json.Names(store).Should().Equal("agentId", "agentIds", "sessionsDirectory", "storePath", "era", "operationId", "recovered", "summary", "files", "unrestorable", "warnings");
        var file = store.GetProperty("files")[1];
        Json.Names(file).Should().Equal("path", "name", "category", "reason", "time", "timeFrom", "bytes", "action", "status", "why", "neededBy", "referencedBy");
        file.Text("path").Should().Be(OldArchive);
        file.Text("category").Should().Be("archive");
        file.Text("reason").Should().Be("deleted");
        file.Text("time").Should().Be("2026-08-01T00:00:00.000Z");
        file.Text("timeFrom").Should().Be("name");
        file.Text("action").Should().Be("delete");
        file.Text("status").Should().Be("planned");
        var byReason = root.GetProperty("summary").GetProperty("byReason");
        byReason.GetArrayLength().Should().Be(2);
        byReason[0].Text("category").Should().Be("archive");
        byReason[1].Text("reason").Should().Be("original-scripts");

        run.ExitCode.Should().Be(0, run.ToString());
        var done = Json.Parse(run.Out);
        done.GetProperty("dryRun").GetBoolean().Should().BeFalse();
        done.GetProperty("stores")[0].Text("operationId").Should().MatchRegex(@"^\d{8}T\d{9}Z-[0-9a-f]{6}$");
        done.GetProperty("stores")[0].GetProperty("files").EnumerateArray().Select(f => f.Text("status")).Should().Equal("deleted", "deleted", "kept");
    }

    [Fact]
    public void On_a_terminal_it_shows_the_plan_and_asks_once_and_no_changes_nothing()
    {
        var before = _state.Snapshot();

        var declined = OnTerminal("n\n", "--older-than", "30d");

        declined.ExitCode.Should().Be(4, declined.ToString());
        declined.Out.Should().Contain($"WOULD_DELETE {OldArchive}").And.Contain("Delete 2 file(s), 18 B? This cannot be undone.");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();

        var accepted = OnTerminal("y\n", "--older-than", "30d");

        accepted.ExitCode.Should().Be(0, accepted.ToString());
        File.Exists(OldArchive).Should().BeFalse();
    }

    [Fact]
    public void Nothing_to_delete_asks_nothing_and_writes_no_record()
    {
        var before = _state.Snapshot();

        var result = OnTerminal("", "--older-than", "400d");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Be("session-closer: nothing to delete (older than 400d); 3 file(s) kept; nothing was changed\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void All_agents_purges_every_agents_directory()
    {
        var mainArchive = Path.Join(_state.StateDir, "agents", "main", "sessions", $"abc.jsonl.deleted.{Old}");
        File.WriteAllText(mainArchive, "x\n");

        var result = _state.RunIn("purge-archives", "--older-than", "30d", "--all-agents", "--yes", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        Json.Parse(result.Out).GetProperty("stores").EnumerateArray().Select(s => s.Text("agentId")).Should().BeEquivalentTo("project-lead", "main");
        File.Exists(mainArchive).Should().BeFalse();
        File.Exists(OldArchive).Should().BeFalse();
    }

    [Fact]
    public void A_forced_purge_of_a_close_s_archive_makes_restore_refuse_naming_the_purge()
    {
        var close = _state.RunIn("close", "acme", "--json");
        close.ExitCode.Should().Be(0, close.ToString());
        var closeId = Json.Parse(close.Out).Text("operationId")!;
        var later = (Func<CliContext, CliContext>)(c => c with { Clock = new Later() });

        var kept = CliRun.Run(_state.Root, later, "purge-archives", "--state-dir", _state.StateDir, "--older-than", "30d", "--dry-run");
        kept.Out.Should().Contain($"needed by operation {closeId} for restore; --force to purge it");

        var forced = CliRun.Run(_state.Root, later, "purge-archives", "--state-dir", _state.StateDir, "--older-than", "30d", "--yes", "--force", "--json");
        forced.ExitCode.Should().Be(0, forced.ToString());
        var purgeId = Json.Parse(forced.Out).GetProperty("stores")[0].Text("operationId")!;
        Json.Strings(Json.Parse(forced.Out).GetProperty("stores")[0].GetProperty("unrestorable")).Should().Equal(closeId);

        var restore = _state.RunIn("restore", closeId);
        restore.ExitCode.Should().Be(4, restore.ToString());
        restore.Error.Should().Contain($"operation {closeId} can no longer be undone: purge-archives --force ({purgeId})");

        var undoPurge = _state.RunIn("restore", purgeId, "--json");
        undoPurge.ExitCode.Should().Be(4);
        Json.Parse(undoPurge.Out).Text("failure").Should().Contain($"operation {purgeId} is a purge-archives run");

        var last = _state.RunIn("restore", "--last");
        last.ExitCode.Should().Be(4, "--last passes over the purge to the close, which is refused");
        last.Error.Should().Contain($"operation {closeId} can no longer be undone");

        _state.RunIn("history").Out.Should().Contain($"complete; cannot be undone: archives deleted by purge {purgeId}");
    }

    /// <summary>A year after <see cref="FixedClock.Now"/>: everything the tests made is old.</summary>
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => FixedClock.Now.AddDays(365);
    }
}
