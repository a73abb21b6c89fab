using SessionCloser.Artifacts;

namespace SessionCloser.Inventory;

/// <summary>One file (or symlink) of an agent's sessions directory, classified.</summary>
/// <param name="Path">Its full path below the sessions directory's real path (as operation records name files); never a symlink's target.</param>
/// <param name="RelativePath">Its path below the sessions directory, with '/' separators.</param>
/// <param name="Class">What it is.</param>
/// <param name="Bytes">Its length; 0 for a symlink (its target is not counted).</param>
/// <param name="Time">The time in its name when it has one (archives, backups), else its last write time (UTC).</param>
internal sealed record InventoriedFile(string Path, string RelativePath, FileClass Class, long Bytes, DateTimeOffset Time)
{
    /// <summary>True when <see cref="Time"/> was read from the name rather than the file's mtime.</summary>
    public bool TimeFromName { get; init; }

    /// <summary>For session files (live or orphan): which kind of session file.</summary>
    public ArtifactKind? ArtifactKind { get; init; }

    /// <summary>For session files and archives of them: the session id the name carries, when it carries one.</summary>
    public string? SessionId { get; init; }

    /// <summary>For archives: <c>deleted</c>, <c>reset</c> or <c>bak</c>.</summary>
    public string? ArchiveReason { get; init; }

    /// <summary>For archives: the file name it had before.</summary>
    public string? ArchivedFrom { get; init; }

    /// <summary>For archives and store backups: who made it.</summary>
    public FileMaker? Maker { get; init; }

    /// <summary>For archives and backups named in session-closer's operation log: the newest record that names it.</summary>
    public string? RecordId { get; init; }

    /// <summary>For locks: OpenClaw would reclaim it (dead or recycled pid, or past its stale time). For temp files: a dead writer's (at least 5 minutes old, its pid gone).</summary>
    public bool? Stale { get; init; }

    /// <summary>For symlinks: where it points, as written in the link.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>For symlinks: whether its target (resolved) stays inside the sessions directory.</summary>
    public bool? LinkStaysInside { get; init; }
}
