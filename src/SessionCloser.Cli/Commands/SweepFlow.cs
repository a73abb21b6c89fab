using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>close</c> by selectors: the usage rules of the selector options, the plan/ask gate (<see cref="PlanGate"/>),
/// then <see cref="SweepOperation"/>'s plan and run, printed as text (<see cref="SweepPlanText"/>,
/// <see cref="SweepResultText"/>) or one JSON document (<see cref="SweepJson"/>).
/// </summary>
internal static class SweepFlow
{
    /// <summary>
    /// The selector run the line asks for, or null for a close by name. Usage errors (exit 2), before anything is
    /// read: selectors with project ids or keys, <c>--include-groups</c> or <c>--all-agents</c> without a selector,
    /// <c>--agent</c> with <c>--all-agents</c>, and every bad selector value.
    /// </summary>
    public static SessionSelector? Read(System.CommandLine.ParseResult result, SelectorOptions selectors, IReadOnlyList<string> arguments, string? agent)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(selectors);
        var given = selectors.Given(result);
        var allAgents = result.GetValue(selectors.AllAgents);
        var includeGroups = selectors.IncludeGroupsGiven(result);
        if (given.Count == 0 && !allAgents && !includeGroups)
        {
            return null;
        }

        if (given.Count > 0 && arguments.Count > 0)
        {
            throw Usage($"{string.Join(", ", given)} choose{(given.Count == 1 ? "s" : "")} the sessions to close: name sessions or choose them with selectors, not both (got '{HumanFormat.Printable(arguments[0])}'; use --except to leave some)");
        }

        if (allAgents && agent is not null)
        {
            throw Usage("--agent and --all-agents cannot be combined");
        }

        if (given.Count == 0)
        {
            throw Usage(allAgents
                ? $"--all-agents closes by selectors: add at least one ({SelectorOptions.Names})"
                : $"--include-groups widens a selector run: add at least one selector ({SelectorOptions.Names})");
        }

        return selectors.Read(result);
    }

    public static async Task<int> RunAsync(CliContext context, CloseOptions options, bool yes, bool asJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var gate = PlanGate.Decide(context, yes, options.DryRun, asJson);
        if (gate == GateDecision.Refuse)
        {
            throw PlanGate.Refusal(context, "a selector run", asJson);
        }

        var lines = asJson ? null : new StreamedCloseLines(context);
        var counter = lines is null ? null : new SweepProgress(lines);
        var progress = ProgressLine.For(context, "planning", asJson);
        try
        {
            await using var operation = await SweepOperation.OpenAsync(context.Operation, options with { Progress = counter }, cancellationToken);
            var plan = await operation.PlanAsync(cancellationToken);
            progress?.Dispose();
            progress = null;
            if (options.DryRun)
            {
                var code = DryRunExitCode(plan);
                if (asJson)
                {
                    SweepJson.Write(context, plan, result: null, options, code);
                }
                else
                {
                    SweepPlanText.WriteDryRun(context, plan, options.AllAgents);
                }

                return code;
            }

            // Nothing to ask about when nothing would close, or when only stores the gateway must close while it is
            // stopped would: the run refuses those (exit 4, naming the command that starts it) without a question.
            if (gate == GateDecision.Ask && plan.Stores.Any(s => s.Preview.Count(OutcomeStatus.Closed) > 0 && !WaitsForStoppedGateway(s)))
            {
                var now = context.Clock.GetUtcNow().ToUnixTimeMilliseconds();
                if (!await PlanGate.AskAsync(context, console => SweepPlanText.WriteSummary(console, plan, options.AllAgents, now), SweepPlanText.Question(plan), cancellationToken))
                {
                    return PlanGate.Declined(context);
                }
            }

            counter?.Expect(plan.ClosingCount);
            progress = ProgressLine.For(context, "closing", asJson);
            lines?.Progress = progress;
            var result = await operation.RunAsync(plan, cancellationToken);
            progress?.Dispose();
            progress = null;
            if (asJson)
            {
                SweepJson.Write(context, plan, result, options, (int)result.ExitCode);
                foreach (var refused in result.Stores.Where(s => s.Report.Refusal is not null))
                {
                    context.Error.WriteLine($"session-closer: {refused.Report.AgentId}: refused: {refused.Report.Refusal}");
                }
            }
            else
            {
                SweepResultText.Write(context, result, options, counter);
            }

            return (int)result.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && asJson)
        {
            // Stopped before a result existed (routing, planning, the question): --json still prints one document.
            SweepJson.WriteInterruptedEarly(context, options.Selector, options);
            throw;
        }
        finally
        {
            // The live line goes before anything else is printed: the summary (or the error) stands alone.
            progress?.Dispose();
        }
    }

    /// <summary>Sessions in SQLite (2026.8+) with no gateway serving them: a real run is refused for this store.</summary>
    private static bool WaitsForStoppedGateway(StorePlan store) =>
        store.Route.Era == Eras.StorageEra.SqliteBehindGateway && !store.Route.GatewayLive;

    /// <summary>A dry run did its job (0) unless a store could not be planned: its failure (5) or refusal (4).</summary>
    private static int DryRunExitCode(SweepPlan plan) =>
        plan.Stores.Any(s => s.Preview.Failure is not null) ? (int)ExitCode.StoreError
        : plan.Stores.Any(s => s.Preview.Refusal is not null) ? (int)ExitCode.Refused
        : (int)ExitCode.Success;

    private static SessionCloserException Usage(string message) => new(ExitCode.Usage, message);

    /// <summary>
    /// Passes each store's progress on to the printed lines as one count over the whole run (<c>closing 37/120</c>),
    /// and leaves out the sessions a store's run reports as kept: a selector run prints what it closed or refused.
    /// </summary>
    internal sealed class SweepProgress(StreamedCloseLines lines) : IProgress<CloseProgress>
    {
        private readonly Lock _lock = new();
        private readonly HashSet<(OutcomeStatus, string, string?)> _printed = [];
        private int _earlierStores;
        private int _lastDone;
        private int _total;

        /// <summary>
        /// The outcome's line is already on stdout. By status, key and sessionId, not by reference: the run's report
        /// holds copies of the streamed outcomes with the plan's facts added.
        /// </summary>
        public bool WasPrinted(SessionOutcome outcome)
        {
            ArgumentNullException.ThrowIfNull(outcome);
            lock (_lock)
            {
                return _printed.Contains(Identity(outcome));
            }
        }

        public void Expect(int total)
        {
            lock (_lock)
            {
                _total = total;
            }
        }

        public void Report(CloseProgress value)
        {
            ArgumentNullException.ThrowIfNull(value);
            CloseProgress forwarded;
            lock (_lock)
            {
                if (value.Done < _lastDone)
                {
                    // The next store started counting from zero.
                    _earlierStores += _lastDone;
                }

                _lastDone = value.Done;
                var total = Math.Max(_total, _earlierStores + value.Total);
                var outcome = value.Outcome is { Status: OutcomeStatus.Kept } ? null : value.Outcome;
                if (outcome is not null)
                {
                    _printed.Add(Identity(outcome));
                }

                forwarded = new CloseProgress(Math.Min(_earlierStores + value.Done, total), total, outcome);
            }

            lines.Report(forwarded);
        }

        private static (OutcomeStatus, string, string?) Identity(SessionOutcome outcome) => (outcome.Status, outcome.Subject, outcome.SessionId);
    }
}
