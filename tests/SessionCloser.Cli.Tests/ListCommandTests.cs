using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary><c>list</c>: the table for people, the <c>--json</c> shape, and a store it cannot read.</summary>
public sealed class ListCommandTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    private string MainStorePath => Path.Join(_state.StateDir, "agents", "main", "sessions", "sessions.json");

    [Fact]
    public void The_table_names_the_store_and_shows_every_session_newest_first()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("list");

        result.Should().Be(new CliResult(0, $"""
            Session store (project-lead): {_state.StorePath}
            Sessions listed: 6
            ╭───────────────────────────────────────────┬─────────┬───────────┬────────────┬────────────────────╮
            │ Key                                       │ Age     │ Label     │ Transcript │ Flags              │
            ├───────────────────────────────────────────┼─────────┼───────────┼────────────┼────────────────────┤
            │ agent:project-lead:main                   │ 1m ago  │ Lead main │ 114 B      │ main               │
            │ agent:project-lead:subagent:abc           │ 2m ago  │           │ 114 B      │                    │
            │ agent:project-lead:telegram:group:-100123 │ 10m ago │           │ 114 B      │                    │
            │ agent:project-lead:acme                   │ 1h ago  │ Acme site │ 114 B      │                    │
            │ agent:project-lead:cron:nightly           │ 2h ago  │ Nightly   │ -          │ missing-transcript │
            │ agent:project-lead:project-legacy         │ 1d ago  │ Legacy    │ 114 B      │                    │
            ╰───────────────────────────────────────────┴─────────┴───────────┴────────────┴────────────────────╯

            """, ""));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Archived_and_active_filter_the_list_and_cannot_be_combined()
    {
        var archived = _state.RunIn("list", "--archived", "--json");
        var active = _state.RunIn("list", "--active", "--json");
        var both = _state.RunIn("list", "--archived", "--active");

        archived.ExitCode.Should().Be(0, archived.ToString());
        Json.Parse(archived.Out).GetProperty("count").GetInt32().Should().Be(0, "no session of this store is archived");
        Json.Parse(active.Out).GetProperty("count").GetInt32().Should().Be(6);
        both.ExitCode.Should().Be(2, both.ToString());
        both.Error.Should().Contain("--archived and --active cannot be combined");
    }

    [Fact]
    public void All_agents_prints_one_table_per_store()
    {
        var result = _state.RunIn("list", "--all-agents");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().StartWith($"Session store (project-lead): {_state.StorePath}\nSessions listed: 6\n").And.EndWith($"""
            Session store (main): {MainStorePath}
            Sessions listed: 1
            ╭─────────────────┬──────────┬───────┬────────────┬─────────────────────────╮
            │ Key             │ Age      │ Label │ Transcript │ Flags                   │
            ├─────────────────┼──────────┼───────┼────────────┼─────────────────────────┤
            │ agent:main:main │ just now │       │ -          │ main missing-transcript │
            ╰─────────────────┴──────────┴───────┴────────────┴─────────────────────────╯

            """);
        result.Error.Should().BeEmpty();
    }

    [Fact]
    public void Json_has_the_shape_of_openclaw_sessions_plus_session_closers_fields()
    {
        var result = _state.RunIn("list", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().BeEmpty();
        var root = Json.Parse(result.Out);
        Json.Names(root).Should().Equal("path", "count", "totalCount", "limitApplied", "hasMore", "activeMinutes", "sessions");
        root.Text("path").Should().Be(_state.StorePath);
        root.GetProperty("count").GetInt32().Should().Be(6);
        root.GetProperty("totalCount").GetInt32().Should().Be(6);
        root.IsNull("limitApplied").Should().BeTrue();
        root.GetProperty("hasMore").GetBoolean().Should().BeFalse();
        root.IsNull("activeMinutes").Should().BeTrue();

        var sessions = root.GetProperty("sessions").EnumerateArray().ToList();
        sessions.Select(s => s.Text("key")).Should().Equal(
            HandMadeState.MainKey, HandMadeState.SubagentKey, HandMadeState.GroupKey, HandMadeState.AcmeKey, HandMadeState.CronKey, HandMadeState.LegacyKey);
        sessions.Select(s => s.Text("kind")).Should().Equal("direct", "spawn-child", "group", "direct", "cron", "direct");
        sessions.Select(s => s.GetProperty("ageMs").GetInt64()).Should().Equal(60_000, 120_000, 600_000, 3_600_000, 7_200_000, 86_400_000);
        sessions.Select(s => s.GetProperty("updatedAt").GetInt64()).Should().Equal(sessions.Select(s => FixedClock.NowMs - s.GetProperty("ageMs").GetInt64()));

        var acme = sessions[3];
        Json.Names(acme).Should().Equal(
            "key", "updatedAt", "ageMs", "sessionId", "agentId", "kind", "totalTokens", "model", "displayName", "transcriptPath", "transcriptBytes", "archived", "archivedAt", "pinned", "flags", "problems");
        acme.Text("sessionId").Should().Be(HandMadeState.AcmeSid);
        acme.Text("agentId").Should().Be("project-lead");
        acme.GetProperty("totalTokens").GetInt32().Should().Be(1234);
        acme.Text("model").Should().Be("gpt-5");
        acme.Text("displayName").Should().Be("Acme site");
        acme.Text("transcriptPath").Should().Be(_state.Transcript(HandMadeState.AcmeSid));
        acme.GetProperty("transcriptBytes").GetInt64().Should().Be(114);
        Json.Strings(acme.GetProperty("flags")).Should().BeEmpty();
        acme.GetProperty("archived").GetBoolean().Should().BeFalse();
        acme.IsNull("archivedAt").Should().BeTrue();
        acme.GetProperty("pinned").GetBoolean().Should().BeFalse();
        Json.Strings(acme.GetProperty("problems")).Should().BeEmpty();

        Json.Names(sessions[0]).Should().Equal(
            "key", "updatedAt", "ageMs", "sessionId", "agentId", "kind", "label", "transcriptPath", "transcriptBytes", "archived", "archivedAt", "pinned", "flags", "problems");
        Json.Strings(sessions[0].GetProperty("flags")).Should().Equal("main");
        sessions[1].Text("spawnedBy").Should().Be(HandMadeState.MainKey);
        var cron = sessions[4];
        cron.Text("label").Should().Be("Nightly");
        cron.Text("transcriptPath").Should().Be(_state.Transcript(HandMadeState.CronSid));
        cron.IsNull("transcriptBytes").Should().BeTrue();
        Json.Strings(cron.GetProperty("flags")).Should().Equal("missing-transcript");
    }

    [Fact]
    public void Json_of_all_agents_names_every_store()
    {
        var result = _state.RunIn("list", "--all-agents", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var root = Json.Parse(result.Out);
        Json.Names(root).Should().Equal("path", "stores", "allAgents", "count", "totalCount", "limitApplied", "hasMore", "activeMinutes", "sessions");
        root.IsNull("path").Should().BeTrue();
        root.GetProperty("stores").EnumerateArray().Select(s => (s.Text("agentId"), s.Text("path")))
            .Should().Equal(("project-lead", _state.StorePath), ("main", MainStorePath));
        root.GetProperty("allAgents").GetBoolean().Should().BeTrue();
        root.GetProperty("count").GetInt32().Should().Be(7);
        var first = root.GetProperty("sessions").EnumerateArray().First();
        (first.Text("key"), first.Text("agentId"), first.Text("sessionId")).Should().Be(("agent:main:main", "main", HandMadeState.OtherAgentSid));
        Json.Strings(first.GetProperty("flags")).Should().Equal("main", "missing-transcript");
    }

    [Fact]
    public void Invalid_entries_are_flagged_and_their_problems_listed()
    {
        _state.WriteInvalidEntries();

        var text = _state.RunIn("list");
        var json = _state.RunIn("list", "--json");

        text.Should().Be(new CliResult(0, $"""
            Session store (project-lead): {_state.StorePath}
            Sessions listed: 2
            ╭──────────────────────┬────────────┬───────┬────────────┬─────────╮
            │ Key                  │ Age        │ Label │ Transcript │ Flags   │
            ├──────────────────────┼────────────┼───────┼────────────┼─────────┤
            │ agent:project-lead:y │ 20717d ago │       │ -          │ invalid │
            │ agent:project-lead:x │ -          │       │ -          │ invalid │
            ╰──────────────────────┴────────────┴───────┴────────────┴─────────╯
            agent:project-lead:y: sessionId is missing; sessionId (none) is not a valid OpenClaw session id
            agent:project-lead:x: entry is not a JSON object; sessionId (none) is not a valid OpenClaw session id

            """, ""));
        json.ExitCode.Should().Be(0, json.ToString());
        var sessions = Json.Parse(json.Out).GetProperty("sessions").EnumerateArray().ToList();
        var y = sessions[0];
        Json.Names(y).Should().Equal("key", "updatedAt", "ageMs", "sessionId", "agentId", "kind", "transcriptPath", "transcriptBytes", "archived", "archivedAt", "pinned", "flags", "problems");
        (y.Text("key"), y.GetProperty("updatedAt").GetInt64(), y.IsNull("sessionId"), y.IsNull("transcriptPath")).Should().Be(("agent:project-lead:y", 5L, true, true));
        Json.Strings(y.GetProperty("problems")).Should().Equal("sessionId is missing", "sessionId (none) is not a valid OpenClaw session id");
        var x = sessions[1];
        (x.Text("key"), x.IsNull("updatedAt"), x.IsNull("ageMs"), x.Text("kind")).Should().Be(("agent:project-lead:x", true, true, "direct"));
        Json.Strings(x.GetProperty("flags")).Should().Equal("invalid");
        Json.Strings(x.GetProperty("problems")).Should().Equal("entry is not a JSON object", "sessionId (none) is not a valid OpenClaw session id");
    }

    [Fact]
    public void Entry_fields_come_in_OpenClaw_order_as_stored_a_repeated_one_with_its_last_value_an_escaped_name_read_as_itself()
    {
        File.WriteAllText(_state.StorePath, """
            {
              "agent:project-lead:z": {
                "updatedAt": 7,
                "model": "first",
                "sessionId": "88888888-8888-4888-8888-888888888888",
                "l\u0061bel": "Esc\u00e9 🚀",
                "totalTokens": 1.50e3,
                "model": {"name": [1, 2]},
                "displayName": "\ud83d",
                "notCopied": true
              }
            }
            """);

        var result = _state.RunIn("list", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var row = Json.Parse(result.Out).GetProperty("sessions")[0];
        Json.Names(row).Should().Equal("key", "updatedAt", "ageMs", "sessionId", "agentId", "kind", "label", "totalTokens", "model", "displayName", "transcriptPath", "transcriptBytes", "archived", "archivedAt", "pinned", "flags", "problems");
        result.Out.Should().Contain("\"label\": \"Esc\\u00e9 🚀\"").And.Contain("\"totalTokens\": 1.50e3").And.Contain("\"model\": {\"name\": [1, 2]}").And.Contain("\"displayName\": \"\\ud83d\"");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unparseable_store_is_a_store_error_and_nothing_changes(bool json)
    {
        _state.BreakStore();
        var before = _state.Snapshot();

        var result = json ? _state.RunIn("list", "--json") : _state.RunIn("list");

        result.Should().Be(new CliResult(5, json ? _state.BrokenStoreJson("list") : "", _state.BrokenStoreError));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }
}
