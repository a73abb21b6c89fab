using SessionCloser.Errors;
using SessionCloser.Locking;
using SessionCloser.Transactions;

namespace SessionCloser.Operations;

/// <summary>What <c>restore</c> was asked to undo, as a front end parsed it.</summary>
public sealed record RestoreOptions
{
    /// <summary>The operation to undo; null with <see cref="Last"/>.</summary>
    public string? OperationId { get; init; }

    /// <summary>Undo the newest operation on the agent's store.</summary>
    public bool Last { get; init; }

    /// <summary>The agent; null for OpenClaw's default agent from the config (<c>main</c> on a stock install).</summary>
    public string? AgentId { get; init; }

    public string? StateDir { get; init; }

    public string? Profile { get; init; }

    /// <summary>Report what would be restored; change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Put entries back over ones re-created since with another sessionId; edit an unlocked store beside its gateway.</summary>
    public bool Force { get; init; }

    public int KeepBackups { get; init; } = StoreBackups.DefaultKeep;

    public TimeSpan LockTimeout { get; init; } = StoreLock.DefaultTimeout;

    /// <summary>How to reach the gateway: <c>--url</c>, <c>--token</c>, <c>--password</c>, <c>--timeout</c>.</summary>
    public GatewayConnectionOptions Gateway { get; init; } = new();

    /// <summary>Refuses option combinations that cannot work, before anything is read.</summary>
    internal void Validate()
    {
        if (Last == (OperationId is not null))
        {
            throw new SessionCloserException(ExitCode.Usage, "name one operation id (see 'session-closer history') or pass --last, not both");
        }

        if (OperationId is not null && !Undo.OperationIds.IsValid(OperationId))
        {
            throw new SessionCloserException(ExitCode.Usage, $"'{OperationId}' is not an operation id (yyyyMMddTHHmmssfffZ-xxxxxx, as 'session-closer history' lists them)");
        }

        CloseOptions.ValidateWriteOptions(KeepBackups, LockTimeout);
        Gateway.Validate();
    }
}
