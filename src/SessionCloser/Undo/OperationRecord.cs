namespace SessionCloser.Undo;

/// <summary>The command a record describes. Part of the documented record format: never rename one.</summary>
internal enum RecordedCommand
{
    Close,
    KeepOnly,
    Restore,

    /// <summary><c>purge-archives</c>: deleted archives and old backups; it cannot be undone.</summary>
    Purge,
}

/// <summary>
/// One mutating run, as the operation log keeps it (<c>&lt;stateDir&gt;/session-closer/operations/&lt;id&gt;.json</c>):
/// written before the run changes anything, rewritten when it ends, so that <c>restore</c> can put back exactly what
/// it took away. The format is documented in docs/cli.md ("The operation log"); fields are only ever added.
/// </summary>
internal sealed record OperationRecord
{
    public const int CurrentVersion = 1;

    /// <summary>Sortable: <c>yyyyMMddTHHmmssfffZ-&lt;6 hex&gt;</c> (UTC), also the file name.</summary>
    public required string Id { get; init; }

    public required RecordedCommand Command { get; init; }

    /// <summary>The arguments the CLI was started with, as given (without the program name).</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    public required string AgentId { get; init; }

    public required string StateDir { get; init; }

    /// <summary>The agent's <c>sessions.json</c>; null when its sessions live in SQLite behind the gateway.</summary>
    public string? StorePath { get; init; }

    /// <summary><c>files</c> or <c>gateway</c>: who made the change, and so who can undo it.</summary>
    public required RecordedBackend Backend { get; init; }

    /// <summary>A, B, C or Unknown.</summary>
    public required string Era { get; init; }

    /// <summary>The process that wrote the record.</summary>
    public int ProcessId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>True only once the run finished (or the next run finished it from its journal).</summary>
    public bool Complete { get; init; }

    /// <summary>True when a later run found it interrupted and finished it from its journal.</summary>
    public bool FinishedByRecovery { get; init; }

    /// <summary>True when it was interrupted before it changed the store: there is nothing to undo.</summary>
    public bool RolledBack { get; init; }

    /// <summary>SHA-256 (lowercase hex) of the store before the run; null when there was no store file.</summary>
    public string? StoreSha256Before { get; init; }

    /// <summary>SHA-256 of the store the run wrote; null when it wrote none (yet).</summary>
    public string? StoreSha256After { get; init; }

    public string? BackupPath { get; init; }

    /// <summary>
    /// The whole store as it was, only when it was not laid out as <c>JSON.stringify(store, null, 2)</c> (so the
    /// rewrite changed its framing): restoring onto the untouched result then gives these exact bytes back.
    /// </summary>
    public byte[]? StoreBytesBefore { get; init; }

    /// <summary>For a restore: the operation it undid.</summary>
    public string? Restores { get; init; }

    /// <summary>The restore that undid this operation, once one finished.</summary>
    public string? RestoredBy { get; init; }

    public DateTimeOffset? RestoredAt { get; init; }

    /// <summary>Entries the run took out of the store, in their original file order.</summary>
    public IReadOnlyList<RemovedEntry> Removed { get; init; } = [];

    /// <summary>Entries the run put into the store (a restore's), so that undoing it takes exactly these out again.</summary>
    public IReadOnlyList<AddedEntry> Added { get; init; } = [];

    /// <summary>Every rename the run planned, in order.</summary>
    public IReadOnlyList<RecordedRename> Renames { get; init; } = [];

    /// <summary>What the gateway was asked and answered, per session; empty for the files backend.</summary>
    public IReadOnlyList<GatewayAction> Gateway { get; init; } = [];

    /// <summary>For a purge: every file it deletes (listed before the first is deleted), with its bytes and how it ended.</summary>
    public IReadOnlyList<PurgedFile> Purged { get; init; } = [];

    /// <summary>
    /// The purges (<c>purge-archives --force</c>) that deleted archives this operation's restore needs: once any is
    /// here the operation can no longer be undone, and <c>restore</c> refuses it naming them. Marked before the
    /// first such archive is deleted.
    /// </summary>
    public IReadOnlyList<string> PurgedBy { get; init; } = [];

    /// <summary>Sessions the run closed (or, for a restore, put back): distinct <see cref="RemovedEntry.Session"/>/<see cref="AddedEntry.Session"/> values plus gateway sessions.</summary>
    public int SessionCount =>
        Removed.Select(e => e.Session).Concat(Added.Select(e => e.Session)).Concat(Gateway.Select(g => g.Key)).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>One file a purge deletes, as its record keeps it.</summary>
/// <param name="Path">The file (absolute, inside the agent's sessions directory).</param>
/// <param name="Bytes">Its size when the purge planned it.</param>
/// <param name="Reason">Why it went: its class (<c>deleted</c>, <c>reset</c>, <c>bak</c> archive, or whose backup) and age.</param>
/// <param name="Status"><see cref="Pending"/> until deleted, then <see cref="Deleted"/> or <see cref="AlreadyGone"/>.</param>
/// <param name="NeededBy">The operation whose restore needed it (deleted only with --force); null otherwise.</param>
internal sealed record PurgedFile(string Path, long Bytes, string Reason, string Status, string? NeededBy)
{
    public const string Pending = "pending";

    public const string Deleted = "deleted";

    /// <summary>Gone before the purge got to it (OpenClaw's own cleanup, or another purge): nothing to do.</summary>
    public const string AlreadyGone = "already-gone";

    /// <summary>Not deleted: by the time the purge got to it, it no longer qualified (see the reason).</summary>
    public const string Kept = "kept";
}

/// <summary>Who made the change a record describes.</summary>
internal enum RecordedBackend
{
    Files,
    Gateway,
}

/// <summary>
/// An entry taken out of the store: its exact member bytes (<c>"key": value</c> as they were in the file, from the
/// key's opening quote to the value's last byte) and where it was.
/// </summary>
/// <param name="Key">The key, decoded.</param>
/// <param name="SessionId">Its <c>sessionId</c>, when it had one.</param>
/// <param name="Session">The session it was closed as part of (the report's key: case variants share it).</param>
/// <param name="Member">The exact bytes (a run's own record: a slice of the store it read, never a copy of every entry a keep-only removes).</param>
/// <param name="ValueStart">Where the value starts inside <paramref name="Member"/>.</param>
/// <param name="Index">Its position among the store's entries before the run (0-based).</param>
/// <param name="KeyBefore">The key right before it then; null when it was first.</param>
/// <param name="KeyAfter">The key right after it then; null when it was last.</param>
internal sealed record RemovedEntry(string Key, string? SessionId, string Session, ReadOnlyMemory<byte> Member, int ValueStart, int Index, string? KeyBefore, string? KeyAfter)
{
    public ReadOnlySpan<byte> KeyToken => Member.Span[..KeyTokenLength];

    public ReadOnlySpan<byte> Value => Member.Span[ValueStart..];

    /// <summary>The key's string token ends at its closing quote, before the colon.</summary>
    public int KeyTokenLength => Member.Span[..ValueStart].LastIndexOf((byte)'"') + 1;
}

/// <summary>An entry a run put into the store (exact member bytes as written), so undoing the run can take it out.</summary>
internal sealed record AddedEntry(string Key, string? SessionId, string Session, byte[] Member);

/// <summary>A rename a run planned: <paramref name="From"/> to <paramref name="To"/>, of a file of <paramref name="Session"/>.</summary>
/// <param name="From">The name before.</param>
/// <param name="To">The name after (an archive name when closing, the original name when restoring).</param>
/// <param name="Kind">What the file is to its session (<see cref="Artifacts.ArtifactKind"/>).</param>
/// <param name="Session">The session (report key) the file belongs to.</param>
internal sealed record RecordedRename(string From, string To, Artifacts.ArtifactKind Kind, string Session);

/// <summary>
/// One call the gateway answered for one session (filled by the gateway backend).
/// </summary>
/// <param name="Key">The session key the call named.</param>
/// <param name="SessionId">The sessionId it was guarded with, when known.</param>
/// <param name="Method">The RPC, e.g. <c>sessions.delete</c> or <c>sessions.patch</c>.</param>
/// <param name="Result"><c>deleted</c>, <c>archived</c>, or what else happened (e.g. <c>failed</c>).</param>
/// <param name="Reported">What the gateway reported (its payload as JSON text, or its error), verbatim.</param>
/// <param name="ArchivedFiles">Archive files the gateway named (transcripts it renamed).</param>
/// <param name="Listed">The session as the gateway listed it before the call (its <c>sessions.list</c> row as JSON text); null when it was not listed.</param>
/// <param name="StoreMember">
/// The entry's exact member bytes in the <c>sessions.json</c> the gateway served (eras A/B on this machine) when it
/// was listed, for an archive (a delete's are in <see cref="OperationRecord.Removed"/>); null otherwise.
/// </param>
internal sealed record GatewayAction(string Key, string? SessionId, string Method, string Result, string? Reported, IReadOnlyList<string> ArchivedFiles, string? Listed = null, byte[]? StoreMember = null)
{
    /// <summary>Written before the call; still there when the run was killed before the gateway answered.</summary>
    public const string Pending = "pending";

    public const string Deleted = "deleted";

    public const string Archived = "archived";

    /// <summary>A restore through the gateway made an archived session active again.</summary>
    public const string Unarchived = "unarchived";

    /// <summary>The gateway answered that the key was already gone.</summary>
    public const string AlreadyGone = "already-gone";

    /// <summary>The gateway refused (the reason is in <see cref="Reported"/>): nothing changed.</summary>
    public const string Refused = "refused";

    /// <summary>The connection failed during the call: whether it was applied is unknown.</summary>
    public const string Unknown = "unknown";

    /// <summary>Never sent: the run stopped first (connection lost, interrupted) or the session could not be closed this way.</summary>
    public const string Skipped = "skipped";
}
