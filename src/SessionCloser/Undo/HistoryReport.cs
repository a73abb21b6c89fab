namespace SessionCloser.Undo;

/// <summary>Where an operation stands.</summary>
public enum OperationState
{
    /// <summary>Finished; can be restored.</summary>
    Complete,

    /// <summary>Undone by a later restore (<see cref="HistoryEntry.RestoredBy"/>).</summary>
    Restored,

    /// <summary>
    /// Not finished: still running, or killed before its journal was written (nothing changed); the next run on its
    /// store finishes or rolls back one that was killed after.
    /// </summary>
    Incomplete,

    /// <summary>Interrupted before it changed the store: nothing to undo.</summary>
    RolledBack,

    /// <summary>The record fails its checks (<see cref="HistoryEntry.Problem"/>); nothing acts on it.</summary>
    Unreadable,
}

/// <summary>One operation of the log, as <c>history</c> shows it.</summary>
public sealed record HistoryEntry
{
    public required string Id { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary><c>close</c>, <c>keep-only</c>, <c>restore</c> or <c>purge</c>; null when unreadable.</summary>
    public string? Command { get; init; }

    public string? AgentId { get; init; }

    /// <summary><c>files</c> or <c>gateway</c>.</summary>
    public string? Backend { get; init; }

    public string? StorePath { get; init; }

    public required OperationState State { get; init; }

    /// <summary>Sessions closed (for a restore: put back or taken out).</summary>
    public int Sessions { get; init; }

    /// <summary>Entries taken out of the store.</summary>
    public int EntriesRemoved { get; init; }

    /// <summary>Entries put into the store.</summary>
    public int EntriesAdded { get; init; }

    /// <summary>Files renamed (planned renames; a restore lists those it did).</summary>
    public int Renamed { get; init; }

    public bool FinishedByRecovery { get; init; }

    public string? Restores { get; init; }

    public string? RestoredBy { get; init; }

    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>A purge: the files it deleted (or found already gone).</summary>
    public int FilesDeleted { get; init; }

    /// <summary>A purge: the bytes of the files it deleted.</summary>
    public long BytesDeleted { get; init; }

    /// <summary>The purges that deleted archives this operation's restore needs: it can no longer be undone.</summary>
    public IReadOnlyList<string> PurgedBy { get; init; } = [];

    /// <summary>Why the record is unreadable.</summary>
    public string? Problem { get; init; }

    internal static HistoryEntry Of(OperationRecord record) => new()
    {
        Id = record.Id,
        StartedAt = record.StartedAt,
        Command = OperationRecordWriter.CommandName(record.Command),
        AgentId = record.AgentId,
        Backend = OperationRecordWriter.BackendName(record.Backend),
        StorePath = record.StorePath,
        State = record.RestoredBy is not null ? OperationState.Restored
            : record.RolledBack ? OperationState.RolledBack
            : record.Complete ? OperationState.Complete
            : OperationState.Incomplete,
        Sessions = record.SessionCount,
        EntriesRemoved = record.Removed.Count,
        EntriesAdded = record.Added.Count,
        Renamed = record.Renames.Count,
        FinishedByRecovery = record.FinishedByRecovery,
        Restores = record.Restores,
        RestoredBy = record.RestoredBy,
        CommandLine = record.CommandLine,
        FilesDeleted = record.Purged.Count(f => f.Status == PurgedFile.Deleted),
        BytesDeleted = record.Purged.Where(f => f.Status == PurgedFile.Deleted).Sum(f => f.Bytes),
        PurgedBy = record.PurgedBy,
    };
}

/// <summary>The operation log of one state, newest first, and its retention.</summary>
public sealed record HistoryReport
{
    /// <summary>Where the records are.</summary>
    public required string Directory { get; init; }

    /// <summary>The agent asked for; null for every agent.</summary>
    public string? AgentId { get; init; }

    public required IReadOnlyList<HistoryEntry> Operations { get; init; }

    /// <summary>How many records are kept at least (the newest ones).</summary>
    public required int KeepCount { get; init; }

    /// <summary>Records younger than this are kept whatever their number.</summary>
    public required TimeSpan KeepAge { get; init; }

    /// <summary>The retention in words.</summary>
    public required string Retention { get; init; }
}
