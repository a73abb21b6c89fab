using SessionCloser.FileSystem;
using SessionCloser.Store;
using SessionCloser.Undo;

namespace SessionCloser.Closing;

/// <summary>
/// The operation record of one close through the files: written before the journal (so it exists before anything
/// changes), marked rolled back when the run fails before the store is replaced, and complete (with the backup)
/// once every rename is done, before the journal is removed.
/// </summary>
internal sealed class CloseRecording
{
    private readonly OperationLog _log;
    private OperationRecord _record;

    private CloseRecording(OperationLog log, OperationRecord record)
    {
        _log = log;
        _record = record;
    }

    public string Id => _record.Id;

    /// <summary>Writes the record of what <paramref name="decision"/> will do; null when the request keeps no log.</summary>
    public static CloseRecording? Begin(CloseRequest request, SessionStoreSnapshot snapshot, ClosePlan decision, string storeSha256Before, string storeSha256After, DateTimeOffset now)
    {
        if (request.Logging is not { } logging)
        {
            return null;
        }

        var closed = decision.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).ToList();
        var sessionOf = closed.SelectMany(o => o.Keys.Select(k => (Key: k, o.Subject))).ToDictionary(p => p.Key, p => p.Subject, StringComparer.Ordinal);
        var record = FileRecords.ForClose(
            logging,
            request.Mode == CloseMode.KeepOnly ? RecordedCommand.KeepOnly : RecordedCommand.Close,
            request.AgentId,
            snapshot,
            [.. decision.Closing.Select(e => (e, sessionOf.GetValueOrDefault(e.Key, e.Key)))],
            [.. closed.SelectMany(o => o.Files.Select(f => (f, o.Subject)))],
            storeSha256Before,
            storeSha256After,
            now);
        var log = logging.Log;
        log.Write(record);
        FailPoints.Reached("close.oplog-written");
        return new CloseRecording(log, record);
    }

    /// <summary>The run failed before it replaced the store: nothing to undo.</summary>
    public void RolledBack(DateTimeOffset now)
    {
        try
        {
            _log.Write(_record = _record with { RolledBack = true, FinishedAt = now });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Errors.SessionCloserException)
        {
            // The failure being reported matters more; the record stays incomplete, which with no journal means the same.
        }
    }

    /// <summary>The run failed (an error, not a signal) before it replaced the store: no trace of it stays.</summary>
    public void Discard() => _log.Discard(_record.Id);

    /// <summary>Every step is done: the record is complete; then the log is pruned to its retention.</summary>
    public IReadOnlyList<string> Complete(string backupPath, DateTimeOffset now)
    {
        _log.Write(_record = _record with { Complete = true, BackupPath = backupPath, FinishedAt = now });
        FailPoints.Reached("close.oplog-complete");
        return _log.Prune(now, justWritten: _record.Id);
    }
}
