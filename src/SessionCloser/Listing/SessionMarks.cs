namespace SessionCloser.Listing;

/// <summary>What <c>list</c> notices about a session. Front ends print their documented names (see docs/cli.md).</summary>
[Flags]
public enum SessionMarks
{
    None = 0,

    /// <summary>The agent's main session (or <c>global</c>/<c>unknown</c>, or the gateway's main session): never closed.</summary>
    Protected = 1,

    /// <summary>The entry names a transcript that does not exist.</summary>
    MissingTranscript = 2,

    /// <summary>A run is in progress: a live transcript <c>.lock</c>, or the gateway says so.</summary>
    ActiveRun = 4,

    /// <summary>A transcript lock whose owner is gone; OpenClaw reclaims it.</summary>
    StaleLock = 8,

    /// <summary>The entry has problems OpenClaw would also trip on (bad sessionId, sessionFile outside the directory, wrong types).</summary>
    Invalid = 16,

    /// <summary>Archived (<c>archivedAt</c>; in era C the <c>archived_at</c> column): hidden from OpenClaw's default lists, still stored.</summary>
    Archived = 32,

    /// <summary>Pinned (<c>pinnedAt</c>; in era C the <c>pinned_at</c> column).</summary>
    Pinned = 64,
}
