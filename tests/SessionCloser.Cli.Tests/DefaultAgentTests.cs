using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// Without <c>--agent</c>, every command uses OpenClaw's default agent from the config, as <c>openclaw sessions</c>
/// does (2026.7 <c>agents.list</c> and 2026.9 keyed <c>agents.entries</c>); a stock install's only agent is <c>main</c>.
/// </summary>
public sealed class DefaultAgentTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    private void Config(string json) => File.WriteAllText(Path.Join(_state.StateDir, "openclaw.json"), json + "\n");

    private string ListedAgent()
    {
        var result = _state.RunIn("list", "--json");
        result.ExitCode.Should().Be(0, result.ToString());
        var sessions = Json.Parse(result.Out).GetProperty("sessions").EnumerateArray().Select(s => s.Text("key")!).ToList();
        sessions.Should().NotBeEmpty();
        return sessions.Select(k => k.Split(':')[1]).Distinct().Should().ContainSingle().Subject;
    }

    [Theory]
    [InlineData("{}", "main")]
    [InlineData("""{"agents":{"list":[{"id":"project-lead"},{"id":"main","default":true}]}}""", "main")]
    [InlineData("""{"agents":{"list":[{"id":"project-lead"},{"id":"main"}]}}""", "project-lead")]
    [InlineData("""{"agents":{"entries":{"project-lead":{},"main":{"default":true}}}}""", "main")]
    [InlineData("""{"agents":{"entries":{"project-lead":{}}}}""", "project-lead")]
    [InlineData("""{"agents":{"ownership":"explicit","defaults":{"systemAgent":{"agentId":"main"}},"entries":{"project-lead":{},"main":{}}}}""", "main")]
    [InlineData("""{"agents":{"list":[{"id":"main","default":true}],"entries":{"project-lead":{}}}}""", "project-lead")]
    public void List_without_agent_uses_the_configs_default_agent(string config, string agent)
    {
        Config(config);

        ListedAgent().Should().Be(agent);
    }

    [Fact]
    public void A_stock_install_with_only_main_lists_mains_sessions()
    {
        File.Delete(Path.Join(_state.StateDir, "openclaw.json"));
        Directory.Delete(_state.SessionsDir, recursive: true);

        var result = _state.RunIn("list");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Contain("agent:main:main").And.NotContain("project-lead");
    }

    [Fact]
    public void Several_agents_and_no_default_ask_for_agent_and_change_nothing()
    {
        Config("""{"agents":{"entries":{"project-lead":{},"main":{}}}}""");
        var before = _state.Snapshot();

        var close = _state.RunIn("close", "acme");
        var list = _state.RunIn("list", "--json");

        close.ExitCode.Should().Be(2);
        close.Error.Should().Contain("configures several agents (project-lead, main) and no default one").And.Contain("pass --agent <id>");
        list.ExitCode.Should().Be(2);
        Json.Parse(list.Out).Text("failure").Should().Contain("pass --agent <id>");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Close_keep_only_restore_and_history_follow_the_default_too()
    {
        Config("""{"agents":{"entries":{"project-lead":{},"main":{"default":true}}}}""");

        var close = _state.RunIn("close", "acme");
        var history = _state.RunIn("history", "--json");

        close.Should().Be(new CliResult(3, "NOT_FOUND acme\n", "session-closer: nothing to close; nothing was changed\n"), "acme is project-lead's, and the default is main");
        history.ExitCode.Should().Be(0);
        Json.Parse(history.Out).Text("agentId").Should().Be("main");
        _state.RunIn("close", "--agent", "project-lead", "acme").ExitCode.Should().Be(0);
        _state.RunIn("restore", "--last").ExitCode.Should().Be(3, "main has no operation to restore");
    }
}
