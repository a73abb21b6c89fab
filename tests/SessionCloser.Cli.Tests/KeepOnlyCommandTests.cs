using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary><c>keep-only</c>: keeps the named sessions and the main one, closes the rest of the agent, refuses a typo.</summary>
public sealed class KeepOnlyCommandTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    private string Backup => $"{_state.StorePath}.bak-{FixedClock.Stamp}";

    private string Archive(string sessionId) => $"  archive {_state.Transcript(sessionId)} -> {sessionId}.jsonl.deleted.{FixedClock.Stamp}\n";

    private IReadOnlyList<string> StoreKeys()
    {
        using var store = JsonDocument.Parse(File.ReadAllText(_state.StorePath));
        return [.. store.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    [Fact]
    public void Keeps_the_named_session_and_the_main_one_and_closes_the_rest()
    {
        var mainAgentStore = File.ReadAllText(Path.Join(_state.StateDir, "agents", "main", "sessions", "sessions.json"));

        var result = _state.RunIn("keep-only", "acme");

        result.Should().Be(new CliResult(
            0,
            $"KEPT {HandMadeState.MainKey}\n"
            + $"KEPT {HandMadeState.AcmeKey}\n"
            + $"CLOSED {HandMadeState.LegacyKey} sessionId={HandMadeState.LegacySid}\n"
            + $"CLOSED {HandMadeState.CronKey} sessionId={HandMadeState.CronSid}\n"
            + $"CLOSED {HandMadeState.SubagentKey} sessionId={HandMadeState.SubagentSid}\n"
            + $"CLOSED {HandMadeState.GroupKey} sessionId={HandMadeState.GroupSid}\n",
            $"session-closer: closed 4 session(s), archived 3 file(s); backup {Backup}\n"));
        StoreKeys().Should().Equal(HandMadeState.MainKey, HandMadeState.AcmeKey);
        File.ReadAllText(Path.Join(_state.StateDir, "agents", "main", "sessions", "sessions.json")).Should().Be(mainAgentStore);
    }

    [Fact]
    public void Keeping_only_the_main_session_closes_everything_else_but_never_main()
    {
        var result = _state.RunIn("keep-only", "main");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().StartWith($"KEPT {HandMadeState.MainKey}\nCLOSED {HandMadeState.AcmeKey} sessionId={HandMadeState.AcmeSid}\n");
        result.Error.Should().Be($"session-closer: closed 5 session(s), archived 5 file(s); backup {Backup}\n");
        StoreKeys().Should().Equal(HandMadeState.MainKey);
        File.Exists(_state.Transcript(HandMadeState.MainSid)).Should().BeTrue();
    }

    [Fact]
    public void A_dry_run_prints_the_plan_and_changes_nothing()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("keep-only", "--dry-run", "acme");

        result.Should().Be(new CliResult(
            0,
            $"KEPT {HandMadeState.MainKey}\n"
            + $"KEPT {HandMadeState.AcmeKey}\n"
            + $"WOULD_CLOSE {HandMadeState.LegacyKey} sessionId={HandMadeState.LegacySid}\n" + Archive(HandMadeState.LegacySid)
            + $"WOULD_CLOSE {HandMadeState.CronKey} sessionId={HandMadeState.CronSid}\n"
            + $"WOULD_CLOSE {HandMadeState.SubagentKey} sessionId={HandMadeState.SubagentSid}\n" + Archive(HandMadeState.SubagentSid)
            + $"WOULD_CLOSE {HandMadeState.GroupKey} sessionId={HandMadeState.GroupSid}\n" + Archive(HandMadeState.GroupSid),
            $"session-closer: backend files: no gateway answers at {CliRun.NoGatewayUrl}/; session-closer edits the files\n"
            + $"session-closer: dry run: would close 4 session(s) and archive 3 file(s) in {_state.StorePath}; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void A_keep_argument_that_matches_nothing_is_refused_with_exit_4_and_nothing_changes()
    {
        var before = _state.Snapshot();

        _state.RunIn("keep-only", "acme", "nope").Should().Be(new CliResult(
            4,
            "",
            $"session-closer: keep-only refused: nope matches no session of agent project-lead in {_state.StorePath}. A typo here would close everything else, so nothing was changed. Check the ids with 'session-closer list', or pass --allow-missing.\n"));
        _state.RunIn("keep-only", "--json", "nope").ExitCode.Should().Be(4);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Allow_missing_goes_ahead_and_reports_the_missing_one_with_exit_3()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("keep-only", "--allow-missing", "nope", "--dry-run", "main", "acme", "legacy", "cron:nightly", "subagent:abc");

        result.Should().Be(new CliResult(
            3,
            $"NOT_FOUND nope\nKEPT {HandMadeState.MainKey}\nKEPT {HandMadeState.AcmeKey}\nKEPT {HandMadeState.LegacyKey}\nKEPT {HandMadeState.CronKey}\nKEPT {HandMadeState.SubagentKey}\n"
            + $"WOULD_CLOSE {HandMadeState.GroupKey} sessionId={HandMadeState.GroupSid}\n" + Archive(HandMadeState.GroupSid),
            $"session-closer: backend files: no gateway answers at {CliRun.NoGatewayUrl}/; session-closer edits the files\n"
            + $"session-closer: dry run: would close 1 session(s) and archive 1 file(s) in {_state.StorePath}; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Json_lists_kept_and_closed_sessions()
    {
        var result = _state.RunIn("keep-only", "--json", "--dry-run", HandMadeState.AcmeKey, "legacy");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().BeEmpty();
        var root = Json.Parse(result.Out);
        root.Text("command").Should().Be("keep-only");
        root.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        root.GetProperty("exitCode").GetInt32().Should().Be(0);
        CloseCommandTests.AssertSummary(root, closed: 3, notFound: 0, kept: 3, skipped: 0, archivedFiles: 2);
        var results = root.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => (r.Text("status"), r.Text("key"), r.Text("sessionId"))).Should().Equal(
            ("kept", HandMadeState.MainKey, HandMadeState.MainSid),
            ("kept", HandMadeState.AcmeKey, HandMadeState.AcmeSid),
            ("kept", HandMadeState.LegacyKey, HandMadeState.LegacySid),
            ("closed", HandMadeState.CronKey, HandMadeState.CronSid),
            ("closed", HandMadeState.SubagentKey, HandMadeState.SubagentSid),
            ("closed", HandMadeState.GroupKey, HandMadeState.GroupSid));
        results.Should().AllSatisfy(r => r.IsNull("argument").Should().BeTrue());
        results.Select(r => r.GetProperty("reason").GetString()).Should().Equal("main session", null, null, null, null, null);
        Json.Names(results[0]).Should().Equal("status", "key", "argument", "sessionId", "keys", "variants", "reason", "files");
        results[4].GetProperty("files").EnumerateArray().Select(f => (f.Text("kind"), f.Text("from"), f.Text("to"))).Should().Equal(
            ("transcript", _state.Transcript(HandMadeState.SubagentSid), $"{_state.Transcript(HandMadeState.SubagentSid)}.deleted.{FixedClock.Stamp}"));
        root.IsNull("backupPath").Should().BeTrue();
    }

    [Fact]
    public void Json_of_a_real_run_names_the_backup()
    {
        var result = _state.RunIn("keep-only", "--json", "acme");

        result.ExitCode.Should().Be(0, result.ToString());
        var root = Json.Parse(result.Out);
        root.GetProperty("dryRun").GetBoolean().Should().BeFalse();
        CloseCommandTests.AssertSummary(root, closed: 4, notFound: 0, kept: 2, skipped: 0, archivedFiles: 3);
        root.Text("backupPath").Should().Be(Backup);
        File.ReadAllText(Backup).Should().Be(HandMadeState.Store);
    }
}
