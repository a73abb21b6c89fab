using System.Text.Json;
using System.Text.RegularExpressions;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// <c>close</c> by selectors on the hand-made state (its ages are fixed against <see cref="FixedClock"/>): the plan
/// text and JSON of a dry run, the question on a terminal (yes, no, nothing to ask), <c>--yes</c> with its lines,
/// operation ids and the restore that undoes it, and <c>list</c> with the same selectors.
/// </summary>
public sealed partial class SelectorRunTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    /// <summary>The bytes of acme's transcript and topic transcript and legacy's transcript: what closing both projects archives.</summary>
    private long Bytes => new[] { _state.Transcript(HandMadeState.AcmeSid), Path.Join(_state.SessionsDir, $"{HandMadeState.AcmeSid}-topic-42.jsonl"), _state.Transcript(HandMadeState.LegacySid) }.Sum(f => new FileInfo(f).Length);

    [Fact]
    public void A_dry_run_prints_the_counts_the_sessions_to_close_and_every_session_left_with_why()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--kind", "project", "--older-than", "30m", "--dry-run");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Be(
            """
            Close by selectors: --kind project --older-than 30m
            AGENT         KIND      CLOSE  LEFT  ARCHIVES
            project-lead  project       2     0
            project-lead  cron          0     1
            project-lead  group         0     1
            project-lead  main          0     1
            project-lead  subagent      0     1
            project-lead  (all)         2     4     BYTES

            Sessions to close: 2
            AGENT         KEY                                KIND     AGE     FILES
            project-lead  agent:project-lead:acme            project  1h ago      2
            project-lead  agent:project-lead:project-legacy  project  1d ago      1

            Left in project-lead (STORE): 4
            KEY                                        KIND      AGE      WHY
            agent:project-lead:main                    main      1m ago   main session
            agent:project-lead:subagent:abc            subagent  2m ago   kind subagent not selected
            agent:project-lead:telegram:group:-100123  group     10m ago  group session (use --include-groups)
            agent:project-lead:cron:nightly            cron      2h ago   kind cron not selected

            """.Replace("STORE", _state.StorePath, StringComparison.Ordinal).Replace("BYTES", $"{Bytes} B", StringComparison.Ordinal));
        result.Error.Should().EndWith($"session-closer: dry run: would close 2 session(s) in 1 of 1 store(s); their archives take {Bytes} B; nothing was changed\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void A_dry_run_under_json_is_the_plan_document()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--older-than", "30m", "--dry-run", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = Json.Parse(result.Out);
        Json.Names(json).Should().Equal("command", "selector", "dryRun", "closeBy", "exitCode", "stores", "totals", "notStarted", "gatewayRestart", "interrupted", "signal");
        json.Text("command").Should().Be("close");
        json.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        var selector = json.GetProperty("selector");
        Json.Names(selector).Should().Equal("olderThan", "olderThanMs", "match", "kinds", "archived", "except", "keepLast", "includeGroups", "allAgents");
        selector.Text("olderThan").Should().Be("30m");
        selector.GetProperty("olderThanMs").GetDouble().Should().Be(1_800_000);
        selector.Text("archived").Should().Be("any");
        var store = json.GetProperty("stores").EnumerateArray().Single();
        Json.Names(store).Should().Equal("agent", "store", "backend", "era", "route", "operationId", "backupPath", "archiveBytes", "summary", "sessions", "warnings", "maintenance", "recovered", "failure", "interrupted");
        store.Text("agent").Should().Be("project-lead");
        store.Text("store").Should().Be(_state.StorePath);
        store.Text("backend").Should().Be("files");
        store.IsNull("operationId").Should().BeTrue();
        var sessions = store.GetProperty("sessions").EnumerateArray().ToList();
        Json.Names(sessions[0]).Should().Equal("key", "sessionId", "keys", "kind", "updatedAt", "status", "reason", "files");
        sessions.Select(s => (s.Text("key"), s.Text("status"), s.Text("kind"))).Should().BeEquivalentTo(
        [
            (HandMadeState.MainKey, "kept", "main"),
            (HandMadeState.SubagentKey, "kept", "subagent"),
            (HandMadeState.GroupKey, "kept", "group"),
            (HandMadeState.AcmeKey, "closed", "project"),
            (HandMadeState.CronKey, "closed", "cron"),
            (HandMadeState.LegacyKey, "closed", "project"),
        ]);
        sessions.Single(s => s.Text("key") == HandMadeState.SubagentKey).Text("reason").Should().StartWith("newer than 30m");
        sessions.Single(s => s.Text("key") == HandMadeState.AcmeKey).GetProperty("files").GetArrayLength().Should().Be(2);
        sessions.Single(s => s.Text("key") == HandMadeState.AcmeKey).GetProperty("updatedAt").GetDouble().Should().Be(FixedClock.NowMs - 3_600_000);
        var totals = json.GetProperty("totals");
        Json.Names(totals).Should().Equal("stores", "storesChanged", "sessions", "closed", "kept", "skipped", "notFound", "archivedFiles", "archiveBytes", "operationIds");
        (totals.GetProperty("closed").GetInt32(), totals.GetProperty("kept").GetInt32(), totals.GetProperty("sessions").GetInt32()).Should().Be((3, 3, 6));
        totals.GetProperty("operationIds").GetArrayLength().Should().Be(0);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Yes_closes_the_plan_prints_each_line_once_and_names_the_restore_that_undoes_it()
    {
        var store = File.ReadAllBytes(_state.StorePath);

        var result = _state.RunIn("close", "--kind", "project", "--yes");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Be(
            $"CLOSED {HandMadeState.AcmeKey} sessionId={HandMadeState.AcmeSid}\n"
            + $"CLOSED {HandMadeState.LegacyKey} sessionId={HandMadeState.LegacySid}\n");
        var id = OperationId().Match(result.Error).Groups[1].Value;
        result.Error.Should().Be(
            $"session-closer: project-lead: closed 2 session(s), archived 3 file(s); backup {_state.StorePath}.bak-{FixedClock.Stamp}; operation {id}\n"
            + $"session-closer: closed 2 session(s) in 1 store(s), archived 3 file(s); operation(s) {id}\n"
            + $"session-closer: to undo project-lead: session-closer restore {id} --agent project-lead --state-dir {_state.StateDir}\n");
        File.Exists(_state.Transcript(HandMadeState.AcmeSid)).Should().BeFalse();

        var undo = CliRun.Run(_state.Root, ["restore", id, "--agent", "project-lead", "--state-dir", _state.StateDir]);

        undo.ExitCode.Should().Be(0, undo.ToString());
        File.ReadAllBytes(_state.StorePath).Should().Equal(store);
        File.Exists(_state.Transcript(HandMadeState.AcmeSid)).Should().BeTrue();
    }

    [Fact]
    public void Yes_under_json_is_the_result_document_with_each_stores_operation()
    {
        var result = _state.RunIn("close", "--all-agents", "--match", "agent:*:cron:*", "--match", "agent:*:subagent:*", "--yes", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = Json.Parse(result.Out);
        json.GetProperty("dryRun").GetBoolean().Should().BeFalse();
        json.GetProperty("selector").GetProperty("allAgents").GetBoolean().Should().BeTrue();
        Json.Strings(json.GetProperty("selector").GetProperty("match")).Should().Equal("agent:*:cron:*", "agent:*:subagent:*");
        var stores = json.GetProperty("stores").EnumerateArray().ToList();
        stores.Select(s => s.Text("agent")).Should().BeEquivalentTo(["project-lead", "main"]);
        var lead = stores.Single(s => s.Text("agent") == "project-lead");
        var id = lead.Text("operationId");
        id.Should().NotBeNull();
        lead.Text("backupPath").Should().Be($"{_state.StorePath}.bak-{FixedClock.Stamp}");
        var closed = lead.GetProperty("sessions").EnumerateArray().Where(s => s.Text("status") == "closed").ToList();
        closed.Select(s => s.Text("key")).Should().BeEquivalentTo([HandMadeState.CronKey, HandMadeState.SubagentKey]);
        closed.Single(s => s.Text("key") == HandMadeState.SubagentKey).GetProperty("files").EnumerateArray().Single().Text("to")
            .Should().Be($"{_state.Transcript(HandMadeState.SubagentSid)}.deleted.{FixedClock.Stamp}");
        closed.Should().OnlyContain(s => s.Text("kind") != null);
        stores.Single(s => s.Text("agent") == "main").IsNull("operationId").Should().BeTrue("nothing of main matched");
        Json.Strings(json.GetProperty("totals").GetProperty("operationIds")).Should().Equal(id);
        json.GetProperty("totals").GetProperty("storesChanged").GetInt32().Should().Be(1);
        result.Error.Should().BeEmpty();
    }

    [Fact]
    public void On_a_terminal_it_shows_the_plan_and_asks_and_yes_closes()
    {
        var keys = new TypedKeys("y\n");

        var result = OnTerminal(keys, "close", "--kind", "subagent");

        result.ExitCode.Should().Be(0, result.ToString());
        keys.Read.Should().Be(2);
        result.Out.Should().Contain(HandMadeState.SubagentKey).And.Contain("Close 1 session(s) of 1 agent(s)?");
        result.Out.IndexOf("Would close 1 session(s)", StringComparison.Ordinal).Should().BeLessThan(result.Out.IndexOf("Close 1 session(s) of 1 agent(s)?", StringComparison.Ordinal));
        result.Out.Should().Contain($"CLOSED {HandMadeState.SubagentKey} sessionId={HandMadeState.SubagentSid}");
        File.Exists(_state.Transcript(HandMadeState.SubagentSid)).Should().BeFalse();
    }

    [Theory]
    [InlineData("n\n")]
    [InlineData("\n")]
    public void On_a_terminal_no_or_enter_changes_nothing_and_exits_4(string typed)
    {
        var before = _state.Snapshot();

        var result = OnTerminal(new TypedKeys(typed), "close", "--kind", "subagent", "--kind", "cron");

        result.ExitCode.Should().Be(4, result.ToString());
        result.Out.Should().Contain("Close 2 session(s) of 1 agent(s)?");
        result.Error.Should().Be("session-closer: nothing was changed\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void On_a_terminal_nothing_to_close_asks_nothing()
    {
        var before = _state.Snapshot();

        // TypedKeys("") throws if anything asks.
        var result = OnTerminal(new TypedKeys(""), "close", "--kind", "main", "--all-agents");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Be("session-closer: nothing was closed; nothing was changed\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void A_signal_before_the_plan_still_prints_the_document_and_changes_nothing()
    {
        var before = _state.Snapshot();

        var result = CliRun.Run(_state.Root, [System.Runtime.InteropServices.PosixSignal.SIGTERM], "close", "--state-dir", _state.StateDir, "--kind", "cron", "--yes", "--json");

        result.ExitCode.Should().Be(143, result.ToString());
        var json = Json.Parse(result.Out);
        json.GetProperty("exitCode").GetInt32().Should().Be(143);
        json.GetProperty("stores").GetArrayLength().Should().Be(0);
        json.Text("signal").Should().Be("SIGTERM");
        json.Text("interrupted").Should().Be("interrupted before anything was changed; nothing was closed");
        Json.Strings(json.GetProperty("selector").GetProperty("kinds")).Should().Equal("cron");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Include_groups_except_and_keep_last_change_what_is_picked_and_say_why()
    {
        var groups = Plan("close", "--kind", "group", "--include-groups", "--dry-run", "--json");
        groups[HandMadeState.GroupKey].Should().Be(("closed", null));

        var except = Plan("close", "--kind", "project", "--except", "acme", "--dry-run", "--json");
        except[HandMadeState.AcmeKey].Should().Be(("kept", "--except acme"));
        except[HandMadeState.LegacyKey].Status.Should().Be("closed");

        // Two runs of the nightly job (one group): the newer stays.
        _state.WriteStoreWith(
            $"  \"agent:project-lead:cron:nightly:run:a\": {{\n    \"sessionId\": \"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa\",\n    \"updatedAt\": {FixedClock.NowMs - (3 * 3_600_000)}\n  }},\n"
            + $"  \"agent:project-lead:cron:nightly:run:b\": {{\n    \"sessionId\": \"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb\",\n    \"updatedAt\": {FixedClock.NowMs - (5 * 3_600_000)}\n  }},\n");
        var keepLast = Plan("close", "--kind", "cron-run", "--keep-last", "1", "--dry-run", "--json");
        keepLast["agent:project-lead:cron:nightly:run:a"].Status.Should().Be("kept");
        keepLast["agent:project-lead:cron:nightly:run:a"].Reason.Should().Contain("newest 1");
        keepLast["agent:project-lead:cron:nightly:run:b"].Should().Be(("closed", null));
    }

    [Fact]
    public void List_takes_the_same_selectors_and_shows_protected_sessions_that_meet_them()
    {
        var cron = _state.RunIn("list", "--kind", "cron", "--json");
        var main = _state.RunIn("list", "--kind", "main", "--all-agents", "--json");
        var old = _state.RunIn("list", "--older-than", "90m", "--match", "agent:project-lead:*", "--json");

        Keys(cron).Should().Equal(HandMadeState.CronKey);
        Keys(main).Should().BeEquivalentTo([HandMadeState.MainKey, "agent:main:main"]);
        Keys(old).Should().BeEquivalentTo([HandMadeState.CronKey, HandMadeState.LegacyKey]);
    }

    [Fact]
    public void List_refuses_bad_selector_values_by_name()
    {
        var result = _state.RunIn("list", "--kind", "bogus");

        result.ExitCode.Should().Be(2);
        result.Error.Should().StartWith("session-closer: --kind 'bogus' is not a session kind");
    }

    private static IReadOnlyList<string?> Keys(CliResult result)
    {
        result.ExitCode.Should().Be(0, result.ToString());
        return [.. Json.Parse(result.Out).GetProperty("sessions").EnumerateArray().Select(s => s.Text("key"))];
    }

    private Dictionary<string, (string? Status, string? Reason)> Plan(params string[] args)
    {
        var result = _state.RunIn(args);
        result.ExitCode.Should().Be(0, result.ToString());
        return Json.Parse(result.Out).GetProperty("stores").EnumerateArray()
            .SelectMany(s => s.GetProperty("sessions").EnumerateArray())
            .ToDictionary(s => s.Text("key")!, s => (s.Text("status"), s.Text("reason")));
    }

    private CliResult OnTerminal(TypedKeys keys, params string[] args) =>
        CliRun.Run(_state.Root, c => c with { IsInputTerminal = true, IsOutputTerminal = true, Keyboard = keys }, [args[0], "--state-dir", _state.StateDir, .. args[1..]]);

    [GeneratedRegex(@"operation (\S+)\n")]
    private static partial Regex OperationId();
}
