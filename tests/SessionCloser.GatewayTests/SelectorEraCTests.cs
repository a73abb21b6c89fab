using System.Globalization;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using AwesomeAssertions.Execution;
using SessionCloser.Fixtures;
using SessionCloser.Fixtures.RealOpenClaw;
using SessionCloser.Fixtures.Selectors;

namespace SessionCloser.GatewayTests;

/// <summary>
/// Issue 12 on a real 2026.9.6 state (three agents; cron jobs and their runs, subagents, groups, DMs, projects, hooks,
/// archived sessions; ages 0–90 days) with its gateway running: selector runs close through the gateway exactly what
/// <see cref="SelectorOracle"/> picks, so that <c>openclaw sessions --json --all-agents</c> lists exactly the sessions
/// that should remain. One state and one gateway start-up for the class.
/// </summary>
public sealed class SelectorEraCTests(SelectorEraCState state) : IClassFixture<SelectorEraCState>
{
    [Fact]
    public async Task Selector_runs_through_the_gateway_leave_exactly_the_sessions_the_oracle_keeps()
    {
        var cronRuns = new SelectorQuery { Kinds = ["cron-run"], OlderThan = TimeSpan.FromDays(1) };
        var subagents = new SelectorQuery { Match = ["agent:*:subagent:*"], OlderThan = TimeSpan.FromDays(7) };
        var firstPicks = SelectorOracle.Picks(state.Sessions, cronRuns, DateTimeOffset.UtcNow);
        var remaining = state.Sessions.Except(firstPicks).ToList();
        var secondPicks = SelectorOracle.Picks(remaining, subagents, DateTimeOffset.UtcNow);
        firstPicks.Should().NotBeEmpty();
        secondPicks.Should().NotBeEmpty();

        var first = await state.Sandbox.RunBinAsync("session-closer", ["close", "--state-dir", state.Sandbox.StateDir, "--all-agents", .. cronRuns.Arguments(), "--yes", "--json"]);
        first.ExitCode.Should().Be(0, first.Describe());
        SweepJson.Lines(first.Json(), "closed").Select(l => (l.AgentId, l.Key)).Should().BeEquivalentTo(firstPicks.Select(s => (s.AgentId, s.Key)), first.Describe());
        var afterFirst = await state.ListAsync();
        afterFirst.Keys.Should().BeEquivalentTo(remaining.Select(s => (s.AgentId, s.Key)), "openclaw lists exactly what should remain:\n" + first.Describe());

        var second = await state.Sandbox.RunBinAsync("session-closer", ["close", "--state-dir", state.Sandbox.StateDir, "--all-agents", .. subagents.Arguments(), "--yes", "--json"]);
        second.ExitCode.Should().Be(0, second.Describe());
        SweepJson.Lines(second.Json(), "closed").Select(l => (l.AgentId, l.Key)).Should().BeEquivalentTo(secondPicks.Select(s => (s.AgentId, s.Key)), second.Describe());
        var afterSecond = await state.ListAsync();
        using (new AssertionScope(second.Describe()))
        {
            afterSecond.Keys.Should().BeEquivalentTo(remaining.Except(secondPicks).Select(s => (s.AgentId, s.Key)), "openclaw lists exactly what should remain");
            foreach (var session in remaining.Except(secondPicks))
            {
                afterSecond[(session.AgentId, session.Key)].Should().Be(session.SessionId, $"{session} is the same session");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2026.9.6 selectors: {firstPicks.Count} cron runs closed through the gateway in {first.Duration.TotalSeconds:F1} s, {secondPicks.Count} subagents in {second.Duration.TotalSeconds:F1} s; import {state.ImportTime.TotalSeconds:F1} s, gateway ready {state.Gateway.StartupTime.TotalSeconds:F1} s"));
    }

    [Fact]
    public async Task The_report_counts_the_sessions_the_database_holds_and_its_size_is_the_files()
    {
        var report = await state.Sandbox.RunBinAsync("session-closer", ["report", "--state-dir", state.Sandbox.StateDir, "--all-agents", "--json"]);
        var listed = await state.ListAsync();

        report.ExitCode.Should().Be(0, report.Describe());
        var agents = report.Json()["agents"]!.AsArray().OfType<JsonObject>().ToDictionary(a => (string)a["agentId"]!);
        agents.Keys.Should().BeEquivalentTo(state.AgentIds, report.Describe());
        using (new AssertionScope(report.Describe()))
        {
            foreach (var agent in state.AgentIds)
            {
                var usage = agents[agent]["usage"]!;
                ((int)usage["sessions"]!).Should().Be(listed.Keys.Count(k => k.AgentId == agent), $"{agent}: the sessions openclaw sessions --json lists from the database");
                var database = Path.Combine(state.Sandbox.StateDir, "agents", agent, "agent", "openclaw-agent.sqlite");
                ((string?)agents[agent]["databasePath"]).Should().Be(database);
                var size = usage["database"]!;
                ((long)size["main"]!).Should().Be(new FileInfo(database).Length, $"{agent}: the database file");
                ((long)size["wal"]!).Should().Be(Length(database + "-wal"), $"{agent}: its -wal");
                ((long)size["shm"]!).Should().Be(Length(database + "-shm"), $"{agent}: its -shm");
                ((long)size["bytes"]!).Should().Be(new FileInfo(database).Length + Length(database + "-wal") + Length(database + "-shm"));
                var sessionsDir = state.Sandbox.SessionsDir(agent);
                Tally(usage, "sessionsDirectory").Should().Be(OnDisk(sessionsDir), $"{agent}: the files of its sessions directory");
                // The gateway's .zst exports of what it deleted (session-closer's once its operation record names them) and the planted one.
                var archives = Directory.GetFiles(sessionsDir, "*.deleted.*");
                var deleted = Archives(usage).Where(a => a.Key.StartsWith("deleted/", StringComparison.Ordinal)).Select(a => a.Value).ToList();
                (deleted.Sum(d => d.Item1), deleted.Sum(d => d.Item2)).Should().Be((archives.Length, archives.Sum(Length)), $"{agent}: the gateway's archives");
            }
        }
    }

    [Fact]
    public void The_report_with_the_gateway_stopped_only_reads_and_counts_the_database_the_directories_and_the_import_archive()
    {
        var report = state.OfflineReport;
        report.ExitCode.Should().Be(0, report.Describe());
        state.OfflineChanges.Should().BeEmpty("report only reads, the databases included");
        var agents = report.Json()["agents"]!.AsArray().OfType<JsonObject>().ToDictionary(a => (string)a["agentId"]!);
        using (new AssertionScope(report.Describe()))
        {
            foreach (var agent in state.AgentIds)
            {
                var usage = agents[agent]["usage"]!;
                ((string?)agents[agent]["era"]).Should().Be("C");
                ((int)usage["sessions"]!).Should().Be(state.Sessions.Count(s => s.AgentId == agent), $"{agent}: every session imported");
                ((int)usage["archivedSessions"]!).Should().Be(state.Sessions.Count(s => s.AgentId == agent && s.Archived));
                usage["missingTranscripts"].Should().BeNull("transcripts are database rows in era C");
                foreach (var kind in new[] { "cron-run", "subagent", "main", "group" })
                {
                    usage["byKindAndAge"]!.AsArray().Where(g => (string?)g!["kind"] == kind).Sum(g => (int)g!["count"]!)
                        .Should().Be(state.Sessions.Count(s => s.AgentId == agent && s.Kind == kind), $"{agent}: {kind} sessions");
                }

                var (sessionsDir, importArchive) = state.OfflineFiles[agent];
                Tally(usage, "sessionsDirectory").Should().Be(sessionsDir, $"{agent}: the files of its sessions directory");
                importArchive.Item1.Should().BePositive($"{agent}: doctor --fix moved the legacy store and its transcripts aside");
                Tally(usage, "importArchive").Should().Be(importArchive, $"{agent}: the import archive");
            }

            Archives(agents[state.AgentIds[0]]["usage"]!).Should().BeEquivalentTo(new Dictionary<string, (int, long)> { ["deleted/openclaw"] = (1, SelectorEraCState.PlantedArchiveBytes) });
        }
    }

    internal static (int Count, long Bytes) OnDisk(string directory)
    {
        var files = Directory.Exists(directory) ? new DirectoryInfo(directory).GetFiles("*", SearchOption.AllDirectories) : [];
        return (files.Length, files.Sum(f => f.Length));
    }

    private static (int Count, long Bytes) Tally(JsonNode usage, string name) => ((int)usage[name]!["count"]!, (long)usage[name]!["bytes"]!);

    private static Dictionary<string, (int, long)> Archives(JsonNode usage) =>
        usage["archives"]!.AsArray().ToDictionary(a => $"{(string)a!["reason"]!}/{(string)a["maker"]!}", a => ((int)a!["count"]!, (long)a["bytes"]!));

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}

/// <summary>The class's one 2026.9.6 sandbox: three agents' sessions imported by the real OpenClaw, then its gateway started.</summary>
public sealed class SelectorEraCState : IAsyncLifetime
{
    public IReadOnlyList<string> AgentIds { get; } = ["main", "project-lead", "ops"];

    private OpenClawSandbox? _sandbox;
    private GatewayProcess? _gateway;

    public OpenClawSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("not started");

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<SelectorSession> Sessions { get; private set; } = [];

    public TimeSpan ImportTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _sandbox = OpenClawSandbox.Create(OpenClawInstall.EraC, AgentIds);
        // 2026.9.6's gateway removes old sessions by itself, at times of its own choosing: its cron-reaper deletes cron
        // runs older than cron.sessionRetention (24h) every 5 minutes, and its session maintenance (mode enforce,
        // pruneAfter 30d) deletes synthetic keys (subagent:, cron:, hook: …) and archives others past 30 days, some
        // time after start (docs/openclaw-facts.md). Both off here, so what remains is session-closer's doing alone.
        _sandbox.WriteConfig(maintenance: new JsonObject { ["mode"] = "warn" }, gateway: true, cron: new JsonObject { ["sessionRetention"] = false });
        var now = DateTimeOffset.UtcNow;
        var specs = AgentIds.SelectMany(Specs).ToList();
        Sessions = [.. specs.Select(s => s.Oracle(now))];
        var started = System.Diagnostics.Stopwatch.StartNew();
        var byAgent = AgentIds.ToDictionary(a => a, a => (IReadOnlyList<EraCSession>)[.. specs.Where(s => s.AgentId == a).Select(s => s.ToEraC())]);
        await EraCState.ImportAsync(_sandbox, byAgent, now);
        ImportTime = started.Elapsed;

        // report with the gateway stopped, before it starts: it must only read (the databases included), and count an
        // OpenClaw archive left in a sessions directory.
        await File.WriteAllTextAsync(PlantedArchive, new string('x', PlantedArchiveBytes));
        var before = DirectorySnapshot.Take(_sandbox.StateDir);
        OfflineReport = await _sandbox.RunBinAsync("session-closer", ["report", "--state-dir", _sandbox.StateDir, "--all-agents", "--json"]);
        OfflineChanges = before.DiffTo(DirectorySnapshot.Take(_sandbox.StateDir));
        OfflineFiles = AgentIds.ToDictionary(a => a, a => (SelectorEraCTests.OnDisk(_sandbox.SessionsDir(a)), SelectorEraCTests.OnDisk(ImportArchive(a))));

        _gateway = await _sandbox.StartGatewayAsync();
    }

    /// <summary>A <c>.deleted</c> archive OpenClaw would have left (its own name), planted in the first agent's sessions directory.</summary>
    public string PlantedArchive => Path.Combine(Sandbox.SessionsDir(AgentIds[0]), "0b5e7a52-1c1d-4c55-9a43-2f0d3c1b8e01.jsonl.deleted.2026-01-02T03-04-05.678Z");

    public const int PlantedArchiveBytes = 4321;

    /// <summary><c>report --all-agents --json</c> run with the gateway stopped, right after the import.</summary>
    public CommandResult OfflineReport { get; private set; } = null!;

    /// <summary>What that report changed in the state directory (nothing, byte for byte).</summary>
    public IReadOnlyList<string> OfflineChanges { get; private set; } = [];

    /// <summary>Per agent, (count, bytes) of its sessions directory and of its import archive when that report ran.</summary>
    public IReadOnlyDictionary<string, ((int, long) Sessions, (int, long) ImportArchive)> OfflineFiles { get; private set; } = new Dictionary<string, ((int, long), (int, long))>();

    /// <summary>Where 2026.9.6's <c>doctor --fix</c> moves a legacy store and its transcripts after importing them.</summary>
    public string ImportArchive(string agentId) => Path.Combine(Path.GetDirectoryName(Sandbox.SessionsDir(agentId))!, "session-sqlite-import-archive");

    /// <summary>(agent, key) → sessionId of every session <c>openclaw sessions --json --all-agents --limit all</c> lists.</summary>
    public async Task<Dictionary<(string AgentId, string Key), string?>> ListAsync()
    {
        var result = await Sandbox.OpenClawAsync(["sessions", "--json", "--all-agents", "--limit", "all"], TimeSpan.FromMinutes(3));
        result.ExitCode.Should().Be(0, result.Describe());
        return result.Json()["sessions"]!.AsArray().OfType<JsonObject>().ToDictionary(
            row => ((string?)row["agentId"] ?? ((string)row["key"]!).Split(':')[1], (string)row["key"]!),
            row => (string?)row["sessionId"]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>One agent's sessions: what a few months of a busy install leave.</summary>
    private static IEnumerable<Spec> Specs(string agent)
    {
        var p = $"agent:{agent}:";
        var main = p + "main";
        yield return new(agent, main, "main", 0.1);
        yield return new(agent, p + "cron:nightly", "cron", 0.4);
        foreach (var age in new[] { 0.2, 0.6, 2.3, 9.4, 40.2, 88.5 })
        {
            yield return new(agent, p + "cron:nightly:run:" + Guid.NewGuid(), "cron-run", age) { CronJob = p + "cron:nightly" };
        }

        yield return new(agent, p + "cron:nightly:run:" + Guid.NewGuid(), "cron-run", 30.2, ArchivedDaysAgo: 29) { CronJob = p + "cron:nightly" };
        yield return new(agent, p + "cron:weekly", "cron", 3.2);
        yield return new(agent, p + "cron:weekly:run:" + Guid.NewGuid(), "cron-run", 3.3) { CronJob = p + "cron:weekly" };
        yield return new(agent, p + "cron:weekly:run:" + Guid.NewGuid(), "cron-run", 17.2) { CronJob = p + "cron:weekly" };
        foreach (var age in new[] { 0.3, 8.2, 50.1 })
        {
            yield return new(agent, p + "subagent:" + Guid.NewGuid(), "subagent", age) { SpawnedBy = main };
        }

        yield return new(agent, p + "subagent:" + Guid.NewGuid(), "subagent", 21.2, ArchivedDaysAgo: 20) { SpawnedBy = main };
        yield return new(agent, p + "telegram:group:-1001234567", "group", 60.2) { ChatType = "group" };
        yield return new(agent, p + "telegram:direct:4242", "direct", 20.2) { ChatType = "direct" };
        yield return new(agent, p + "webshop-relaunch", "project", 70.2, Label: "Webshop relaunch");
        yield return new(agent, p + "hook:" + Guid.NewGuid(), "hook", 12.2);
    }

    /// <summary>One session as made: its kind by construction, its age in days (never near a whole day).</summary>
    private sealed record Spec(string AgentId, string Key, string Kind, double AgeDays, double? ArchivedDaysAgo = null, string? Label = null)
    {
        public string? ChatType { get; init; }

        public string? SpawnedBy { get; init; }

        public string? CronJob { get; init; }

        public string SessionId { get; } = Guid.NewGuid().ToString();

        public TimeSpan Age => TimeSpan.FromDays(AgeDays);

        public EraCSession ToEraC()
        {
            var extra = new JsonObject();
            if (ChatType is not null)
            {
                extra["chatType"] = ChatType;
            }

            if (SpawnedBy is not null)
            {
                extra["spawnedBy"] = SpawnedBy;
                extra["parentSessionKey"] = SpawnedBy;
                extra["spawnDepth"] = 1;
            }

            return new(Key, Age, ArchivedDaysAgo is { } a ? TimeSpan.FromDays(a) : null, Label) { SessionId = SessionId, Extra = extra };
        }

        public SelectorSession Oracle(DateTimeOffset now) =>
            new(AgentId, Key, Kind, SessionId, now.Add(-Age).ToUnixTimeMilliseconds(), ArchivedDaysAgo is not null, Label, ChatType, SpawnedBy, CronJob, RunInProgress: false, []);
    }
}
