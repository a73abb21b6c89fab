namespace SessionCloser.Purging;

/// <summary>What the plan does with a file.</summary>
public enum PurgeAction
{
    Delete,
    Keep,
}

/// <summary>How a file ended in a purge run.</summary>
public enum PurgeFileStatus
{
    /// <summary>Only planned (a dry run, or before the run).</summary>
    Planned,

    Deleted,

    /// <summary>Gone before the purge got to it (OpenClaw's own cleanup, another purge): nothing to do.</summary>
    AlreadyGone,

    /// <summary>Left: the plan keeps it, or by the time the run got to it, it no longer qualified (<see cref="PurgeFile.Why"/>).</summary>
    Kept,

    /// <summary>The delete failed (<see cref="PurgeFile.Why"/> says why); the file is still there.</summary>
    Failed,
}

/// <summary>One archive or backup, with what the purge does with it and why.</summary>
public sealed record PurgeFile
{
    public required string Path { get; init; }

    public string Name => System.IO.Path.GetFileName(Path);

    public required PurgeCategory Category { get; init; }

    /// <summary>An archive's reason (<c>deleted</c>, <c>reset</c>, <c>bak</c>) or whose backup (<c>session-closer</c>, <c>original-scripts</c>, <c>openclaw</c>).</summary>
    public required string Reason { get; init; }

    /// <summary>When it was made: from its name, else its mtime (<see cref="TimeFromName"/>).</summary>
    public required DateTimeOffset Time { get; init; }

    public required bool TimeFromName { get; init; }

    public required long Bytes { get; init; }

    public required PurgeAction Action { get; init; }

    /// <summary>Why it goes or stays, in words: "older than 30d (45d old)", "newer than 30d", "referenced by &lt;key&gt;", "needed by operation &lt;id&gt; for restore; --force to purge it".</summary>
    public required string Why { get; init; }

    /// <summary>The operation whose restore needs it (kept without --force; deleted with it, and that operation can no longer be undone).</summary>
    public string? NeededBy { get; init; }

    /// <summary>The live entry that references it (then always kept).</summary>
    public string? ReferencedBy { get; init; }

    public PurgeFileStatus Status { get; init; } = PurgeFileStatus.Planned;
}

/// <summary>One sessions directory's part of a purge (an agent's, or one shared by several agents).</summary>
public sealed record PurgeStorePlan
{
    /// <summary>The agent (the first, for a directory several agents share).</summary>
    public required string AgentId { get; init; }

    /// <summary>Every agent whose store is in this directory.</summary>
    public required IReadOnlyList<string> AgentIds { get; init; }

    public required string SessionsDirectory { get; init; }

    public required string StorePath { get; init; }

    /// <summary>A, B, C or Unknown.</summary>
    public required string Era { get; init; }

    /// <summary>Archives and backups, oldest first; each to delete or keep, with why.</summary>
    public required IReadOnlyList<PurgeFile> Files { get; init; }

    /// <summary>Things worth knowing that change nothing (an operation record that cannot be read, …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int DeleteCount => Files.Count(f => f.Action == PurgeAction.Delete);

    public long DeleteBytes => Files.Where(f => f.Action == PurgeAction.Delete).Sum(f => f.Bytes);
}

/// <summary>What <c>purge-archives</c> would delete and keep, per sessions directory.</summary>
public sealed record PurgePlan
{
    /// <summary>The duration as given (<c>30d</c>).</summary>
    public required string OlderThan { get; init; }

    /// <summary>Files made before this go (unless a rule keeps them).</summary>
    public required DateTimeOffset Cutoff { get; init; }

    public required bool Force { get; init; }

    public required IReadOnlyList<PurgeStorePlan> Stores { get; init; }

    public int DeleteCount => Stores.Sum(s => s.DeleteCount);

    public long DeleteBytes => Stores.Sum(s => s.DeleteBytes);
}

/// <summary>What one directory's purge did.</summary>
public sealed record PurgeStoreResult
{
    public required PurgeStorePlan Plan { get; init; }

    /// <summary>This purge's operation record; null when nothing was to be deleted (no record is written then).</summary>
    public string? OperationId { get; init; }

    /// <summary>Every file of the plan as it ended (kept ones stay <see cref="PurgeFileStatus.Kept"/>).</summary>
    public required IReadOnlyList<PurgeFile> Files { get; init; }

    /// <summary>What an interrupted earlier run left and this run finished first (a purge, or a close's journal); null when nothing.</summary>
    public string? Recovered { get; init; }

    /// <summary>Operations that can no longer be undone because this run deleted archives their restore needed (--force).</summary>
    public IReadOnlyList<string> Unrestorable { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int DeletedCount => Files.Count(f => f.Status == PurgeFileStatus.Deleted);

    public long DeletedBytes => Files.Where(f => f.Status == PurgeFileStatus.Deleted).Sum(f => f.Bytes);
}

/// <summary>What a purge run did, per directory.</summary>
public sealed record PurgeResult
{
    public required PurgePlan Plan { get; init; }

    public required IReadOnlyList<PurgeStoreResult> Stores { get; init; }

    public int DeletedCount => Stores.Sum(s => s.DeletedCount);

    public long DeletedBytes => Stores.Sum(s => s.DeletedBytes);

    /// <summary>0, or 5 when a delete failed (the file is still there and the record says so).</summary>
    public Errors.ExitCode ExitCode => Stores.Any(s => s.Files.Any(f => f.Status == PurgeFileStatus.Failed)) ? Errors.ExitCode.StoreError : Errors.ExitCode.Success;
}

/// <summary>Progress of a purge for a live line: scanning directories, then deleting files.</summary>
/// <param name="Phase"><c>scanning</c> or <c>purging</c>.</param>
/// <param name="Done">How many so far.</param>
/// <param name="Total">Of how many.</param>
public readonly record struct PurgeProgress(string Phase, int Done, int Total);
