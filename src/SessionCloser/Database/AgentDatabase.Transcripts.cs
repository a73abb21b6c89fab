using System.Text;
using System.Text.Json;

namespace SessionCloser.Database;

/// <summary>What the database says about transcripts, read-only.</summary>
internal sealed partial class AgentDatabase
{
    private const string EventBytes = "coalesce(sum(coalesce(event_utf8_bytes, length(CAST(event_json AS BLOB)), 0) + 1), 0)";

    /// <summary>
    /// The transcripts of <paramref name="sessionIds"/> as JSONL bytes: every <c>transcript_events</c> row's UTF-8
    /// length (<c>event_utf8_bytes</c> for a compressed event, else the length of <c>event_json</c>) plus its newline.
    /// What the gateway's archive of them holds before it compresses it. Sessions without events count 0.
    /// One query for them all (the ids as one JSON array, read by SQLite's <c>json_each</c>, each looked up by the
    /// table's primary key), not one per session. Ids that are not ASCII (never OpenClaw's) are bound one by one as
    /// before, so no JSON escape of theirs (surrogate pairs) decides what they match.
    /// </summary>
    public long TranscriptBytes(IReadOnlyCollection<string> sessionIds) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var distinct = sessionIds.Distinct(StringComparer.Ordinal).ToList();
        var ascii = distinct.Where(id => System.Text.Ascii.IsValid(id)).ToList();
        using var transaction = _connection.BeginTransaction(deferred: true);
        long total = 0;
        if (ascii.Count > 0)
        {
            using var command = Command($"SELECT {EventBytes} FROM transcript_events WHERE session_id IN (SELECT value FROM json_each($ids))");
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$ids", JsonArray(ascii));
            total += Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (ascii.Count < distinct.Count)
        {
            using var command = Command($"SELECT {EventBytes} FROM transcript_events WHERE session_id = $id");
            command.Transaction = transaction;
            var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
            foreach (var sessionId in distinct.Except(ascii, StringComparer.Ordinal))
            {
                id.Value = sessionId;
                total += Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    });

    private static string JsonArray(IEnumerable<string> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
