using SessionCloser.Errors;
using Spectre.Console;

namespace SessionCloser.Cli.Commands;

/// <summary>What <see cref="PlanGate.Decide"/> says a run that picks its own targets may do.</summary>
internal enum GateDecision
{
    /// <summary>Go on: a dry run (print the plan, change nothing) or <c>--yes</c>.</summary>
    Proceed,

    /// <summary>A person is at a terminal: show the plan and ask once (<see cref="PlanGate.AskAsync"/>).</summary>
    Ask,

    /// <summary>Nobody to ask and no <c>--yes</c>: refuse before anything is read (<see cref="PlanGate.Refusal"/>, exit 2).</summary>
    Refuse,
}

/// <summary>
/// The plan/ask rule of every run that picks its own targets (close by selectors, purge-archives): a pattern is easier
/// to get wrong than a list of names, so nothing changes unless a person saw the plan and said yes, or the command
/// line says <c>--yes</c>. <c>--dry-run</c> prints the plan and exits 0; on a terminal (stdin and stdout) without
/// <c>--yes</c> the plan is shown and asked about once (default no; no → <see cref="Declined"/>, exit 4); with no
/// terminal, or with <c>--json</c> (which never asks), and no <c>--yes</c> the run is a usage error (exit 2) before
/// anything is read. Usage:
/// <code>
/// var gate = PlanGate.Decide(context, yes, dryRun, asJson);
/// if (gate == GateDecision.Refuse) throw PlanGate.Refusal(context, "a selector run", asJson);
/// ... read, plan; if (dryRun) print the plan, return 0 ...
/// if (gate == GateDecision.Ask &amp;&amp; !await PlanGate.AskAsync(context, console => ShowPlan(console), "Close 3 session(s)?", ct)) return PlanGate.Declined(context);
/// </code>
/// The refusal is a <see cref="SessionCloserException"/>: the CLI prints it on stderr and, under <c>--json</c>, as
/// the FailureJson object on stdout.
/// </summary>
internal static class PlanGate
{
    /// <summary>The refusal of a selector run with nobody to ask (the wording scripts and docs quote).</summary>
    public const string SelectorRunRefusal = "a selector run needs --yes or --dry-run when there is no terminal to ask on";

    /// <summary>What the run may do; decided from the command line and the terminal alone, before anything is read.</summary>
    public static GateDecision Decide(CliContext context, bool yes, bool dryRun, bool asJson)
    {
        ArgumentNullException.ThrowIfNull(context);
        return dryRun || yes ? GateDecision.Proceed
            : context.IsInputTerminal && context.IsOutputTerminal && !asJson ? GateDecision.Ask
            : GateDecision.Refuse;
    }

    /// <summary>
    /// The usage error (exit 2) for <see cref="GateDecision.Refuse"/>: "<paramref name="run"/> needs --yes or --dry-run
    /// when there is no terminal to ask on" (or, on a terminal with <c>--json</c>, that --json never asks).
    /// </summary>
    /// <param name="context">The terminal the run has (or has not).</param>
    /// <param name="run">What is refused, as the message starts: "a selector run", "purge-archives".</param>
    /// <param name="asJson">The run has <c>--json</c>.</param>
    public static SessionCloserException Refusal(CliContext context, string run, bool asJson)
    {
        ArgumentNullException.ThrowIfNull(context);
        var terminal = context.IsInputTerminal && context.IsOutputTerminal;
        return new SessionCloserException(ExitCode.Usage, terminal && asJson
            ? $"{run} with --json needs --yes or --dry-run: --json never asks; nothing was read or changed"
            : $"{run} needs --yes or --dry-run when there is no terminal to ask on");
    }

    /// <summary>Shows the plan, then asks <paramref name="question"/> once (default no). True when the answer is yes; a signal while asking cancels.</summary>
    public static async Task<bool> AskAsync(CliContext context, Action<IAnsiConsole> showPlan, string question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(showPlan);
        var console = Output.Terminal.For(context);
        showPlan(console);
        return await new ConfirmationPrompt(Markup.Escape(question)) { DefaultValue = false }.ShowAsync(console, cancellationToken);
    }

    /// <summary>The answer was no: says nothing was changed (stderr) and gives the exit code, 4 (refused).</summary>
    public static int Declined(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Error.WriteLine("session-closer: nothing was changed");
        return (int)ExitCode.Refused;
    }
}
