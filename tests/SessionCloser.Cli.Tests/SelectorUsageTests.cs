using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// The selector options of <c>close</c> (and keep-only's refusal of them): every combination that cannot be a
/// selector run, and every bad value, is a usage error (exit 2) named on stderr and, under <c>--json</c>, as the
/// failure object on stdout; nothing is read or changed. Also the plan/ask gate's refusal with no terminal.
/// </summary>
public sealed class SelectorUsageTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["close", "--older-than", "1d", "acme"], "--older-than chooses the sessions to close: name sessions or choose them with selectors, not both (got 'acme'; use --except to leave some)" },
        { ["close", "--kind", "cron", "--match", "agent:*", "--session-key", "agent:project-lead:acme"], "--match, --kind choose the sessions to close: name sessions or choose them with selectors, not both (got 'agent:project-lead:acme'" },
        { ["keep-only", "--older-than", "1d", "acme"], "keep-only takes no selectors (--older-than): it keeps the sessions it names; to close by selectors use 'session-closer close' with them" },
        { ["keep-only", "--all-agents", "acme"], "keep-only takes no selectors (--all-agents)" },
        { ["close", "--all-agents"], "--all-agents closes by selectors: add at least one (--older-than, --match, --kind, --archived, --active, --except, --keep-last)" },
        { ["close", "--all-agents", "--yes"], "--all-agents closes by selectors" },
        { ["close", "--include-groups", "acme"], "--include-groups widens a selector run: add at least one selector" },
        { ["close", "--all-agents", "--agent", "main", "--kind", "cron"], "--agent and --all-agents cannot be combined" },
        { ["close", "--archived", "--active"], "--archived and --active cannot be combined (without either, a selector run picks both)" },
        { ["close", "--keep-last", "0"], "--keep-last must be at least 1 (got 0)" },
        { ["close", "--keep-last", "-3", "--dry-run"], "--keep-last must be at least 1 (got -3)" },
        { ["close", "--kind", "cronrun"], "--kind 'cronrun' is not a session kind (did you mean 'cron-run'?). Kinds: main, project, direct, group, channel, thread, topic, cron, cron-run, subagent, acp, hook, node, heartbeat, model-run, explicit, global, unknown, other" },
        { ["close", "--kind", "cron,bogus", "--dry-run"], "--kind 'bogus' is not a session kind" },
        { ["close", "--kind", ",", "--dry-run"], "--kind needs a session kind; got an empty one" },
        { ["close", "--older-than", "30"], "--older-than '30' is not a duration: give a number and a unit, e.g. 30d, 12h, 90m or 1h30m (a bare number is refused)" },
        { ["close", "--older-than", "a week", "--dry-run"], "--older-than 'a week' is not a duration" },
        { ["close", "--older-than", "0d", "--dry-run"], "--older-than must be longer than 0 (got '0d')" },
        { ["close", "--match", "", "--dry-run"], "--match needs a glob on session keys" },
        { ["close", "--except", " ", "--kind", "cron", "--dry-run"], "--except needs a project id or session key; got an empty one" },
        { ["close", "--older-than", "1d"], "a selector run needs --yes or --dry-run when there is no terminal to ask on" },
        { ["close", "--all-agents", "--kind", "subagent", "--older-than", "7d"], "a selector run needs --yes or --dry-run when there is no terminal to ask on" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Is_a_usage_error_that_reads_and_changes_nothing(string[] args, string message)
    {
        var before = _state.Snapshot();

        var result = _state.RunIn(args);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Error.Should().StartWith($"session-closer: {message}");
        result.Out.Should().BeEmpty();
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Under_json_is_the_failure_object(string[] args, string message)
    {
        var before = _state.Snapshot();

        var result = _state.RunIn([.. args, "--json"]);

        result.ExitCode.Should().Be(2, result.ToString());
        var json = Json.Parse(result.Out);
        Json.Names(json).Should().Equal("command", "exitCode", "failure", "error");
        json.Text("command").Should().Be(args[0]);
        json.Text("failure").Should().StartWith(message);
        json.GetProperty("error").Text("kind").Should().Be("usage");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void The_gate_refuses_before_anything_is_read()
    {
        // A store that does not parse would be exit 5 once read: the refusal (2) comes first.
        _state.BreakStore();

        var result = _state.RunIn("close", "--kind", "cron");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Error.Should().Be("session-closer: a selector run needs --yes or --dry-run when there is no terminal to ask on\n");
    }

    [Fact]
    public void On_a_terminal_json_never_asks_so_it_needs_yes_too()
    {
        var result = CliRun.Run(_state.Root, c => c with { IsInputTerminal = true, IsOutputTerminal = true }, "close", "--state-dir", _state.StateDir, "--kind", "cron", "--json");

        result.ExitCode.Should().Be(2, result.ToString());
        Json.Parse(result.Out).Text("failure").Should().Be("a selector run with --json needs --yes or --dry-run: --json never asks; nothing was read or changed");
    }

    [Fact]
    public void Close_help_shows_the_selectors_and_keep_only_help_does_not()
    {
        var close = _state.Run("close", "--help");
        var keepOnly = _state.Run("keep-only", "--help");

        foreach (var option in new[] { "--older-than", "--match", "--kind", "--archived", "--active", "--except", "--keep-last", "--include-groups", "--all-agents" })
        {
            close.Out.Should().Contain(option);
            keepOnly.Out.Should().NotContain(option);
        }

        keepOnly.Out.Should().Contain("--archive ");
    }

    [Fact]
    public void Keep_only_still_suggests_its_own_options_not_the_hidden_selectors()
    {
        var result = _state.RunIn("keep-only", "acme", "--allow");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("unknown option '--allow' for 'keep-only' (did you mean '--allow-missing'?)");
    }
}
