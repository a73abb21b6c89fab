using SessionCloser.Errors;

namespace SessionCloser.Closing;

/// <summary>Who closes sessions in a store.</summary>
public enum CloseBackend
{
    /// <summary>session-closer edits <c>sessions.json</c> and renames transcripts itself (era A/B, no gateway).</summary>
    Files,

    /// <summary>The running gateway closes them (<c>sessions.delete</c> / <c>sessions.patch</c>), over one connection.</summary>
    Gateway,
}

/// <summary>Everything one run did (or, with --dry-run, would do) to one store.</summary>
public sealed record CloseReport
{
    public required string StorePath { get; init; }

    public required string AgentId { get; init; }

    public required CloseMode Mode { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Who did the closing: session-closer on the files, or the running gateway.</summary>
    public CloseBackend Backend { get; init; } = CloseBackend.Files;

    /// <summary>True when sessions were closed by archiving them (<c>--archive</c>, gateway only) rather than deleting.</summary>
    public bool Archive { get; init; }

    public required IReadOnlyList<SessionOutcome> Outcomes { get; init; }

    /// <summary>The byte-identical copy taken before the rewrite; null when the store was not rewritten.</summary>
    public string? BackupPath { get; init; }

    public IReadOnlyList<string> PrunedBackups { get; init; } = [];

    /// <summary>Files that vanished or could not be renamed after the store was written (warnings, not failures).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>An interrupted earlier run that this run finished first, if any.</summary>
    public string? Recovered { get; init; }

    /// <summary>Why the run stopped before it handled every session (the gateway connection failed); null when it did not.</summary>
    public string? Failure { get; init; }

    /// <summary>
    /// Why the whole run was refused before anything was read or changed (era C with its gateway stopped: only the
    /// gateway can close); null when it was not.
    /// </summary>
    public string? Refusal { get; init; }

    /// <summary>
    /// What the run did when it was cancelled (SIGINT/SIGTERM): rolled back before the store was replaced, or finished
    /// the close because it already was; for the gateway, the sessions not yet attempted are <c>SKIPPED</c>. Null
    /// when the run was not interrupted.
    /// </summary>
    public string? Interrupted { get; init; }

    /// <summary>
    /// A dry run's forecast of what the gateway's own <c>session.maintenance</c> does to other sessions on its next
    /// write (2026.7+); null when not forecast.
    /// </summary>
    public MaintenanceForecast? Maintenance { get; init; }

    /// <summary>The operation log record of this run (<c>session-closer restore &lt;id&gt;</c> undoes it); null when it changed nothing.</summary>
    public string? OperationId { get; init; }

    /// <summary>True when the store was rewritten (not in a dry run).</summary>
    public bool StoreWritten => BackupPath is not null;

    /// <summary>True when any session was really closed: the one condition for <c>--restart-gateway</c>.</summary>
    public bool Changed => !DryRun && Count(OutcomeStatus.Closed) > 0;

    public int Count(OutcomeStatus status) => Outcomes.Count(o => o.Status == status);

    /// <summary>Stored keys closed: more than <see cref="Count"/> of closed sessions when a session had case variants (<c>alpha</c> and <c>ALPHA</c>).</summary>
    public int ClosedKeyCount => Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Sum(o => Math.Max(1, o.Keys.Count));

    /// <summary>
    /// Refusals outrank missing sessions: a script must notice a session that was kept on purpose. An interrupted run
    /// says so first (the CLI turns it into the code of the signal it got).
    /// </summary>
    public ExitCode ExitCode =>
        Interrupted is not null ? ExitCode.Interrupted
        : Failure is not null ? ExitCode.StoreError
        : Refusal is not null ? ExitCode.Refused
        : Count(OutcomeStatus.Skipped) > 0 ? ExitCode.Refused
        : Count(OutcomeStatus.NotFound) > 0 ? ExitCode.NotFound
        : ExitCode.Success;
}
