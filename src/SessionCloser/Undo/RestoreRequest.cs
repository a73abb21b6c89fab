using SessionCloser.Locking;
using SessionCloser.Transactions;

namespace SessionCloser.Undo;

/// <summary>What to undo in one agent's store, and how carefully.</summary>
internal sealed record RestoreRequest
{
    public required string StorePath { get; init; }

    public required string AgentId { get; init; }

    /// <summary>The record to undo.</summary>
    public required string OperationId { get; init; }

    /// <summary>The log, the command line and the era, for this restore's own record.</summary>
    public required OperationLogging Logging { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Put entries back over ones re-created since with another sessionId.</summary>
    public bool Force { get; init; }

    public int KeepBackups { get; init; } = StoreBackups.DefaultKeep;

    public TimeSpan LockTimeout { get; init; } = StoreLock.DefaultTimeout;
}

/// <summary>
/// Who undoes a record: session-closer on the files (<see cref="FileRestorer"/>) for a record the files backend
/// wrote, the gateway for one it wrote. The operation picks one by the record's backend.
/// </summary>
internal interface IRestoreBackend
{
    /// <summary>Undoes (or, with <see cref="RestoreRequest.DryRun"/>, plans undoing) the record the request names.</summary>
    Task<RestoreReport> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken);
}
