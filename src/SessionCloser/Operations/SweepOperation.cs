using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Errors;

namespace SessionCloser.Operations;

/// <summary>
/// <c>close</c> by selectors, on one agent or every agent (<see cref="CloseOptions.AllAgents"/>): <see cref="PlanAsync"/>
/// decides per store which sessions the selectors pick and why every other one stays, changing nothing;
/// <see cref="RunAsync"/> then closes exactly the sessions of that plan (a session whose key now holds another
/// sessionId is skipped, never a new one picked), one operation in the log per store, at most one gateway restart.
/// </summary>
public sealed class SweepOperation : IAsyncDisposable
{
    private SweepOperation()
    {
    }

    /// <summary>Resolves the installation and the stores (the agent's, or every agent's); refuses bad options (exit 2) before anything is read.</summary>
    public static Task<SweepOperation> OpenAsync(OperationContext context, CloseOptions options, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("wip-select fills this in");

    /// <summary>The plan: per store, every session either picked (<see cref="OutcomeStatus.Closed"/>), refused (<see cref="OutcomeStatus.Skipped"/>, e.g. a run in progress) or left (<see cref="OutcomeStatus.Kept"/>), each with why.</summary>
    public Task<SweepPlan> PlanAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("wip-select fills this in");

    /// <summary>Closes exactly the plan's picked sessions, store by store; a store with none is not touched.</summary>
    public Task<SweepResult> RunAsync(SweepPlan plan, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("wip-select fills this in");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>What a selector run would do, store by store.</summary>
public sealed record SweepPlan
{
    public required SessionSelector Selector { get; init; }

    /// <summary>One per store, in agent order; a store without sessions is still listed.</summary>
    public required IReadOnlyList<StorePlan> Stores { get; init; }

    /// <summary>Sessions the run would close, over every store.</summary>
    public int ClosingCount => Stores.Sum(s => s.Preview.Count(OutcomeStatus.Closed));

    /// <summary>Bytes the closed sessions' archives will take, where known (files the run renames; era C transcripts sized from the database when it can be read).</summary>
    public long ArchiveBytes => Stores.Sum(s => s.ArchiveBytes ?? 0);
}

/// <summary>One store's part of a <see cref="SweepPlan"/>.</summary>
/// <param name="Route">Who would close, and why.</param>
/// <param name="Preview">The dry run: outcomes carry <see cref="SessionOutcome.Kind"/>, <see cref="SessionOutcome.UpdatedAt"/> and, for sessions left, <see cref="SessionOutcome.Reason"/>.</param>
public sealed record StorePlan(RouteSummary Route, CloseReport Preview)
{
    public string AgentId => Preview.AgentId;

    /// <summary>Bytes of the files the archives will take; null when not known (a remote gateway).</summary>
    public long? ArchiveBytes { get; init; }
}

/// <summary>What a selector run did: each store's close (stores with nothing to close are absent) and the one restart.</summary>
public sealed record SweepResult(IReadOnlyList<CloseResult> Stores, GatewayRestartResult? Restart)
{
    /// <summary>The worst store's code (refused outranks not found outranks success); a failed restart after a clean run is a store error.</summary>
    public ExitCode ExitCode
    {
        get
        {
            var worst = Stores.Select(s => s.Report.ExitCode).DefaultIfEmpty(ExitCode.Success).Max();
            return Restart is { Succeeded: false } && worst == ExitCode.Success ? ExitCode.StoreError : worst;
        }
    }
}
