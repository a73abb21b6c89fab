using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Errors;

namespace SessionCloser.Tests.Paths;

public sealed class OpenClawConfigTests : IDisposable
{
    private readonly TempSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private OpenClawConfig Parse(string text, params (string, string?)[] env) => OpenClawConfig.Parse(text, "/cfg/openclaw.json", _box.Env(env));

    [Fact]
    public void Missing_file_is_an_empty_config()
    {
        var config = OpenClawConfig.Load(Path.Join(_box.Root, "nope.json"), _box.Env());
        config.FileExists.Should().BeFalse();
        config.SessionStore.Should().BeNull();
        config.AgentIds.Should().Equal("main");
        config.DefaultAgentId.Should().Be("main");
        config.MainKey.Should().Be("main");
        config.Root.Count.Should().Be(0);
    }

    [Fact]
    public void A_directory_in_place_of_the_file_is_a_store_error() =>
        FluentActions.Invoking(() => OpenClawConfig.Load(_box.Dir("cfgdir"), _box.Env()))
            .Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.StoreError);

    [Fact]
    public void Loads_a_json5_file()
    {
        var path = _box.File("openclaw.json", """
            // written by hand
            {
              meta: { lastTouchedVersion: '2026.7.35' },
              session: { store: '~/stores/{agentId}.json', mainKey: ' Home ', scope: 'global', },
              agents: { list: [ { id: 'Work' }, { id: 'ops', default: true }, ] },
              gateway: { port: 18790 },
            }
            """);
        var config = OpenClawConfig.Load(path, _box.Env());
        config.FileExists.Should().BeTrue();
        config.Path.Should().Be(path);
        config.LastTouchedVersion.Should().Be("2026.7.35");
        config.SessionStore.Should().Be("~/stores/{agentId}.json");
        config.RawMainKey.Should().Be(" Home ");
        config.MainKey.Should().Be("home");
        config.SessionScope.Should().Be("global");
        config.Agents.Should().Equal(new ConfiguredAgent("work", "Work", false), new ConfiguredAgent("ops", "ops", true));
        config.AgentIds.Should().Equal("work", "ops");
        config.DefaultAgentId.Should().Be("ops");
        config.Root["gateway"]!["port"]!.GetValue<int>().Should().Be(18790);
    }

    [Fact]
    public void Unparseable_file_names_the_file_and_line()
    {
        var path = _box.File("openclaw.json", "{\n  session: {\n    store: oops\n}");
        var error = FluentActions.Invoking(() => OpenClawConfig.Load(path, _box.Env()))
            .Should().Throw<SessionCloserException>().Which;
        error.ExitCode.Should().Be(ExitCode.StoreError);
        error.Message.Should().Contain(path).And.Contain("line 3");
    }

    [Theory]
    [InlineData("{}", "main")]
    [InlineData("{agents: {list: []}}", "main")]
    [InlineData("{agents: {list: [{id: 'A'}, {id: 'b'}]}}", "a")]
    [InlineData("{agents: {list: [{id: 'a'}, {id: 'B', default: true}, {id: 'c', default: true}]}}", "b")]
    [InlineData("{agents: {list: [{id: '  '}]}}", "main")]
    public void Default_agent_is_first_default_then_first_then_main(string text, string expected) =>
        Parse(text).DefaultAgentId.Should().Be(expected);

    /// <summary>OpenClaw 2026.9.6's rules, checked against 'openclaw sessions --json' on each config (docs/openclaw-facts.md).</summary>
    [Theory]
    [InlineData("{agents: {entries: {alpha: {}, beta: {default: true}}}}", "beta")]
    [InlineData("{agents: {entries: {Gamma: {}}}}", "gamma")]
    [InlineData("{agents: {entries: {alpha: {}, beta: {}}}}", null)]
    [InlineData("{agents: {entries: {alpha: {default: true}, beta: {default: true}}}}", null)]
    [InlineData("{agents: {entries: {}}}", "main")]
    [InlineData("{agents: {entries: {alpha: 'not an object', beta: {}}}}", "beta")]
    [InlineData("{agents: {ownership: 'explicit', defaults: {systemAgent: {agentId: 'Beta'}}, entries: {alpha: {}, beta: {}}}}", "beta")]
    [InlineData("{agents: {ownership: 'explicit', defaults: {systemAgent: {agentId: 'gone'}}, entries: {alpha: {}, beta: {}}}}", null)]
    [InlineData("{agents: {ownership: 'explicit', entries: {alpha: {default: true}, beta: {}}}}", null)]
    [InlineData("{agents: {ownership: 'explicit', entries: {alpha: {}}}}", "alpha")]
    [InlineData("{agents: {entries: {beta: {}}, list: [{id: 'alpha', default: true}]}}", "beta")]
    public void Default_agent_of_keyed_entries_is_the_single_marker_or_the_sole_agent(string text, string? expected) =>
        Parse(text).DefaultAgentId.Should().Be(expected);

    [Fact]
    public void Keyed_entries_are_read_in_file_order_with_their_markers()
    {
        var config = Parse("{agents: {entries: {Work: {}, ops: {default: true, runtime: {type: 'acp', acp: {agent: 'codex'}}}}}}");

        config.Roster.Should().Be(AgentRoster.Entries);
        config.Agents.Should().Equal(new ConfiguredAgent("work", "Work", false), new ConfiguredAgent("ops", "ops", true));
        config.SessionStoreAgentIds.Should().Equal("work", "ops", "codex");
    }

    [Fact]
    public void Keyed_entries_that_are_not_an_object_are_refused_like_a_bad_list() =>
        FluentActions.Invoking(() => Parse("{agents: {entries: [{id: 'a'}]}}")).Should().Throw<SessionCloserException>()
            .Which.Message.Should().Contain("agents.entries must be an object keyed by agent id");

    [Fact]
    public void Agent_ids_are_normalized_and_deduplicated() =>
        Parse("{agents: {list: [{id: 'Ops'}, {id: 'ops'}, {id: 'My Bot'}]}}").AgentIds.Should().Equal("ops", "my-bot");

    [Fact]
    public void Acp_agents_count_as_configured_session_store_owners() =>
        Parse("""
            {
              acp: { defaultAgent: 'Codex', allowedAgents: ['*', 'claude', ' '] },
              agents: { list: [ { id: 'main' }, { id: 'x', runtime: { type: 'acp', acp: { agent: 'gemini' } } } ] },
            }
            """).SessionStoreAgentIds.Should().Equal("main", "x", "codex", "claude", "gemini");

    [Theory]
    [InlineData("[]", "top level")]
    [InlineData("{session: 'x'}", "session")]
    [InlineData("{session: {store: 5}}", "session.store")]
    [InlineData("{agents: {list: {}}}", "agents.list")]
    [InlineData("{agents: {list: ['main']}}", "agents.list[0]")]
    [InlineData("{agents: {list: [{name: 'x'}]}}", "agents.list[0].id")]
    [InlineData("{agents: {list: [{id: 'a', default: 'yes'}]}}", "agents.list[0].default")]
    [InlineData("{meta: {lastTouchedVersion: 1}}", "meta.lastTouchedVersion")]
    public void Wrong_types_are_clear_store_errors(string text, string where)
    {
        var error = FluentActions.Invoking(() => Parse(text)).Should().Throw<SessionCloserException>().Which;
        error.ExitCode.Should().Be(ExitCode.StoreError);
        error.Message.Should().Contain(where).And.Contain("/cfg/openclaw.json");
    }

    [Fact]
    public void Empty_session_store_means_the_default_store() =>
        Parse("{session: {store: ''}}").SessionStore.Should().BeNull();

    [Theory]
    [InlineData("${SC_ROOT}/{agentId}.json", "/data/{agentId}.json")]
    [InlineData("$${SC_ROOT}/x", "${SC_ROOT}/x")]
    [InlineData("${lower}/x", "${lower}/x")]
    [InlineData("$5 and ${", "$5 and ${")]
    public void Env_references_in_strings_are_substituted_like_OpenClaw(string store, string expected) =>
        Parse($"{{session: {{store: '{store}'}}}}", ("SC_ROOT", "/data"), ("lower", "nope")).SessionStore.Should().Be(expected);

    [Fact]
    public void An_unset_variable_elsewhere_stays_as_written_like_OpenClaw() =>
        Parse("{session: {mainKey: '${MISSING_VAR}'}}").RawMainKey.Should().Be("${MISSING_VAR}");

    [Fact]
    public void A_session_store_that_refers_to_an_unset_variable_is_refused_naming_it()
    {
        // OpenClaw would warn and use "${MISSING_VAR}/x" as a path relative to its working directory.
        var error = FluentActions.Invoking(() => Parse("{session: {store: '${MISSING_VAR}/x'}}", ("SET_VAR", "/data"))).Should().Throw<SessionCloserException>().Which;

        error.ExitCode.Should().Be(ExitCode.StoreError);
        error.Message.Should().Contain("session.store refers to ${MISSING_VAR}, which is not set").And.Contain("\"${MISSING_VAR}/x\"");
    }
}
