using System.Text;
using System.Text.Json;
using SessionCloser.Sessions;
using SessionCloser.Store;

namespace SessionCloser.Database;

/// <summary>
/// One row of <c>session_nodes</c> as stored. <see cref="SessionId"/> and <see cref="UpdatedAt"/> are the columns
/// <c>current_session_id</c> and <c>updated_at</c>; OpenClaw 2026.9.6 serves a row only while they equal
/// <c>entry_json</c>'s <c>sessionId</c> and <c>updatedAt</c> (<see cref="IsServedByOpenClaw"/>). Archiving is the
/// <c>archived_at</c> column: OpenClaw filters archived sessions on it, not on <c>entry_json.archivedAt</c>.
/// <c>entry_json</c> is read once, in one pass that both checks it and takes its fields (<see cref="Fields"/>).
/// </summary>
/// <param name="Key">session_key (the primary key).</param>
/// <param name="SessionId">current_session_id.</param>
/// <param name="UpdatedAt">updated_at, epoch milliseconds.</param>
/// <param name="ArchivedAt">archived_at, epoch milliseconds, null when not archived.</param>
/// <param name="PinnedAt">pinned_at, epoch milliseconds, null when not pinned.</param>
/// <param name="Status">status: running, done, failed, killed, timeout, or null.</param>
/// <param name="Label">label.</param>
/// <param name="DisplayName">display_name.</param>
/// <param name="Entry">entry_json, the session entry as OpenClaw's JSON text, in UTF-8 (as SQLite's text decodes: invalid bytes become U+FFFD).</param>
internal sealed record DatabaseSession(
    string Key,
    string SessionId,
    long UpdatedAt,
    long? ArchivedAt,
    long? PinnedAt,
    string? Status,
    string? Label,
    string? DisplayName,
    byte[] Entry)
{
    private static readonly JsonReaderOptions EntryOptions = new() { MaxDepth = int.MaxValue };

    /// <summary>JSON.parse's view as OpenClaw's check reads it (JsonDocument's default depth, 64): deeper is not served.</summary>
    private static readonly JsonReaderOptions ServedOptions = new() { MaxDepth = 64 };

    private readonly EntryRead _read = ReadEntry(Entry, SessionId, UpdatedAt);
    private readonly bool? _served;

    /// <summary>A row whose <c>entry_json</c> is given as text (tests, and callers holding a string).</summary>
    public DatabaseSession(string key, string sessionId, long updatedAt, long? archivedAt, long? pinnedAt, string? status, string? label, string? displayName, string entryJson)
        : this(key, sessionId, updatedAt, archivedAt, pinnedAt, status, label, displayName, Encoding.UTF8.GetBytes(entryJson))
    {
    }

    public bool Archived => ArchivedAt is not null;

    public bool Pinned => PinnedAt is not null;

    /// <summary><c>entry_json</c> as text.</summary>
    public string EntryJson => Encoding.UTF8.GetString(Entry);

    /// <summary><c>entry_json</c>'s fields, or null when it is not a JSON object.</summary>
    public EntryFields? Fields => _read.Fields;

    /// <summary>
    /// Whether OpenClaw would list this row: <c>entry_json</c> is a JSON object whose <c>sessionId</c> (a string) and
    /// <c>updatedAt</c> (a number) equal the columns (parseSqliteSessionEntryRecord in 2026.9.6 drops it otherwise).
    /// </summary>
    public bool IsServedByOpenClaw
    {
        get => _served ?? _read.Served;
        init => _served = value;
    }

    /// <summary>The fields of <paramref name="entry"/> (a row's <c>entry_json</c> as UTF-8), or null when it is not a JSON object.</summary>
    public static EntryFields? ReadEntryFields(ReadOnlySpan<byte> entry)
    {
        try
        {
            var reader = new Utf8JsonReader(entry, EntryOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            return EntryFieldReader.Read(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// One pass over <paramref name="entry"/>: its fields and whether it is served (the whole text is one JSON object
    /// at most 64 deep, nothing after it, whose last <c>sessionId</c> and <c>updatedAt</c> equal the columns; a
    /// repeated property takes its last value, as JSON.parse does). Only text that is not JSON, or deeper than 64,
    /// is read a second time, for the fields alone.
    /// </summary>
    internal static EntryRead ReadEntry(ReadOnlySpan<byte> entry, string sessionId, long updatedAt)
    {
        try
        {
            var reader = new Utf8JsonReader(entry, ServedOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            var fields = EntryFieldReader.Read(ref reader);

            // Anything but white space after the object throws: JSON.parse takes one value.
            var complete = !reader.Read();
            return new EntryRead(fields, complete && fields.SessionId == sessionId && fields.UpdatedAt == updatedAt);
        }
        catch (JsonException)
        {
            return new EntryRead(ReadEntryFields(entry), Served: false);
        }
    }

    /// <summary>The label as <c>list</c> shows it (the columns first, then <c>entry_json</c>).</summary>
    public string? ListedLabel(EntryFields? fields) => Label ?? fields?.Label ?? DisplayName ?? fields?.DisplayName;

    /// <summary>What selectors read: label, chatType and spawnedBy from <c>entry_json</c>, archived from the <c>archived_at</c> column.</summary>
    public SessionFacts Facts(EntryFields? fields) => new(ListedLabel(fields), fields?.ChatType, fields?.IsSpawned ?? false, Archived);

    /// <summary>What one read of <c>entry_json</c> found.</summary>
    internal readonly record struct EntryRead(EntryFields? Fields, bool Served);
}
