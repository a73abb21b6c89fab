namespace SessionCloser.Fixtures.Selectors;

/// <summary>
/// One session of a <see cref="SelectorState"/> as the oracle sees it. <see cref="Kind"/> is the kind the session was
/// made as (by construction, never by classifying its key), in <c>--kind</c> words.
/// </summary>
/// <param name="ChatType">The entry's <c>chatType</c>, if any.</param>
/// <param name="SpawnedBy">The entry's <c>spawnedBy</c>, if any (a spawned child).</param>
/// <param name="CronJob">For a cron run: its job's key; else null.</param>
/// <param name="RunInProgress">Its transcript has a live lock (a run in progress).</param>
/// <param name="Files">Its files on disk that a close archives (transcript, checkpoints, trajectory sidecars).</param>
public sealed record SelectorSession(
    string AgentId,
    string Key,
    string Kind,
    string SessionId,
    long UpdatedAt,
    bool Archived,
    string? Label,
    string? ChatType,
    string? SpawnedBy,
    string? CronJob,
    bool RunInProgress,
    IReadOnlyList<string> Files)
{
    /// <summary>The entry names a transcript that is not on disk.</summary>
    public bool TranscriptMissing { get; init; }

    public override string ToString() => $"{AgentId}/{Key} ({Kind})";
}

/// <summary>Files a <see cref="SelectorState"/> leaves beside the stores that no entry owns.</summary>
public sealed record SelectorLeftovers(
    IReadOnlyList<string> DeletedArchives,
    IReadOnlyList<string> ResetArchives,
    IReadOnlyList<string> ScriptBackups,
    IReadOnlyList<string> OpenClawBackups,
    IReadOnlyList<string> OrphanTranscripts,
    IReadOnlyList<string> StaleLocks,
    IReadOnlyList<string> LiveLocks,
    IReadOnlyList<string> TempFiles);
