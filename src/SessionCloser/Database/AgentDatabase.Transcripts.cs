namespace SessionCloser.Database;

/// <summary>What the database says about transcripts, read-only.</summary>
internal sealed partial class AgentDatabase
{
    /// <summary>
    /// The transcripts of <paramref name="sessionIds"/> as JSONL bytes: every <c>transcript_events</c> row's UTF-8
    /// length (<c>event_utf8_bytes</c> for a compressed event, else the length of <c>event_json</c>) plus its newline.
    /// What the gateway's archive of them holds before it compresses it. Sessions without events count 0.
    /// </summary>
    public long TranscriptBytes(IReadOnlyCollection<string> sessionIds) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        long total = 0;
        using var transaction = _connection.BeginTransaction(deferred: true);
        using var command = Command("SELECT coalesce(sum(coalesce(event_utf8_bytes, length(CAST(event_json AS BLOB)), 0) + 1), 0) FROM transcript_events WHERE session_id = $id");
        command.Transaction = transaction;
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var sessionId in sessionIds.Distinct(StringComparer.Ordinal))
        {
            id.Value = sessionId;
            total += Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    });
}
