using System.Text.Json;
using SessionCloser.Sessions;

namespace SessionCloser.Listing;

/// <summary>
/// One session as <c>list</c> shows it, whoever holds it: an entry of a <c>sessions.json</c> (with what the disk
/// says about its transcript), or a row of the gateway's <c>sessions.list</c>.
/// </summary>
public sealed record ListedSession
{
    public required string AgentId { get; init; }

    /// <summary>The key exactly as stored.</summary>
    public required string Key { get; init; }

    public string? SessionId { get; init; }

    /// <summary>Epoch milliseconds.</summary>
    public double? UpdatedAt { get; init; }

    /// <summary>Milliseconds since <see cref="UpdatedAt"/>, like OpenClaw's <c>ageMs</c> (null when unknown).</summary>
    public double? AgeMs { get; init; }

    /// <summary>The label, else the display name: what a person recognises the session by.</summary>
    public string? Label { get; init; }

    /// <summary>OpenClaw's display kind (<c>direct</c>, <c>group</c>, <c>cron</c>, <c>spawn-child</c>, <c>global</c>, <c>unknown</c>); null when the gateway gave none.</summary>
    public string? DisplayKind { get; init; }

    public SessionMarks Flags { get; init; }

    /// <summary>Archived: still stored, but hidden from OpenClaw's default lists (see <see cref="SessionMarks.Archived"/>).</summary>
    public bool Archived => Flags.HasFlag(SessionMarks.Archived);

    /// <summary>When it was archived (epoch ms), when known.</summary>
    public double? ArchivedAt { get; init; }

    public bool Pinned => Flags.HasFlag(SessionMarks.Pinned);

    /// <summary>Everything wrong with the entry, for people: field types, unusable paths.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The transcript the entry names (store files only).</summary>
    public string? TranscriptPath { get; init; }

    /// <summary>Size of the transcript, or null when it does not exist or is not known.</summary>
    public long? TranscriptBytes { get; init; }

    /// <summary>The entry's JSON object exactly as stored (a store file's entry, or a database row's <c>entry_json</c>; null when the entry is not an object).</summary>
    public ReadOnlyMemory<byte>? EntryJson { get; init; }

    /// <summary>The gateway's row exactly as it sent it (gateway only).</summary>
    public JsonElement? GatewayRow { get; init; }

    /// <summary>What selectors read (label, chatType, spawned, archived): <c>list</c> filters with the same evaluation as a selector close.</summary>
    internal SessionFacts Facts { get; init; } = SessionFacts.None;
}
