using SessionCloser.Store;

namespace SessionCloser.Listing;

/// <summary>One session as <c>list</c> shows it: the entry plus what the disk says about its transcript.</summary>
public sealed record SessionRow
{
    public required string AgentId { get; init; }

    public required StoreEntry Entry { get; init; }

    public string Key => Entry.Key;

    /// <summary>The entry's JSON exactly as stored.</summary>
    public required ReadOnlyMemory<byte> EntryJson { get; init; }

    public string? SessionId => Entry.Fields.SessionId;

    public double? UpdatedAt => Entry.Fields.UpdatedAt;

    /// <summary>Milliseconds since <see cref="UpdatedAt"/>, like OpenClaw's <c>ageMs</c> (null when updatedAt is 0 or absent).</summary>
    public double? AgeMs { get; init; }

    public string? TranscriptPath { get; init; }

    /// <summary>Size of the transcript, or null when it does not exist.</summary>
    public long? TranscriptBytes { get; init; }

    public required IReadOnlyList<string> Flags { get; init; }

    /// <summary>Everything wrong with the entry, for people: field types, unusable paths.</summary>
    public required IReadOnlyList<string> Problems { get; init; }
}
