using System.Text.Json.Nodes;
using AwesomeAssertions;
using AwesomeAssertions.Execution;
using SessionCloser.Fixtures;
using SessionCloser.Fixtures.Selectors;

namespace SessionCloser.EndToEnd;

/// <summary>
/// Close by selectors through bin/session-closer on generated multi-agent stores of both file eras: every selector
/// (and a few combinations) plans exactly the sessions <see cref="SelectorOracle"/> names, never a protected one, with
/// a reason for each session left; the real run closes exactly those (store entries and archives on disk), writes one
/// operation record per store, and <c>restore &lt;id&gt;</c> gives each store back byte for byte; with no terminal
/// and no <c>--yes</c> it is refused (exit 2) and nothing changes.
/// </summary>
[Collection(SelectorStates.Collection)]
public sealed class SelectorTests(SelectorStates states)
{
    public static TheoryData<FileEra, string> PlanCases()
    {
        var data = new TheoryData<FileEra, string>();
        foreach (var era in new[] { FileEra.A, FileEra.B })
        {
            foreach (var name in Queries.Keys)
            {
                data.Add(era, name);
            }
        }

        return data;
    }

    /// <summary>Each selector alone, then combinations (AND across selectors, OR within --match and --kind).</summary>
    internal static readonly IReadOnlyDictionary<string, SelectorQuery> Queries = new Dictionary<string, SelectorQuery>
    {
        ["older-than 30d"] = new() { OlderThan = TimeSpan.FromDays(30) },
        ["match cron runs"] = new() { Match = ["agent:*:cron:*:run:*"] },
        ["match two globs"] = new() { Match = ["agent:ops:*", "agent:research:subagent:*"] },
        ["kind cron-run older than 1d"] = new() { Kinds = ["cron-run"], OlderThan = TimeSpan.FromDays(1) },
        ["kind cron"] = new() { Kinds = ["cron"] },
        ["kind subagent older than 7d"] = new() { Kinds = ["subagent"], OlderThan = TimeSpan.FromDays(7) },
        ["kind project"] = new() { Kinds = ["project"] },
        ["kind list hook,node,heartbeat"] = new() { Kinds = ["hook,node,heartbeat"] },
        ["kind direct and acp"] = new() { Kinds = ["direct", "acp"] },
        ["kind model-run"] = new() { Kinds = ["model-run"] },
        ["kind group without --include-groups"] = new() { Kinds = ["group", "channel", "thread", "topic"] },
        ["archived"] = new() { Archived = true },
        ["active older than 60d"] = new() { Archived = false, OlderThan = TimeSpan.FromDays(60) },
        ["except"] = new() { Match = ["agent:*:cron:*:run:*"], Except = ["EXCEPT-1", "EXCEPT-2"] },
        ["keep-last 2 cron runs"] = new() { Kinds = ["cron-run"], KeepLast = 2 },
        ["include-groups older than 45d"] = new() { OlderThan = TimeSpan.FromDays(45), IncludeGroups = true },
        ["force older than 20d"] = new() { OlderThan = TimeSpan.FromDays(20), Force = true },
    };

    [Theory]
    [MemberData(nameof(PlanCases))]
    public async Task The_dry_run_plan_picks_exactly_the_oracle_sessions_and_says_why_each_other_stays(FileEra era, string name)
    {
        var state = states.For(era);
        var query = Resolve(Queries[name], state);
        var before = DirectorySnapshot.Take(state.StateDir);

        var result = await Repo.RunAsync("session-closer", ["close", "--state-dir", state.StateDir, "--all-agents", .. query.Arguments(), "--dry-run", "--json"]);

        var expected = SelectorOracle.Picks(state.Sessions, query, DateTimeOffset.UtcNow);
        var nothingToPick = name == "kind group without --include-groups" || (name == "archived" && era == FileEra.A);
        (expected.Count > 0).Should().Be(!nothingToPick, "every other case picks something, so a plan that picks nothing fails it");
        using (new AssertionScope($"{era} {query}\n{Repo.Describe(result)}"))
        {
            result.ExitCode.Should().Be(0);
            var document = JsonNode.Parse(result.StandardOutput)!;
            var stores = SweepJson.Stores(document);
            stores.Select(s => s.AgentId).Should().BeEquivalentTo(state.Agents, "--all-agents plans every agent's store");
            var picked = SweepJson.Lines(document, "closed").Select(l => (l.AgentId, l.Key)).ToList();
            picked.Should().BeEquivalentTo(expected.Select(s => (s.AgentId, s.Key)), "the plan picks exactly the oracle's sessions");
            picked.Should().OnlyHaveUniqueItems();
            foreach (var session in state.Sessions.Where(s => SelectorOracle.Protection(s, query) is not null))
            {
                picked.Should().NotContain((session.AgentId, session.Key), $"{session} is protected ({SelectorOracle.Protection(session, query)})");
            }

            var lines = SweepJson.Lines(document);
            lines.Select(l => (l.AgentId, l.Key)).Should().BeEquivalentTo(state.Sessions.Select(s => (s.AgentId, s.Key)), "the plan accounts for every session, picked or left");
            lines.Where(l => l.Status != "closed").Should().OnlyContain(l => !string.IsNullOrWhiteSpace(l.Reason), "every session left says why");
            var pickedIfForced = SelectorOracle.Picks(state.Sessions, query with { Force = true }, DateTimeOffset.UtcNow).ToHashSet();
            foreach (var line in lines.Where(l => l.Status != "closed"))
            {
                var session = state.Sessions.Single(s => s.AgentId == line.AgentId && s.Key == line.Key);
                switch (SelectorOracle.Protection(session, query))
                {
                    case "in progress" when pickedIfForced.Contains(session):
                        line.Reason.Should().Contain("progress", $"{session} has a live transcript lock");
                        line.Status.Should().Be("skipped", $"{session} would be picked but for its run in progress");
                        break;
                    case "protected":
                        line.Reason.Should().MatchRegex("(?i)main|protected", $"{session} is protected");
                        break;
                    case "group":
                        line.Reason.Should().MatchRegex("(?i)group|channel|thread|topic", $"{session} is a group session");
                        break;
                }
            }
        }

        DirectorySnapshot.Take(state.StateDir).DiffTo(before).Should().BeEmpty("a dry run changes nothing");
    }

    [Theory]
    [InlineData(FileEra.A)]
    [InlineData(FileEra.B)]
    public async Task The_real_run_closes_exactly_the_plan_one_record_per_store_and_restore_gives_each_store_back(FileEra era)
    {
        using var temp = new TempDir();
        var state = SelectorState.Generate(Path.Join(temp.Path, "state"), era, DateTimeOffset.UtcNow);
        var query = new SelectorQuery { OlderThan = TimeSpan.FromDays(7), Match = ["agent:*:cron:*:run:*", "agent:*:subagent:*", "agent:*:hook:*", "hook:*"] };
        var stores = state.Agents.ToDictionary(a => a, a => File.ReadAllBytes(state.StorePath(a)));
        var untouched = Hashes(state.Sessions.SelectMany(s => s.Files).Concat(AllLeftovers(state)).Where(File.Exists));
        var expected = SelectorOracle.Picks(state.Sessions, query, DateTimeOffset.UtcNow);
        expected.Select(s => s.AgentId).Distinct().Should().HaveCountGreaterThan(1, "the case must close in several agents' stores");

        var result = await Repo.RunAsync("session-closer", ["close", "--state-dir", state.StateDir, "--all-agents", .. query.Arguments(), "--yes", "--json"]);

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        var document = JsonNode.Parse(result.StandardOutput)!;
        SweepJson.Lines(document, "closed").Select(l => (l.AgentId, l.Key)).Should().BeEquivalentTo(expected.Select(s => (s.AgentId, s.Key)), Repo.Describe(result));
        var closedFiles = expected.SelectMany(s => s.Files).Where(untouched.ContainsKey).ToHashSet(StringComparer.Ordinal);
        using (new AssertionScope(Repo.Describe(result)))
        {
            foreach (var agent in state.Agents)
            {
                var gone = expected.Where(s => s.AgentId == agent).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
                var keys = JsonNode.Parse(File.ReadAllText(state.StorePath(agent)))!.AsObject().Select(p => p.Key);
                keys.Should().BeEquivalentTo(state.Of(agent).Select(s => s.Key).Where(k => !gone.Contains(k)), $"{agent}'s store keeps every session not picked");
            }

            foreach (var file in closedFiles)
            {
                File.Exists(file).Should().BeFalse($"{file} belonged to a closed session");
                Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + ".deleted.*").Should().ContainSingle($"{file} is archived under OpenClaw's name");
            }

            foreach (var (file, hash) in untouched.Where(u => !closedFiles.Contains(u.Key)))
            {
                Hash(file).Should().Be(hash, $"{file} is not a closed session's: untouched");
            }
        }

        var changedStores = SweepJson.Stores(document).Where(s => s.Lines.Any(l => l.Status == "closed")).ToList();
        changedStores.Select(s => s.AgentId).Should().BeEquivalentTo(expected.Select(s => s.AgentId).Distinct());
        changedStores.Should().OnlyContain(s => s.OperationId != null, "each store's close is one operation in the log");
        changedStores.Select(s => s.OperationId).Should().OnlyHaveUniqueItems();
        var records = Directory.GetFiles(Path.Join(state.StateDir, "session-closer", "operations"), "*.json");
        records.Should().HaveCount(changedStores.Count, "one operation record per store");
        state.Agents.Except(changedStores.Select(s => s.AgentId)).Should().OnlyContain(a => File.ReadAllBytes(state.StorePath(a)).SequenceEqual(stores[a]), "a store with nothing to close is not touched");

        foreach (var store in changedStores)
        {
            var restore = await Repo.RunAsync("session-closer", ["restore", store.OperationId!, "--agent", store.AgentId, "--state-dir", state.StateDir]);
            restore.ExitCode.Should().Be(0, Repo.Describe(restore));
            File.ReadAllBytes(state.StorePath(store.AgentId)).Should().Equal(stores[store.AgentId], $"restore {store.OperationId} gives {store.AgentId}'s store back byte for byte");
        }

        foreach (var (file, hash) in untouched)
        {
            (File.Exists(file) ? Hash(file) : "(missing)").Should().Be(hash, $"{file} is back after the restores");
        }
    }

    [Theory]
    [InlineData(FileEra.A)]
    [InlineData(FileEra.B)]
    public async Task Without_a_terminal_and_without_yes_a_selector_run_is_refused_with_exit_2_and_nothing_changes(FileEra era)
    {
        var state = states.For(era);
        var before = DirectorySnapshot.Take(state.StateDir);

        var text = await Repo.RunAsync("session-closer", ["close", "--state-dir", state.StateDir, "--all-agents", "--older-than", "1d"]);
        var json = await Repo.RunAsync("session-closer", ["close", "--state-dir", state.StateDir, "--agent", "ops", "--kind", "cron-run", "--json"]);

        text.ExitCode.Should().Be(2, Repo.Describe(text));
        text.StandardError.Should().Contain("--yes").And.Contain("--dry-run");
        json.ExitCode.Should().Be(2, Repo.Describe(json));
        var failure = JsonNode.Parse(json.StandardOutput)!;
        ((int?)failure["exitCode"]).Should().Be(2, Repo.Describe(json));
        ((string?)failure["failure"]).Should().Contain("--yes");
        DirectorySnapshot.Take(state.StateDir).DiffTo(before).Should().BeEmpty("a refused selector run changes nothing");
    }

    /// <summary>--except names real keys of the state: the two newest cron runs of the first agent with any.</summary>
    private static SelectorQuery Resolve(SelectorQuery query, SelectorState state)
    {
        if (query.Except.Count == 0)
        {
            return query;
        }

        var runs = state.Sessions.Where(s => s.Kind == "cron-run").OrderByDescending(s => s.UpdatedAt).Take(query.Except.Count).Select(s => s.Key).ToList();
        runs.Should().HaveCount(query.Except.Count);
        return query with { Except = runs };
    }

    private static IEnumerable<string> AllLeftovers(SelectorState state)
    {
        var l = state.Leftovers;
        // Not the temp files: a dead writer's sessions.json.<pid>.<uuid>.tmp is swept by any real run (LeftoverSweep).
        return l.DeletedArchives.Concat(l.ResetArchives).Concat(l.ScriptBackups).Concat(l.OpenClawBackups).Concat(l.OrphanTranscripts).Concat(l.LiveLocks);
    }

    private static Dictionary<string, string> Hashes(IEnumerable<string> files) => files.Distinct().ToDictionary(f => f, Hash, StringComparer.Ordinal);

    private static string Hash(string file) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
}

/// <summary>One generated state per file era, shared by the tests that only read it (dry runs, refusals).</summary>
/// <summary>The two generated states (eras A and B), made once for every selector class: their tests only read them.</summary>
[CollectionDefinition(SelectorStates.Collection)]
public sealed class SelectorStatesShared : ICollectionFixture<SelectorStates>;

public sealed class SelectorStates : IDisposable
{
    public const string Collection = "selector states";

    private readonly TempDir _root = new();
    private readonly Dictionary<FileEra, SelectorState> _states = [];

    public SelectorState For(FileEra era)
    {
        lock (_states)
        {
            if (!_states.TryGetValue(era, out var state))
            {
                _states[era] = state = SelectorState.Generate(Path.Join(_root.Path, era.ToString(), "state"), era, DateTimeOffset.UtcNow);
            }

            return state;
        }
    }

    public void Dispose() => _root.Dispose();
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sc-e2e-sel-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>
/// The selector state itself, read back through <c>session-closer list --all-agents --json</c>: every session the
/// oracle knows is listed in its agent, every kind and every mark the tests rely on is there (so a selector test
/// cannot pass on a state that lacks what it is about).
/// </summary>
[Collection(SelectorStates.Collection)]
public sealed class SelectorStateTests(SelectorStates states)
{
    [Theory]
    [InlineData(FileEra.A)]
    [InlineData(FileEra.B)]
    public async Task The_state_has_every_kind_and_mark_and_list_shows_each_session(FileEra era)
    {
        var state = states.For(era);

        var result = await Repo.RunAsync("session-closer", ["list", "--state-dir", state.StateDir, "--all-agents", "--json"]);

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        var rows = JsonNode.Parse(result.StandardOutput)!["sessions"]!.AsArray().OfType<JsonObject>().ToList();
        rows.Select(r => ((string)r["agentId"]!, (string)r["key"]!)).Should().BeEquivalentTo(state.Sessions.Select(s => (s.AgentId, s.Key)), Repo.Describe(result));
        state.Agents.Should().HaveCountGreaterThanOrEqualTo(3);
        state.Sessions.Select(s => s.Kind).Distinct().Should().Contain(
            ["main", "project", "direct", "group", "channel", "thread", "topic", "cron", "cron-run", "subagent", "acp", "hook", "node", "heartbeat", "model-run", "explicit", "global", "unknown"]);
        state.Sessions.Where(s => s.Kind == "project").Select(s => s.Key).Should().Contain(k => k.Contains(":project-", StringComparison.Ordinal), "the legacy project spelling")
            .And.Contain(k => !k.Contains(":project-", StringComparison.Ordinal), "the current project spelling");
        state.Sessions.Should().Contain(s => s.SpawnedBy != null && s.Kind == "explicit", "a spawned child that is not a subagent key");
        state.Sessions.Should().Contain(s => s.ChatType == "group" && s.Kind == "explicit", "an entry that is a group by its chatType alone");
        state.Sessions.Count(s => s.RunInProgress).Should().Be(state.Agents.Count - 1, "one live run per agent but the default");
        rows.Where(r => r["flags"]!.AsArray().Any(f => (string?)f == "active-run")).Select(r => (string)r["key"]!)
            .Should().BeEquivalentTo(state.Sessions.Where(s => s.RunInProgress).Select(s => s.Key), "list sees the live lock as a run in progress");
        state.Sessions.Select(s => (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(s.UpdatedAt)).TotalDays).Should().OnlyContain(d => d >= 0 && d < 91);
        if (era == FileEra.B)
        {
            state.Sessions.Should().Contain(s => s.Archived && s.Kind == "subagent").And.Contain(s => s.Archived && s.Kind == "cron-run" || s.Archived && s.Kind == "project");
        }
        else
        {
            state.Sessions.Should().NotContain(s => s.Archived, "2026.4.x has no archivedAt");
            state.Leftovers.StaleLocks.Should().Contain(l => l.EndsWith("sessions.json.lock", StringComparison.Ordinal));
        }

        var leftovers = state.Leftovers;
        foreach (var files in new[] { leftovers.DeletedArchives, leftovers.ResetArchives, leftovers.ScriptBackups, leftovers.OpenClawBackups, leftovers.OrphanTranscripts, leftovers.StaleLocks, leftovers.LiveLocks, leftovers.TempFiles })
        {
            files.Should().NotBeEmpty().And.OnlyContain(f => File.Exists(f));
        }
    }
}

/// <summary>
/// <c>session-closer report --all-agents --json</c> on the multi-agent state of both file eras: per agent, the
/// session counts equal the state's (all, archived, missing transcripts), and the archives, store backups and live
/// transcripts it counts equal the files on disk (count and bytes, found here by name); it changes nothing.
/// </summary>
[Collection(SelectorStates.Collection)]
public sealed class SelectorReportTests(SelectorStates states)
{
    [Theory]
    [InlineData(FileEra.A)]
    [InlineData(FileEra.B)]
    public async Task The_report_counts_equal_the_state_and_the_files_on_disk(FileEra era)
    {
        var state = states.For(era);
        var before = DirectorySnapshot.Take(state.StateDir);

        var result = await Repo.RunAsync("session-closer", ["report", "--state-dir", state.StateDir, "--all-agents", "--json"]);

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        var document = JsonNode.Parse(result.StandardOutput)!;
        var agents = document["agents"]!.AsArray().OfType<JsonObject>().ToDictionary(a => (string)a["agentId"]!);
        agents.Keys.Should().BeEquivalentTo(state.Agents, Repo.Describe(result));
        using (new AssertionScope(Repo.Describe(result)))
        {
            foreach (var agent in state.Agents)
            {
                var usage = agents[agent]["usage"]!;
                var own = state.Of(agent).ToList();
                var files = new DirectoryInfo(state.SessionsDir(agent)).GetFiles();
                ((int)usage["sessions"]!).Should().Be(own.Count, $"{agent}: every entry");
                ((int)usage["archivedSessions"]!).Should().Be(own.Count(s => s.Archived), $"{agent}: archivedAt entries");
                ((int?)usage["missingTranscripts"]).Should().Be(own.Count(s => s.TranscriptMissing), $"{agent}: entries whose transcript is not on disk");
                usage["byKindAndAge"]!.AsArray().Sum(g => (int)g!["count"]!).Should().Be(own.Count, $"{agent}: the kind and age buckets hold every session");
                Tally(usage["archivesTotal"]).Should().Be(Sum(files.Where(f => f.Name.Contains(".jsonl.deleted.", StringComparison.Ordinal) || f.Name.Contains(".jsonl.reset.", StringComparison.Ordinal))), $"{agent}: .deleted and .reset archives on disk");
                Tally(usage["storeBackupsTotal"]).Should().Be(Sum(files.Where(f => f.Name.StartsWith("sessions.json.bak", StringComparison.Ordinal))), $"{agent}: store backups on disk");
                Tally(usage["liveLocks"]).Count.Should().Be(own.Count(s => s.RunInProgress), $"{agent}: the live transcript lock");
                Tally(usage["orphanTranscripts"]).Count.Should().BeGreaterThanOrEqualTo(1, $"{agent}: the orphan transcript the state left");
                ((long)usage["totalBytes"]!).Should().Be(new DirectoryInfo(state.SessionsDir(agent)).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length), $"{agent}: every byte of the sessions directory");
            }
        }

        DirectorySnapshot.Take(state.StateDir).DiffTo(before).Should().BeEmpty("report only reads");
    }

    private static (int Count, long Bytes) Tally(JsonNode? tally) => ((int)tally!["count"]!, (long)tally["bytes"]!);

    private static (int Count, long Bytes) Sum(IEnumerable<FileInfo> files)
    {
        var list = files.ToList();
        return (list.Count, list.Sum(f => f.Length));
    }
}
