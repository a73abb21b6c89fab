using SessionCloser.Errors;
using SessionCloser.Store;
using SessionCloser.Transactions;

namespace SessionCloser.Undo;

/// <summary>
/// Finishes (or rolls back) a run that was interrupted after its journal was written, and first brings its
/// operation record up to date, so the log tells the truth once the journal is gone: rolled back when the store was
/// never replaced, else complete (finished by recovery) and, for a restore, the operation it undid marked restored.
/// The record is rewritten before the journal goes: a kill in between leaves the journal, and the next run does
/// this again. Called with the store lock held.
/// </summary>
internal static class OperationRecovery
{
    /// <summary>A sentence describing what was recovered, or null when there was nothing to do.</summary>
    public static string? Finish(string storePath, OperationLog? log, DateTimeOffset now)
    {
        // Every mutating run passes here under the lock: the place to remove what a killed run left in the log too.
        if (log is not null)
        {
            OperationLogSweep.Run(log.Directory, now);
        }

        if (log is not null && CloseJournal.TryRead(storePath) is { OperationId: { } id } journal && File.Exists(log.PathOf(id)))
        {
            var hash = CloseJournal.Sha256(StoreReader.ReadFile(storePath).Bytes.Span);
            var record = log.Read(id);
            if (journal.IsRolledBackBy(hash))
            {
                log.Write(record with { RolledBack = true, Complete = false, FinishedAt = now });
            }
            else
            {
                if (record.Restores is { } target && File.Exists(log.PathOf(target)))
                {
                    MarkRestored(log, target, id, now);
                }

                if (!record.Complete)
                {
                    log.Write(record with { Complete = true, FinishedByRecovery = true, FinishedAt = now });
                }
            }
        }

        return JournalRecovery.Finish(storePath);
    }

    /// <summary>Marks <paramref name="target"/> as undone by <paramref name="restoreId"/> (a record that fails its checks is left as it is).</summary>
    public static void MarkRestored(OperationLog log, string target, string restoreId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(log);
        try
        {
            var record = log.Read(target);
            if (record.RestoredBy is null)
            {
                log.Write(record with { RestoredBy = restoreId, RestoredAt = now });
            }
        }
        catch (SessionCloserException)
        {
            // The restore itself read and checked it; a record damaged since is reported by history, not fixed here.
        }
    }
}
