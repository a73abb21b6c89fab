using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary><c>close</c>: its lines, stderr summaries, exit codes and <c>--json</c>, through the files backend.</summary>
public sealed class CloseCommandTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    private string Backup => $"{_state.StorePath}.bak-{FixedClock.Stamp}";

    private string TopicTranscript => Path.Join(_state.SessionsDir, $"{HandMadeState.AcmeSid}-topic-42.jsonl");

    private static string Archived(string path) => $"{path}.deleted.{FixedClock.Stamp}";

    private const string NoGateway = $"no gateway answers at {CliRun.NoGatewayUrl}/; session-closer edits the files";

    [Fact]
    public void Closing_by_project_id_prints_one_closed_line_and_a_summary()
    {
        var result = _state.RunIn("close", "acme");

        result.Should().Be(new CliResult(
            0,
            $"CLOSED {HandMadeState.AcmeKey} sessionId={HandMadeState.AcmeSid}\n",
            $"session-closer: closed 1 session(s), archived 2 file(s); backup {Backup}\n"));
        File.ReadAllText(Backup).Should().Be(HandMadeState.Store);
        using var store = JsonDocument.Parse(File.ReadAllText(_state.StorePath));
        store.RootElement.EnumerateObject().Select(p => p.Name).Should().NotContain(HandMadeState.AcmeKey).And.HaveCount(5);
        File.Exists(Archived(_state.Transcript(HandMadeState.AcmeSid))).Should().BeTrue();
        File.Exists(Archived(TopicTranscript)).Should().BeTrue();
    }

    [Fact]
    public void Legacy_ids_keys_and_missing_ones_in_one_batch_exit_3()
    {
        var result = _state.RunIn("close", "legacy", "cron:nightly", "nope", "--session-key", HandMadeState.SubagentKey);

        result.Should().Be(new CliResult(
            3,
            $"CLOSED {HandMadeState.LegacyKey} sessionId={HandMadeState.LegacySid}\n"
            + $"CLOSED {HandMadeState.CronKey} sessionId={HandMadeState.CronSid}\n"
            + "NOT_FOUND nope\n"
            + $"CLOSED {HandMadeState.SubagentKey} sessionId={HandMadeState.SubagentSid}\n",
            $"session-closer: closed 3 session(s), archived 2 file(s); backup {Backup}\n"));
    }

    [Fact]
    public void A_project_id_matches_its_key_case_insensitively()
    {
        _state.RunIn("close", "ACME").Should().Be(new CliResult(
            0,
            $"CLOSED {HandMadeState.AcmeKey} sessionId={HandMadeState.AcmeSid}\n",
            $"session-closer: closed 1 session(s), archived 2 file(s); backup {Backup}\n"));
    }

    [Fact]
    public void Nothing_found_exits_3_and_changes_nothing()
    {
        var before = _state.Snapshot();

        _state.RunIn("close", "nope", "agent:project-lead:gone").Should().Be(new CliResult(
            3,
            "NOT_FOUND nope\nNOT_FOUND agent:project-lead:gone\n",
            "session-closer: nothing to close; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void An_argument_starting_with_at_is_a_name_never_a_file_of_arguments()
    {
        // System.CommandLine would read "@file" as more arguments; here it names a session like any other word.
        var arguments = Path.Join(_state.Root, "more-arguments.txt");
        File.WriteAllText(arguments, "acme\n");
        var before = _state.Snapshot();

        _state.RunIn("close", "@" + arguments).Should().Be(new CliResult(
            3,
            $"NOT_FOUND @{arguments}\n",
            "session-closer: nothing to close; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void The_main_session_is_refused_with_exit_4_and_nothing_changes()
    {
        var before = _state.Snapshot();

        _state.RunIn("close", "main").Should().Be(new CliResult(
            4,
            $"SKIPPED {HandMadeState.MainKey} the main session is never closed\n",
            "session-closer: nothing to close; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Invalid_entries_are_skipped_with_their_reason()
    {
        _state.WriteInvalidEntries();
        var before = _state.Snapshot();

        _state.RunIn("close", "x", "y").Should().Be(new CliResult(
            4,
            "SKIPPED agent:project-lead:x entry is not a JSON object\nSKIPPED agent:project-lead:y sessionId is missing\n",
            "session-closer: nothing to close; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void A_dry_run_prints_the_plan_with_every_archive_and_changes_nothing()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--dry-run", "acme", "legacy");

        result.Should().Be(new CliResult(
            0,
            $"WOULD_CLOSE {HandMadeState.AcmeKey} sessionId={HandMadeState.AcmeSid}\n"
            + $"  archive {_state.Transcript(HandMadeState.AcmeSid)} -> {HandMadeState.AcmeSid}.jsonl.deleted.{FixedClock.Stamp}\n"
            + $"  archive {TopicTranscript} -> {HandMadeState.AcmeSid}-topic-42.jsonl.deleted.{FixedClock.Stamp}\n"
            + $"WOULD_CLOSE {HandMadeState.LegacyKey} sessionId={HandMadeState.LegacySid}\n"
            + $"  archive {_state.Transcript(HandMadeState.LegacySid)} -> {HandMadeState.LegacySid}.jsonl.deleted.{FixedClock.Stamp}\n",
            $"session-closer: backend files: {NoGateway}\n"
            + $"session-closer: dry run: would close 2 session(s) and archive 3 file(s) in {_state.StorePath}; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Json_is_one_documented_object()
    {
        var result = _state.RunIn("close", "--json", "acme");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().BeEmpty();
        var root = Json.Parse(result.Out);
        AssertHeader(root, dryRun: false, exitCode: 0);
        AssertSummary(root, closed: 1, notFound: 0, kept: 0, skipped: 0, archivedFiles: 2);
        var closed = root.GetProperty("results").EnumerateArray().Single();
        AssertClosedAcme(closed);
        root.Text("backupPath").Should().Be(Backup);
        Json.Strings(root.GetProperty("prunedBackups")).Should().BeEmpty();
        Json.Strings(root.GetProperty("warnings")).Should().BeEmpty();
        root.IsNull("recovered").Should().BeTrue();
        root.IsNull("failure").Should().BeTrue();
        root.IsNull("gatewayRestart").Should().BeTrue();
        File.Exists(Backup).Should().BeTrue();
    }

    [Fact]
    public void Json_of_a_dry_run_with_a_missing_session_exits_3_and_changes_nothing()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--dry-run", "--json", "acme", "nope");

        result.ExitCode.Should().Be(3, result.ToString());
        result.Error.Should().BeEmpty();
        var root = Json.Parse(result.Out);
        AssertHeader(root, dryRun: true, exitCode: 3);
        AssertSummary(root, closed: 1, notFound: 1, kept: 0, skipped: 0, archivedFiles: 2);
        var results = root.GetProperty("results").EnumerateArray().ToList();
        AssertClosedAcme(results[0]);
        Json.Names(results[1]).Should().Equal("status", "argument", "reason", "files");
        (results[1].Text("status"), results[1].Text("argument"), results[1].IsNull("reason")).Should().Be(("not-found", "nope", true));
        results[1].GetProperty("files").GetArrayLength().Should().Be(0);
        root.IsNull("backupPath").Should().BeTrue();
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Json_of_a_refused_session_carries_the_reason_and_exit_4()
    {
        var result = _state.RunIn("close", "--json", "main");

        result.ExitCode.Should().Be(4, result.ToString());
        var root = Json.Parse(result.Out);
        root.GetProperty("exitCode").GetInt32().Should().Be(4);
        AssertSummary(root, closed: 0, notFound: 0, kept: 0, skipped: 1, archivedFiles: 0);
        var skipped = root.GetProperty("results").EnumerateArray().Single();
        (skipped.Text("status"), skipped.Text("key"), skipped.Text("argument"), skipped.Text("sessionId"), skipped.Text("reason"))
            .Should().Be(("skipped", HandMadeState.MainKey, "main", HandMadeState.MainSid, "the main session is never closed"));
    }

    [Fact]
    public void Archive_without_a_gateway_is_refused_with_exit_4()
    {
        var before = _state.Snapshot();

        _state.RunIn("close", "--archive", "acme").Should().Be(new CliResult(
            4,
            "",
            $"session-closer: --archive needs a running gateway of OpenClaw 2026.7.1 or later that serves this state, and {NoGateway}. Nothing was changed.\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void The_gateway_backend_without_a_gateway_is_a_store_error_exit_5()
    {
        var before = _state.Snapshot();

        _state.RunIn("close", "--backend", "gateway", "acme").Should().Be(new CliResult(
            5,
            "",
            $"session-closer: no OpenClaw gateway answers at {CliRun.NoGatewayUrl}/ (OPENCLAW_GATEWAY_URL); start it with 'openclaw gateway', or drop --backend gateway. Nothing was changed.\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("close", "acme")]
    [InlineData("close", "--dry-run", "acme")]
    [InlineData("close", "--json", "acme")]
    [InlineData("keep-only", "acme")]
    [InlineData("keep-only", "--json", "--dry-run", "acme")]
    public void An_unparseable_store_is_a_store_error_exit_5_and_nothing_changes(params string[] args)
    {
        _state.BreakStore();
        var before = _state.Snapshot();

        var result = _state.RunIn(args);

        // With --json the failure is also one JSON object on stdout, so a script reading stdout learns why.
        var stdout = args.Contains("--json") ? _state.BrokenStoreJson(args[0]) : "";
        result.Should().Be(new CliResult(5, stdout, _state.BrokenStoreError));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    private void AssertHeader(JsonElement root, bool dryRun, int exitCode)
    {
        Json.Names(root).Should().Equal(
            "command", "dryRun", "backend", "closeBy", "route", "agentId", "storePath", "era", "eraReason", "exitCode", "summary", "results",
            "backupPath", "prunedBackups", "warnings", "maintenance", "recovered", "failure", "gatewayRestart", "operationId", "interrupted", "signal");
        root.Text("command").Should().Be("close");
        root.IsNull("maintenance").Should().BeTrue("no gateway maintenance is forecast for a store of unknown era");
        root.GetProperty("dryRun").GetBoolean().Should().Be(dryRun);
        root.Text("backend").Should().Be("files");
        root.Text("closeBy").Should().Be("delete");
        var route = root.GetProperty("route");
        Json.Names(route).Should().Equal("reason", "gatewayUrl", "gatewayLive", "gatewayVersion");
        route.Text("reason").Should().Be(NoGateway);
        route.Text("gatewayUrl").Should().Be(CliRun.NoGatewayUrl + "/");
        route.GetProperty("gatewayLive").GetBoolean().Should().BeFalse();
        route.IsNull("gatewayVersion").Should().BeTrue();
        root.Text("agentId").Should().Be("project-lead");
        root.Text("storePath").Should().Be(_state.StorePath);
        root.Text("era").Should().Be("Unknown");
        root.Text("eraReason").Should().Be("no agent database and no OpenClaw version in the config");
        root.GetProperty("exitCode").GetInt32().Should().Be(exitCode);
    }

    /// <param name="closedKeys">Stored keys closed; the sessions closed unless some had case variants.</param>
    internal static void AssertSummary(JsonElement root, int closed, int notFound, int kept, int skipped, int archivedFiles, int? closedKeys = null)
    {
        var summary = root.GetProperty("summary");
        Json.Names(summary).Should().Equal("closed", "notFound", "kept", "skipped", "archivedFiles", "closedKeys");
        summary.EnumerateObject().Select(p => p.Value.GetInt32()).Should().Equal(closed, notFound, kept, skipped, archivedFiles, closedKeys ?? closed);
    }

    private void AssertClosedAcme(JsonElement result)
    {
        Json.Names(result).Should().Equal("status", "key", "argument", "sessionId", "keys", "variants", "reason", "files");
        (result.Text("status"), result.Text("key"), result.Text("argument"), result.Text("sessionId"), result.IsNull("reason"))
            .Should().Be(("closed", HandMadeState.AcmeKey, "acme", HandMadeState.AcmeSid, true));
        Json.Strings(result.GetProperty("keys")).Should().Equal(HandMadeState.AcmeKey);
        result.GetProperty("variants").EnumerateArray().Select(v => (v.Text("key"), v.Text("sessionId"))).Should().Equal((HandMadeState.AcmeKey, HandMadeState.AcmeSid));
        result.GetProperty("files").EnumerateArray().Select(f => (f.Text("kind"), f.Text("from"), f.Text("to"))).Should().Equal(
            ("transcript", _state.Transcript(HandMadeState.AcmeSid), Archived(_state.Transcript(HandMadeState.AcmeSid))),
            ("topic-transcript", TopicTranscript, Archived(TopicTranscript)));
    }
}
