using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// An agent whose sessions directory exists but holds no <c>sessions.json</c> yet (a new agent, before its first
/// session) is a known agent with no sessions, as OpenClaw 2026.4.14 to 2026.9.6 treat it (<c>openclaw sessions
/// --json</c>: count 0, exit 0, no file made): list shows none, close finds nothing (exit 3), keep-only refuses a keep
/// id that matches nothing (exit 4) or, with --allow-missing, closes nothing (exit 3), and no command creates the
/// store, a lock, a backup or a journal (issue 10, defect 6).
/// </summary>
public sealed class EmptyAgentTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public EmptyAgentTests()
    {
        // "fresh" is configured, "ondisk" only has its directory; neither has a store yet.
        File.WriteAllText(Path.Join(_state.StateDir, "openclaw.json"), """{"agents":{"list":[{"id":"project-lead","default":true},{"id":"main"},{"id":"fresh"}]}}""" + "\n");
        Directory.CreateDirectory(SessionsDir("fresh"));
        Directory.CreateDirectory(SessionsDir("ondisk"));
    }

    public void Dispose() => _state.Dispose();

    public static TheoryData<string> Agents => new() { "fresh", "ondisk" };

    private string SessionsDir(string agent) => Path.Join(_state.StateDir, "agents", agent, "sessions");

    private string StorePath(string agent) => Path.Join(SessionsDir(agent), "sessions.json");

    [Theory]
    [MemberData(nameof(Agents))]
    public void List_shows_no_sessions(string agent)
    {
        var before = _state.Snapshot();

        var text = _state.RunIn("list", "--agent", agent);
        var json = _state.RunIn("list", "--agent", agent, "--json");

        text.Should().Be(new CliResult(0, $"Session store ({agent}): {StorePath(agent)} (no store file)\nSessions listed: 0\n", ""));
        json.ExitCode.Should().Be(0, json.ToString());
        var root = Json.Parse(json.Out);
        (root.Text("path"), root.GetProperty("count").GetInt32(), root.GetProperty("sessions").GetArrayLength()).Should().Be((StorePath(agent), 0, 0));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Agents))]
    public void Close_finds_nothing_exits_3_and_creates_no_file(string agent)
    {
        var before = _state.Snapshot();

        var run = _state.RunIn("close", "--agent", agent, "acme");
        var dryRun = _state.RunIn("close", "--agent", agent, "--dry-run", "acme");

        run.Should().Be(new CliResult(3, "NOT_FOUND acme\n", "session-closer: nothing to close; nothing was changed\n"));
        dryRun.ExitCode.Should().Be(3, dryRun.ToString());
        dryRun.Out.Should().Be("NOT_FOUND acme\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty("no store, lock, backup or journal is created when nothing changes");
    }

    [Theory]
    [MemberData(nameof(Agents))]
    public void Keep_only_refuses_a_keep_id_that_matches_nothing_and_with_allow_missing_closes_nothing(string agent)
    {
        var before = _state.Snapshot();

        var refused = _state.RunIn("keep-only", "--agent", agent, "acme");
        var allowed = _state.RunIn("keep-only", "--agent", agent, "--allow-missing", "acme");

        refused.ExitCode.Should().Be(4, refused.ToString());
        refused.Error.Should().Be($"session-closer: keep-only refused: acme matches no session of agent {agent} in {StorePath(agent)}. A typo here would close everything else, so nothing was changed. Check the ids with 'session-closer list', or pass --allow-missing.\n");
        allowed.Should().Be(new CliResult(3, "NOT_FOUND acme\n", "session-closer: nothing to close; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty("no store, lock, backup or journal is created when nothing changes");
    }

    [Fact]
    public void Json_of_a_close_names_the_store_that_is_not_there_yet()
    {
        var result = _state.RunIn("close", "--agent", "fresh", "--json", "acme");

        result.ExitCode.Should().Be(3, result.ToString());
        var root = Json.Parse(result.Out);
        (root.Text("storePath"), root.IsNull("backupPath")).Should().Be((StorePath("fresh"), true));
        CloseCommandTests.AssertSummary(root, closed: 0, notFound: 1, kept: 0, skipped: 0, archivedFiles: 0);
        File.Exists(StorePath("fresh")).Should().BeFalse();
    }
}
