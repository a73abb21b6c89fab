using SessionCloser.Errors;

namespace SessionCloser.Closing;

/// <summary>Everything one run did (or, with --dry-run, would do) to one store.</summary>
public sealed record CloseReport
{
    public required string StorePath { get; init; }

    public required string AgentId { get; init; }

    public required CloseMode Mode { get; init; }

    public bool DryRun { get; init; }

    public required IReadOnlyList<SessionOutcome> Outcomes { get; init; }

    /// <summary>The byte-identical copy taken before the rewrite; null when the store was not rewritten.</summary>
    public string? BackupPath { get; init; }

    public IReadOnlyList<string> PrunedBackups { get; init; } = [];

    /// <summary>Files that vanished or could not be renamed after the store was written (warnings, not failures).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>An interrupted earlier run that this run finished first, if any.</summary>
    public string? Recovered { get; init; }

    /// <summary>True when the store was rewritten (not in a dry run).</summary>
    public bool StoreWritten => BackupPath is not null;

    public int Count(OutcomeStatus status) => Outcomes.Count(o => o.Status == status);

    /// <summary>Refusals outrank missing sessions: a script must notice a session that was kept on purpose.</summary>
    public ExitCode ExitCode =>
        Count(OutcomeStatus.Skipped) > 0 ? ExitCode.Refused
        : Count(OutcomeStatus.NotFound) > 0 ? ExitCode.NotFound
        : ExitCode.Success;
}
