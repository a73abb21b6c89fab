using System.Text;
using System.Text.Json;
using SessionCloser.Artifacts;
using SessionCloser.Database;
using SessionCloser.Store;

namespace SessionCloser.Purging;

/// <summary>
/// What the agent's live sessions point at, so that a purge never deletes it: the entries of <c>sessions.json</c>
/// (eras A/B), or in era C the rows of the agent's database (read only, through <see cref="AgentDatabase"/>), each
/// turned into the same entry fields (<c>sessionId</c>, <c>sessionFile</c>, compaction checkpoints) and judged by
/// <see cref="References"/>. A file claimed by path, or an archive of a session id a live entry still holds, stays.
/// </summary>
internal sealed class LiveReferences
{
    private readonly IReadOnlyList<StoreEntry> _entries;
    private readonly SessionsDirectory _directory;
    private readonly References _all;

    private LiveReferences(IReadOnlyList<StoreEntry> entries, SessionsDirectory directory)
    {
        _entries = entries;
        _directory = directory;
        _all = References.Of(entries, directory);
    }

    /// <summary>The entries of a <c>sessions.json</c> as read now (none when there is no file).</summary>
    public static LiveReferences OfStore(SessionStoreSnapshot snapshot, SessionsDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new LiveReferences(snapshot.Entries, directory);
    }

    /// <summary>
    /// The rows of an agent database, as entries (a row whose entry_json does not parse still claims its session id),
    /// plus <paramref name="legacy"/>: a <c>sessions.json</c> not yet imported by <c>openclaw doctor --fix</c> still claims its files.
    /// </summary>
    public static LiveReferences OfDatabase(IReadOnlyList<DatabaseSession> rows, SessionStoreSnapshot? legacy, SessionsDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var entries = new List<StoreEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (AsEntry(row.Key, row.Entry) is { } entry)
            {
                entries.Add(entry);
            }

            if (entries.Count == 0 || entries[^1].Key != row.Key || entries[^1].Fields.SessionId != row.SessionId)
            {
                // The column is what OpenClaw serves (and all an unparseable entry_json still tells): claim it too.
                entries.Add(AsEntry(row.Key, SessionIdOnly(row.SessionId))!);
            }
        }

        entries.AddRange(legacy?.Entries ?? []);
        return new LiveReferences(entries, directory);
    }

    /// <summary>Nothing references anything (no store file, no database).</summary>
    public static LiveReferences None(SessionsDirectory directory) => new([], directory);

    public int EntryCount => _entries.Count;

    /// <summary>
    /// The key of a live entry that claims <paramref name="path"/> (by path), or whose session id
    /// <paramref name="ownerSessionId"/> is (the archive is of a session that is still there); null when none does.
    /// </summary>
    public string? ReferencingKey(string path, string? ownerSessionId)
    {
        var claimedPath = _all.ClaimsPath(path);
        var claimedId = ownerSessionId is not null && _all.ClaimsSessionId(ownerSessionId);
        if (!claimedPath && !claimedId)
        {
            return null;
        }

        // Rare (a kept file): find which entry, one at a time.
        foreach (var entry in _entries)
        {
            var one = References.Of([entry], _directory);
            if ((claimedPath && one.ClaimsPath(path)) || (claimedId && one.ClaimsSessionId(ownerSessionId!)))
            {
                return entry.Key;
            }
        }

        return "(a live entry)";
    }

    /// <summary>The row as a one-entry store <c>{"key": entry_json}</c>, read by the store's own reader; null when it does not parse.</summary>
    private static StoreEntry? AsEntry(string key, byte[] entryJson)
    {
        using var buffer = new MemoryStream();
        try
        {
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WritePropertyName(key);
                w.WriteRawValue(entryJson, skipInputValidation: true);
                w.WriteEndObject();
            }

            var parsed = StoreReader.Parse(buffer.ToArray(), "entry_json of " + key);
            return parsed.Entries.Count == 1 ? parsed.Entries[0] : null;
        }
        catch (Exception e) when (e is StoreFormatException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static byte[] SessionIdOnly(string sessionId)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("sessionId", sessionId);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
