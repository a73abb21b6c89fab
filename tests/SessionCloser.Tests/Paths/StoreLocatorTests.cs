using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Installation;

namespace SessionCloser.Tests.Paths;

public sealed class StoreLocatorTests : IDisposable
{
    private readonly TempSandbox _box = new();
    private readonly string _state;

    public StoreLocatorTests()
    {
        _state = _box.Dir("state");
    }

    public void Dispose() => _box.Dispose();

    private StoreLocator Locator(string configText = "{}")
    {
        var env = _box.Env(("OPENCLAW_STATE_DIR", _state));
        var location = StateLocation.Resolve(env, null, null);
        return new StoreLocator(location, OpenClawConfig.Parse(configText, location.ConfigPath, env), env);
    }

    private string Store(string agentDir) => _box.File($"state/agents/{agentDir}/sessions/sessions.json");

    private string StatePath(params string[] parts) => Path.Join([_state, .. parts]);

    [Fact]
    public void Default_store_is_under_the_state_dir_with_the_normalized_id()
    {
        var store = Locator().ForAgent(" My Bot ");
        store.AgentId.Should().Be("my-bot");
        store.StorePath.Should().Be(StatePath("agents", "my-bot", "sessions", "sessions.json"));
        store.SessionsDirectory.Should().Be(StatePath("agents", "my-bot", "sessions"));
        store.Exists.Should().BeFalse();
        store.IsShared.Should().BeFalse();
        store.Source.Should().Be(AgentStoreSource.Requested);
    }

    [Fact]
    public void Configured_agent_reports_configured_and_existence()
    {
        Store("ops");
        var store = Locator("{agents: {list: [{id: 'Ops'}]}}").ForAgent("OPS");
        store.Source.Should().Be(AgentStoreSource.Configured);
        store.Exists.Should().BeTrue();
    }

    [Fact]
    public void Template_replaces_every_agentId_and_expands_tilde_with_OPENCLAW_HOME()
    {
        var custom = _box.Dir("custom");
        var env = _box.Env(("OPENCLAW_STATE_DIR", _state), ("OPENCLAW_HOME", custom));
        var location = StateLocation.Resolve(env, null, null);
        var config = OpenClawConfig.Parse("{session: {store: '~/s/{agentId}/{agentId}.json'}}", "cfg", env);
        var store = new StoreLocator(location, config, env).ForAgent("Work");
        store.StorePath.Should().Be(Path.Join(custom, "s", "work", "work.json"));
        store.IsShared.Should().BeFalse();
    }

    [Fact]
    public void Relative_template_resolves_against_the_working_directory_not_the_config() =>
        Locator("{session: {store: 'rel/{agentId}/sessions.json'}}").ForAgent("a").StorePath
            .Should().Be(Path.Join(_box.Cwd, "rel", "a", "sessions.json"));

    [Fact]
    public void Template_is_not_trimmed_and_tilde_user_is_not_expanded() =>
        Locator("{session: {store: '~x/{agentId}.json'}}").ForAgent("a").StorePath
            .Should().Be(Path.Join(_box.Cwd, "~x", "a.json"));

    [Fact]
    public void Template_without_agentId_is_one_shared_store()
    {
        var locator = Locator("{session: {store: '~/shared.json'}, agents: {list: [{id: 'a'}, {id: 'b', default: true}]}}");
        locator.UsesSharedStore.Should().BeTrue();
        var a = locator.ForAgent("a");
        var b = locator.ForAgent("b");
        a.StorePath.Should().Be(Path.Join(_box.Home, "shared.json")).And.Be(b.StorePath);
        a.IsShared.Should().BeTrue();

        var all = locator.DiscoverAll();
        all.Should().ContainSingle(s => s.IsShared).Which.AgentId.Should().Be("a", "OpenClaw keeps the first configured agent of a shared path");
    }

    [Fact]
    public void DiscoverAll_lists_configured_agents_then_disk_stores_in_name_order()
    {
        Store("zeta");
        Store("beta");
        Store("ops");
        var stores = Locator("{agents: {list: [{id: 'ops'}, {id: 'new'}]}}").DiscoverAll();
        stores.Select(s => (s.AgentId, s.Source, s.Exists)).Should().Equal(
            ("ops", AgentStoreSource.Both, true),
            ("new", AgentStoreSource.Configured, false),
            ("beta", AgentStoreSource.Discovered, true),
            ("zeta", AgentStoreSource.Discovered, true));
    }

    [Fact]
    public void Empty_agent_list_means_main_is_configured()
    {
        var stores = Locator().DiscoverAll();
        stores.Should().ContainSingle().Which.Should().Be(
            new AgentStore("main", StatePath("agents", "main", "sessions", "sessions.json"), AgentStoreSource.Configured, false, false));
    }

    [Fact]
    public void Discovered_dir_names_are_normalized_but_names_collapsing_to_main_are_refused()
    {
        Store("My Bot");
        Store("!!!");
        Store("MAIN");
        var discovery = Locator("{agents: {list: [{id: 'x'}]}}").Discover();
        discovery.Stores.Where(s => s.Source == AgentStoreSource.Discovered).Select(s => s.AgentId)
            .Should().Equal("main", "my-bot");
        discovery.Skipped.Should().ContainSingle(s => s.Reason.Contains("\"!!!\""));
    }

    [Fact]
    public void Symlinked_agent_directory_is_skipped()
    {
        var elsewhere = _box.File("elsewhere/sessions/sessions.json");
        Store("real");
        Directory.CreateSymbolicLink(StatePath("agents", "linked"), Path.GetDirectoryName(Path.GetDirectoryName(elsewhere))!);
        Locator().DiscoverAll().Select(s => s.AgentId).Should().Equal("main", "real");
    }

    [Fact]
    public void Symlinked_agent_directory_inside_the_root_is_skipped_too()
    {
        Store("real");
        Directory.CreateSymbolicLink(StatePath("agents", "alias"), StatePath("agents", "real"));
        Locator().DiscoverAll().Select(s => s.AgentId).Should().Equal("main", "real");
    }

    [Fact]
    public void Symlinked_store_file_is_skipped_and_reported()
    {
        var target = Store("real");
        _box.Dir("state", "agents", "sneaky", "sessions");
        File.CreateSymbolicLink(StatePath("agents", "sneaky", "sessions", "sessions.json"), target);
        var discovery = Locator().Discover();
        discovery.Stores.Select(s => s.AgentId).Should().Equal("main", "real");
        discovery.Skipped.Should().ContainSingle().Which.Reason.Should().Contain("symbolic link");
    }

    [Fact]
    public void Symlinked_sessions_directory_pointing_outside_the_root_is_skipped()
    {
        var outside = _box.File("outside/sessions.json");
        _box.Dir("state", "agents", "escape");
        Directory.CreateSymbolicLink(StatePath("agents", "escape", "sessions"), Path.GetDirectoryName(outside)!);
        var discovery = Locator().Discover();
        discovery.Stores.Select(s => s.AgentId).Should().Equal("main");
        discovery.Skipped.Should().ContainSingle().Which.Reason.Should().Contain("outside");
    }

    [Fact]
    public void Symlinked_sessions_directory_inside_the_root_resolves_and_dedupes_by_real_path()
    {
        var real = Store("real");
        _box.Dir("state", "agents", "twin");
        Directory.CreateSymbolicLink(StatePath("agents", "twin", "sessions"), Path.GetDirectoryName(real)!);
        var stores = Locator("{agents: {list: [{id: 'real'}]}}").DiscoverAll();
        stores.Should().ContainSingle().Which.Should().Be(
            new AgentStore("real", real, AgentStoreSource.Both, true, false));
    }

    [Fact]
    public void Configured_symlinked_store_is_dropped_like_OpenClaw_drops_it()
    {
        var target = Store("real");
        _box.Dir("state", "agents", "ops", "sessions");
        File.CreateSymbolicLink(StatePath("agents", "ops", "sessions", "sessions.json"), target);
        var discovery = Locator("{agents: {list: [{id: 'ops'}]}}").Discover();
        discovery.Stores.Select(s => s.AgentId).Should().Equal("real");
        discovery.Skipped.Should().ContainSingle().Which.Path.Should().EndWith(Path.Join("ops", "sessions", "sessions.json"));
    }

    [Fact]
    public void A_symlinked_state_dir_is_fine_and_stores_carry_real_paths()
    {
        Store("ops");
        var link = Path.Join(_box.Root, "state-link");
        Directory.CreateSymbolicLink(link, _state);
        var env = _box.Env(("OPENCLAW_STATE_DIR", link));
        var location = StateLocation.Resolve(env, null, null);
        var stores = new StoreLocator(location, OpenClawConfig.Empty, env).DiscoverAll();
        stores.Select(s => (s.AgentId, s.StorePath)).Should().Equal(
            ("main", Path.Join(link, "agents", "main", "sessions", "sessions.json")),
            ("ops", StatePath("agents", "ops", "sessions", "sessions.json")));
    }

    [Fact]
    public void Templates_in_an_agents_layout_add_that_agents_root_to_the_scan()
    {
        var other = _box.Dir("other");
        _box.File("other/agents/a/sessions/sessions.json");
        _box.File("other/agents/retired/sessions/sessions.json");
        Store("old");
        var stores = Locator($"{{session: {{store: '{other}/agents/{{agentId}}/sessions/sessions.json'}}, agents: {{list: [{{id: 'a'}}]}}}}")
            .DiscoverAll();
        stores.Select(s => (s.AgentId, s.Source)).Should().Equal(
            ("a", AgentStoreSource.Both),
            ("retired", AgentStoreSource.Discovered),
            ("old", AgentStoreSource.Discovered));
    }

    [Fact]
    public void Plain_files_and_missing_sessions_dirs_are_ignored()
    {
        _box.File("state/agents/not-a-dir", "x");
        _box.Dir("state", "agents", "empty");
        _box.Dir("state", "agents", "dirstore", "sessions", "sessions.json");
        var discovery = Locator().Discover();
        discovery.Stores.Select(s => s.AgentId).Should().Equal("main");
        discovery.Skipped.Should().ContainSingle().Which.Reason.Should().Contain("not a regular file");
    }

    [Fact]
    public void Missing_agents_root_discovers_only_configured_agents() =>
        Locator("{agents: {list: [{id: 'a'}]}}").DiscoverAll().Select(s => s.AgentId).Should().Equal("a");

    [Fact]
    public void Known_agents_are_configured_or_have_a_store_on_disk()
    {
        Store("retired");
        Store("Odd Name");
        var locator = Locator("{agents: {list: [{id: 'ops'}]}}");
        locator.IsKnownAgent("OPS").Should().BeTrue();
        locator.IsKnownAgent("retired").Should().BeTrue();
        locator.IsKnownAgent("odd-name").Should().BeTrue();
        locator.IsKnownAgent("ghost").Should().BeFalse();
        locator.IsKnownAgent("main").Should().BeFalse("main is implicit only when agents.list is empty");
        locator.KnownAgentIds().Should().Equal("ops", "odd-name", "retired");
    }
}
