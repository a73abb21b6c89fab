using SessionCloser.Artifacts;
using SessionCloser.Errors;

namespace SessionCloser.Undo;

/// <summary>What <c>restore</c> did (or, with --dry-run, would do) to one session of the undone operation.</summary>
public enum RestoreStatus
{
    /// <summary><c>RESTORED &lt;key&gt;</c>: its entries are back in the store, its files under their names.</summary>
    Restored,

    /// <summary><c>PRESENT &lt;key&gt;</c>: the store already holds it with the same sessionId; only its files were renamed back.</summary>
    AlreadyPresent,

    /// <summary><c>CLOSED &lt;key&gt;</c>: undoing a restore took the entries it had put back out again.</summary>
    Closed,

    /// <summary><c>SKIPPED &lt;key&gt; &lt;reason&gt;</c>: re-created since with another sessionId; left alone (unless --force).</summary>
    Skipped,
}

/// <summary>What happened to one file of a restored session.</summary>
public enum RestoreFileStatus
{
    /// <summary>Renamed back (with --dry-run: would be).</summary>
    Renamed,

    /// <summary>Already under its name: the archive is gone and the file is where it belongs.</summary>
    AlreadyInPlace,

    /// <summary>A live file already has the name: it was left, and so was the archive (never overwritten).</summary>
    LiveFileInTheWay,

    /// <summary>Neither the archive nor the file exists any more (another cleaner deleted the archive).</summary>
    ArchiveMissing,
}

/// <summary>One file of a session: its archive (<see cref="From"/>) and its name (<see cref="To"/>).</summary>
public sealed record RestoredFile(string From, string To, ArtifactKind Kind, RestoreFileStatus Status);

/// <summary>One session of the undone operation; each becomes one output line.</summary>
public sealed record RestoreOutcome
{
    public required RestoreStatus Status { get; init; }

    /// <summary>The session's key as the undone operation reported it.</summary>
    public required string Key { get; init; }

    /// <summary>Every stored key of it that was put back (or taken out).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    public string? SessionId { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<RestoredFile> Files { get; init; } = [];
}

/// <summary>Everything one <c>restore</c> did (or, with --dry-run, would do).</summary>
public sealed record RestoreReport
{
    /// <summary>The operation that was undone.</summary>
    public required string OperationId { get; init; }

    /// <summary>The undone operation's command: close, keep-only or restore.</summary>
    public required string UndoneCommand { get; init; }

    /// <summary>This restore's own record (it can itself be undone); null in a dry run or when nothing changed.</summary>
    public string? RestoreOperationId { get; init; }

    public required string AgentId { get; init; }

    public required string StorePath { get; init; }

    /// <summary><c>files</c> or <c>gateway</c>: who undid it.</summary>
    public required string Backend { get; init; }

    public bool DryRun { get; init; }

    public required IReadOnlyList<RestoreOutcome> Outcomes { get; init; }

    /// <summary>The copy of the store taken before it was rewritten; null when it was not.</summary>
    public string? BackupPath { get; init; }

    /// <summary>True when the store is now byte for byte what it was before the undone operation.</summary>
    public bool StoreAsBefore { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>An interrupted earlier run that this run finished first, if any.</summary>
    public string? Recovered { get; init; }

    public int Count(RestoreStatus status) => Outcomes.Count(o => o.Status == status);

    /// <summary>4 when a session was left alone (re-created since); else 0.</summary>
    public ExitCode ExitCode => Count(RestoreStatus.Skipped) > 0 ? ExitCode.Refused : ExitCode.Success;
}
