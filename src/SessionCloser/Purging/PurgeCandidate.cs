namespace SessionCloser.Purging;

/// <summary>What a purge may delete: an archive of a session's file, or a backup of the store.</summary>
public enum PurgeCategory
{
    /// <summary><c>&lt;file&gt;.deleted.&lt;stamp&gt;</c>, <c>.reset.</c>, <c>.bak.</c> (and 2026.9's <c>.zst</c> exports).</summary>
    Archive,

    /// <summary>A copy of <c>sessions.json</c>: session-closer's, the original scripts' or OpenClaw's own.</summary>
    Backup,
}

/// <summary>
/// One file of a sessions directory that a purge considers (from the directory's inventory), before any rule is applied.
/// </summary>
/// <param name="Path">The file, under the sessions directory's real path.</param>
/// <param name="Category">Archive or backup.</param>
/// <param name="Reason">An archive's reason (<c>deleted</c>, <c>reset</c>, <c>bak</c>) or whose backup it is (<c>session-closer</c>, <c>original-scripts</c>, <c>openclaw</c>).</param>
/// <param name="Time">When it was made: the time in its name, or its mtime where the name has none.</param>
/// <param name="TimeFromName">True when <paramref name="Time"/> is read from the name.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="OwnerSessionId">The session an archive's original file belonged to, when its name says.</param>
/// <param name="IsSymlink">A symlink with an archive's name: never followed, never deleted.</param>
internal sealed record PurgeCandidate(string Path, PurgeCategory Category, string Reason, DateTimeOffset Time, bool TimeFromName, long Bytes, string? OwnerSessionId, bool IsSymlink)
{
    public string Name => System.IO.Path.GetFileName(Path);
}
