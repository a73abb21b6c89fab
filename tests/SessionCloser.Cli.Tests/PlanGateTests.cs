using AwesomeAssertions;
using SessionCloser.Cli.Commands;
using SessionCloser.Config;
using SessionCloser.Errors;
using Spectre.Console;

namespace SessionCloser.Cli.Tests;

/// <summary>The plan/ask rule shared by selector runs and purge-archives, on its own.</summary>
public sealed class PlanGateTests : IDisposable
{
    private readonly StringWriter _out = new() { NewLine = "\n" };
    private readonly StringWriter _error = new() { NewLine = "\n" };

    public void Dispose()
    {
        _out.Dispose();
        _error.Dispose();
    }

    [Theory]
    [InlineData(true, true, false, false, false, nameof(GateDecision.Ask))]
    [InlineData(true, true, true, false, false, nameof(GateDecision.Proceed))]
    [InlineData(true, true, false, true, false, nameof(GateDecision.Proceed))]
    [InlineData(true, true, false, false, true, nameof(GateDecision.Refuse))]
    [InlineData(true, true, true, false, true, nameof(GateDecision.Proceed))]
    [InlineData(true, true, false, true, true, nameof(GateDecision.Proceed))]
    [InlineData(false, true, false, false, false, nameof(GateDecision.Refuse))]
    [InlineData(true, false, false, false, false, nameof(GateDecision.Refuse))]
    [InlineData(false, false, false, false, false, nameof(GateDecision.Refuse))]
    [InlineData(false, false, true, false, false, nameof(GateDecision.Proceed))]
    [InlineData(false, false, false, true, false, nameof(GateDecision.Proceed))]
    public void Decides_from_the_terminal_and_the_flags(bool stdinTty, bool stdoutTty, bool yes, bool dryRun, bool json, string expected) =>
        PlanGate.Decide(Context(stdinTty, stdoutTty), yes, dryRun, json).ToString().Should().Be(expected);

    [Fact]
    public void The_refusal_is_a_usage_error_that_says_what_would_let_it_run()
    {
        var piped = PlanGate.Refusal(Context(false, false), "a selector run", asJson: false);
        piped.ExitCode.Should().Be(ExitCode.Usage);
        piped.Message.Should().Be(PlanGate.SelectorRunRefusal);
        PlanGate.Refusal(Context(true, true), "purge-archives", asJson: true).Message
            .Should().Be("purge-archives with --json needs --yes or --dry-run: --json never asks; nothing was read or changed");
    }

    [Theory]
    [InlineData("y\n", true)]
    [InlineData("n\n", false)]
    [InlineData("\n", false)]
    public async Task Asks_once_after_the_plan_and_takes_no_as_the_default(string typed, bool expected)
    {
        var keys = new TypedKeys(typed);
        var answer = await PlanGate.AskAsync(Context(true, true) with { Keyboard = keys }, console => console.WriteLine("THE PLAN"), "Close 3 session(s)?", TestContext.Current.CancellationToken);
        answer.Should().Be(expected);
        keys.Read.Should().Be(typed.Length);
        var screen = _out.ToString();
        screen.Should().Contain("THE PLAN");
        screen.IndexOf("THE PLAN", StringComparison.Ordinal).Should().BeLessThan(screen.IndexOf("Close 3 session(s)?", StringComparison.Ordinal));
    }

    [Fact]
    public void Declined_says_nothing_was_changed_and_exits_4()
    {
        PlanGate.Declined(Context(true, true)).Should().Be(4);
        _error.ToString().Should().Be("session-closer: nothing was changed\n");
    }

    private CliContext Context(bool stdinTty, bool stdoutTty) =>
        new(_out, _error, new OpenClawEnvironment(new Dictionary<string, string>()), new FixedClock(), IsOutputTerminal: stdoutTty, IsInputTerminal: stdinTty, new StringReader(""));
}
