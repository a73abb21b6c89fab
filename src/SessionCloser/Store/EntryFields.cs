using SessionCloser.Sessions;

namespace SessionCloser.Store;

/// <summary>
/// What session-closer reads from an entry. Anything of the wrong type is left null and named in
/// <see cref="Problems"/>, so listing still works and closing can refuse with a precise reason.
/// </summary>
internal sealed record EntryFields
{
    public static readonly EntryFields NotAnObject = new() { IsObject = false, Problems = ["entry is not a JSON object"] };

    /// <summary>False when the entry's value is not a JSON object (then no other field could be read).</summary>
    public bool IsObject { get; init; } = true;

    public string? SessionId { get; init; }

    /// <summary>Epoch milliseconds, as JavaScript reads the number.</summary>
    public double? UpdatedAt { get; init; }

    public string? SessionFile { get; init; }

    public string? Label { get; init; }

    public string? DisplayName { get; init; }

    /// <summary><c>chatType</c> when it is a string (<c>group</c>, <c>channel</c>, <c>direct</c>, ...).</summary>
    public string? ChatType { get; init; }

    /// <summary>Whether <c>spawnedBy</c> is truthy as JavaScript reads it: a child session another one spawned.</summary>
    public bool IsSpawned { get; init; }

    /// <summary><c>compactionCheckpoints[].preCompaction.sessionFile</c> and <c>.postCompaction.sessionFile</c>.</summary>
    public IReadOnlyList<string> CheckpointFiles { get; init; } = [];

    /// <summary>Every <c>sessionId</c> named by the checkpoints; their transcripts belong to this entry too.</summary>
    public IReadOnlyList<string> CheckpointSessionIds { get; init; } = [];

    /// <summary>
    /// <c>skillsSnapshot.promptRef.hash</c> (lowercase sha256 hex): names a content-addressed prompt blob in
    /// <c>skills-prompts/sha256/</c> that other entries may share.
    /// </summary>
    public string? PromptHash { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary><c>archivedAt</c> (epoch ms) when it is a number: the session is archived (2026.7.1+).</summary>
    public double? ArchivedAt { get; init; }

    /// <summary><c>pinnedAt</c> (epoch ms) when it is a number.</summary>
    public double? PinnedAt { get; init; }

    /// <summary>What selectors read: the label (else display name), chatType, spawned, archived (as <c>list</c> marks it).</summary>
    public SessionFacts Facts => new(Label ?? DisplayName, ChatType, IsSpawned, ArchivedAt is not null);
}
