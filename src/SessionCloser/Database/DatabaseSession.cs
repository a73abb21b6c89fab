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
/// </summary>
/// <param name="Key">session_key (the primary key).</param>
/// <param name="SessionId">current_session_id.</param>
/// <param name="UpdatedAt">updated_at, epoch milliseconds.</param>
/// <param name="ArchivedAt">archived_at, epoch milliseconds, null when not archived.</param>
/// <param name="PinnedAt">pinned_at, epoch milliseconds, null when not pinned.</param>
/// <param name="Status">status: running, done, failed, killed, timeout, or null.</param>
/// <param name="Label">label.</param>
/// <param name="DisplayName">display_name.</param>
/// <param name="EntryJson">entry_json, the session entry as OpenClaw's JSON text.</param>
internal sealed record DatabaseSession(
    string Key,
    string SessionId,
    long UpdatedAt,
    long? ArchivedAt,
    long? PinnedAt,
    string? Status,
    string? Label,
    string? DisplayName,
    string EntryJson)
{
    public bool Archived => ArchivedAt is not null;

    public bool Pinned => PinnedAt is not null;

    /// <summary>created_via: operator, spawn, channel, cron, talk, run, plugin, internal, or null (imported rows).</summary>
    public string? CreatedVia { get; init; }

    /// <summary>
    /// Whether OpenClaw would list this row: <c>entry_json</c> is a JSON object whose <c>sessionId</c> (a non-empty
    /// string) and <c>updatedAt</c> (a number) equal the columns (parseSqliteSessionEntryRecord in 2026.9.6 drops it otherwise).
    /// </summary>
    public bool IsServedByOpenClaw { get; init; } = true;

    private static readonly JsonReaderOptions EntryOptions = new() { MaxDepth = int.MaxValue };

    /// <summary><c>entry_json</c>'s fields, or null when it is not a JSON object.</summary>
    public EntryFields? ReadEntryFields() => ReadEntryFields(Encoding.UTF8.GetBytes(EntryJson));

    /// <summary>The fields of <paramref name="entry"/> (a row's <c>entry_json</c> as UTF-8), or null when it is not a JSON object.</summary>
    public static EntryFields? ReadEntryFields(byte[] entry)
    {
        try
        {
            var reader = new Utf8JsonReader(entry, EntryOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            // Reads the whole object (values skipped are still checked); the reader already told whether JSON.parse accepts it all.
            return EntryFieldReader.Read(entry, EntryOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The label as <c>list</c> shows it (the columns first, then <c>entry_json</c>).</summary>
    public string? ListedLabel(EntryFields? fields) => Label ?? fields?.Label ?? DisplayName ?? fields?.DisplayName;

    /// <summary>What selectors read: label, chatType and spawnedBy from <c>entry_json</c>, archived from the <c>archived_at</c> column.</summary>
    public SessionFacts Facts(EntryFields? fields) => new(ListedLabel(fields), fields?.ChatType, fields?.IsSpawned ?? false, Archived);
}
