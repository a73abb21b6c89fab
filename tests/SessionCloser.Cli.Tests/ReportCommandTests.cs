using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Fixtures;

namespace SessionCloser.Cli.Tests;

/// <summary><c>report</c> in-process: the table people read, the <c>--json</c> document, exit codes, and the live scan line.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public ReportCommandTests()
    {
        // Leftovers beside project-lead's sessions: an old OpenClaw archive, an original script's backup, an orphan, a stale temp file.
        Write($"99999999-9999-4999-8999-999999999999.jsonl.deleted.2026-06-01T00-00-00.000Z", new string('d', 1000));
        Write($"88888888-8888-4888-8888-888888888888.jsonl.reset.{FixedClock.Stamp}", new string('r', 10));
        Write("sessions.json.bak-batch-20260101-120000", new string('b', 500));
        Write("orphan.jsonl", new string('o', 70));
    }

    public void Dispose() => _state.Dispose();

    private void Write(string name, string content) => File.WriteAllText(Path.Join(_state.SessionsDir, name), content);

    [Fact]
    public void The_table_shows_kinds_by_age_bytes_by_what_they_are_and_the_commands_that_reclaim_them()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("report");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().BeEmpty();
        var lines = result.Out.Split('\n');
        lines[0].Should().Be($"Disk report of {_state.StateDir} (2026-09-21 12:00 UTC; read only, no gateway asked)");
        lines.Should().Contain($"Agent project-lead (era Unknown): {_state.SessionsDir}");
        lines.Should().Contain("Sessions: 6");
        Row(lines, "main").Should().Equal("main", "1", "", "", "", "", "", "1", Bytes(HandMadeState.MainSid));
        Row(lines, "project").Should().Equal("project", "1", "1", "", "", "", "", "2", Bytes(HandMadeState.AcmeSid, HandMadeState.LegacySid));
        Row(lines, "cron").Should().Equal("cron", "1", "", "", "", "", "", "1", "0 B");
        Row(lines, "subagent").Should().Equal("subagent", "1", "", "", "", "", "", "1", Bytes(HandMadeState.SubagentSid));
        Row(lines, "group").Should().Equal("group", "1", "", "", "", "", "", "1", Bytes(HandMadeState.GroupSid));
        Row(lines, "orphan transcripts (no entry)").Should().Equal("orphan transcripts (no entry)", "1", "70 B");
        Row(lines, "entries whose transcript is missing").Should().Equal("entries whose transcript is missing", "1", "");
        Row(lines, ".deleted archives (openclaw)").Should().Equal(".deleted archives (openclaw)", "1", "1000 B");
        Row(lines, ".reset archives (openclaw)").Should().Equal(".reset archives (openclaw)", "1", "10 B");
        Row(lines, "store backups (original-scripts)").Should().Equal("store backups (original-scripts)", "1", "500 B");
        lines.Should().Contain($"  session-closer purge-archives --older-than 30d --agent project-lead --state-dir {_state.StateDir} --dry-run");
        lines.Should().Contain("      frees 1.5 KB: 2 archive(s) and store backup(s) older than 30d (archives an operation's restore still needs stay unless --force)");
        lines.Should().Contain($"  OPENCLAW_STATE_DIR={_state.StateDir} openclaw sessions cleanup --agent project-lead --fix-missing --dry-run");
        result.Out.Should().NotContain("\u001b", "no colour off a terminal");
        _state.Snapshot().Should().BeEquivalentTo(before, "report only reads");
    }

    [Fact]
    public void Json_is_one_stable_document_with_counts_and_bytes_per_agent_and_in_total()
    {
        var result = _state.RunIn("report", "--all-agents", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = Json.Parse(result.Out);
        Json.Names(json).Should().Equal("command", "exitCode", "generatedAt", "stateDir", "allAgents", "agents", "total", "operationLog", "commands", "warnings");
        json.Text("generatedAt").Should().Be("2026-09-21T12:00:00.000Z");
        var agents = json.GetProperty("agents").EnumerateArray().ToList();
        agents.Select(a => a.Text("agentId")).Should().Equal("project-lead", "main");
        var usage = agents[0].GetProperty("usage");
        Json.Names(usage).Should().Equal(
            "sessions", "archivedSessions", "byKindAndAge", "liveTranscripts", "orphanTranscripts", "missingTranscripts", "database", "archives",
            "archivesTotal", "storeBackups", "storeBackupsTotal", "store", "staleLocks", "liveLocks", "staleTempFiles", "tempFiles", "journals",
            "skillPromptBlobs", "coldTranscripts", "symlinks", "other", "importArchive", "sessionsDirectory", "totalBytes");
        usage.GetProperty("sessions").GetInt32().Should().Be(6);
        usage.GetProperty("missingTranscripts").GetInt32().Should().Be(1);
        usage.IsNull("database").Should().BeTrue();
        Tally(usage, "orphanTranscripts").Should().Be((1, 70));
        Tally(usage, "archivesTotal").Should().Be((2, 1010));
        Tally(usage, "storeBackupsTotal").Should().Be((1, 500));
        var onDisk = Directory.GetFiles(_state.SessionsDir).Sum(f => new FileInfo(f).Length);
        Tally(usage, "sessionsDirectory").Should().Be((Directory.GetFiles(_state.SessionsDir).Length, onDisk));
        usage.GetProperty("byKindAndAge").EnumerateArray().Sum(g => g.GetProperty("count").GetInt32()).Should().Be(6);
        var total = json.GetProperty("total");
        total.GetProperty("sessions").GetInt32().Should().Be(7, "project-lead's six and main's one");
        total.GetProperty("totalBytes").GetInt64().Should().Be(
            usage.GetProperty("totalBytes").GetInt64() + agents[1].GetProperty("usage").GetProperty("totalBytes").GetInt64());
        var commands = json.GetProperty("commands").EnumerateArray().ToList();
        commands.Select(c => c.Text("command")).Should().Contain($"session-closer purge-archives --older-than 30d --all-agents --state-dir {_state.StateDir} --dry-run");
        commands.Should().OnlyContain(c => Json.Names(c).SequenceEqual(new[] { "command", "why", "bytes", "effect" }));
    }

    [Theory]
    [InlineData("--agent", "main", "--all-agents")]
    [InlineData("--bogus")]
    [InlineData("stray-argument")]
    public void Usage_errors_exit_2_and_with_json_print_the_failure_document(params string[] args)
    {
        var before = _state.Snapshot();

        var text = _state.RunIn(["report", .. args]);
        var json = _state.RunIn(["report", .. args, "--json"]);

        text.ExitCode.Should().Be(2, text.ToString());
        text.Out.Should().BeEmpty();
        json.ExitCode.Should().Be(2);
        var failure = Json.Parse(json.Out);
        failure.Text("command").Should().Be("report");
        failure.GetProperty("exitCode").GetInt32().Should().Be(2);
        _state.Snapshot().Should().BeEquivalentTo(before);
    }

    [Fact]
    public void An_unreadable_store_is_named_the_rest_still_reported_and_the_exit_code_is_5()
    {
        _state.BreakStore();

        var text = _state.RunIn("report", "--all-agents");
        var json = _state.RunIn("report", "--all-agents", "--json");

        text.ExitCode.Should().Be(5, text.ToString());
        text.Out.Should().Contain($"warning: agent project-lead: {_state.StorePath} could not be read").And.Contain("Agent main (era Unknown)");
        json.ExitCode.Should().Be(5);
        var document = Json.Parse(json.Out);
        document.GetProperty("exitCode").GetInt32().Should().Be(5);
        document.GetProperty("agents")[0].Text("problem").Should().StartWith(_state.StorePath);
        document.GetProperty("agents")[1].GetProperty("usage").GetProperty("sessions").GetInt32().Should().Be(1);
    }

    [Fact]
    public void An_unknown_agent_is_refused_as_list_refuses_it()
    {
        var result = _state.RunIn("report", "--agent", "nobody", "--json");

        result.ExitCode.Should().Be(2, result.ToString());
        Json.Parse(result.Out).Text("failure").Should().StartWith("unknown agent \"nobody\"");
    }

    [Fact]
    public void On_a_terminal_a_live_line_counts_the_files_scanned_and_is_erased_before_the_table()
    {
        for (var i = 0; i < 600; i++)
        {
            Write($"{i:D4}.jsonl.deleted.{FixedClock.Stamp}", "x");
        }

        // Every reading of the clock moves it a second on: the line shows from the first count on.
        var result = CliRun.Run(_state.Root, c => c with { Clock = new SteppingClock(), IsErrorTerminal = true }, "report", "--state-dir", _state.StateDir);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Contain("session-closer: scanning project-lead: 256 files").And.Contain("session-closer: scanning project-lead: 512 files");
        TerminalScreen.Replay(result.Error).Should().Equal([""], "the line is erased before the report prints");
        result.Out.Should().Contain("│ .reset archives (openclaw)").And.NotContain("scanning");
    }

    [Fact]
    public void Json_never_shows_the_live_line()
    {
        var result = CliRun.Run(_state.Root, c => c with { Clock = new SteppingClock(), IsErrorTerminal = true }, "report", "--state-dir", _state.StateDir, "--json");

        result.ExitCode.Should().Be(0);
        result.Error.Should().BeEmpty();
    }

    /// <summary>The primary transcripts' bytes as the table prints them.</summary>
    private string Bytes(params string[] sessionIds)
    {
        var bytes = sessionIds.Sum(sid => new FileInfo(_state.Transcript(sid)).Length);
        return bytes < 1024 ? $"{bytes} B" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");
    }

    private static (int Count, long Bytes) Tally(JsonElement usage, string name) =>
        (usage.GetProperty(name).GetProperty("count").GetInt32(), usage.GetProperty(name).GetProperty("bytes").GetInt64());

    /// <summary>The cells of the table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(string[] lines, string first) =>
        lines.Select(line => line.Split('│', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 2 && cells[1] == first)
            .Select(cells => cells[1..^1])
            .Single();

    /// <summary>A clock whose every timestamp is a second after the last; otherwise <see cref="FixedClock.Now"/>.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override DateTimeOffset GetUtcNow() => FixedClock.Now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond);
    }
}
