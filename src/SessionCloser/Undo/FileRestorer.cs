using SessionCloser.Artifacts;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.Locking;
using SessionCloser.Store;
using SessionCloser.Transactions;

namespace SessionCloser.Undo;

/// <summary>
/// Undoes an operation the files backend did, in the same order a close uses and under the same lock: take the store
/// lock, finish any interrupted run, read and check the record, re-read the store, decide (<see cref="RestorePlanner"/>),
/// write this restore's own record, journal, back up, atomically write the store with the entries put back, rename
/// the archives back (never over a file), mark the undone record restored, complete this record, prune, drop the
/// journal, release. A kill at any point is finished (or rolled back) by the next run, from the journal.
/// </summary>
internal sealed class FileRestorer(TimeProvider clock) : IRestoreBackend
{
    public Task<RestoreReport> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken) => Task.FromResult(Restore(request));

    public RestoreReport Restore(RestoreRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var log = request.Logging.Log;
        if (request.DryRun)
        {
            // A dry run takes no lock and writes nothing.
            var preview = Target(request, log);
            var planned = RestorePlanner.Plan(preview, StoreReader.ReadFile(request.StorePath), request.Force);
            return Report(request, preview, planned) with { DryRun = true };
        }

        using var storeLock = StoreLock.Acquire(request.StorePath, request.LockTimeout, clock);
        FailPoints.Reached("restore.locked");
        var interrupted = CloseJournal.TryRead(request.StorePath)?.OperationId;
        var recovered = OperationRecovery.Finish(request.StorePath, log, clock.GetUtcNow());
        if (interrupted is not null && recovered is not null && log.Read(request.OperationId).RestoredBy == interrupted)
        {
            // A retry of a restore that was killed after it replaced the store: finishing it was this request.
            var finished = log.Read(request.OperationId);
            return new RestoreReport
            {
                OperationId = finished.Id,
                UndoneCommand = OperationRecordWriter.CommandName(finished.Command),
                RestoreOperationId = interrupted,
                AgentId = request.AgentId,
                StorePath = request.StorePath,
                Backend = "files",
                Outcomes = [],
                Recovered = recovered,
            };
        }

        MarkAbandoned(request, log);
        var record = Target(request, log);
        var snapshot = StoreReader.ReadFile(request.StorePath);
        var now = clock.GetUtcNow();
        var swept = LeftoverSweep.Run(request.StorePath, now);
        var plan = RestorePlanner.Plan(record, snapshot, request.Force);
        if (!plan.HasWork)
        {
            return Report(request, record, plan) with { Recovered = recovered, Warnings = [.. swept, .. FileWarnings(plan.Files)] };
        }

        var oldHash = CloseJournal.Sha256(snapshot.Bytes.Span);
        var newBytes = plan.NewStoreBytes ?? snapshot.Bytes.ToArray();
        var own = request.Logging.Start(RecordedCommand.Restore, request.AgentId, request.StorePath, RecordedBackend.Files, now) with
        {
            StoreSha256Before = snapshot.Exists ? oldHash : null,
            StoreSha256After = CloseJournal.Sha256(newBytes),
            StoreBytesBefore = snapshot.HasOpenClawLayout ? null : snapshot.Bytes.ToArray(),
            Restores = record.Id,
            Removed = plan.Removed,
            Added = plan.Added,
            Renames = [.. plan.Outcomes.SelectMany(o => o.Files.Where(f => f.Status == RestoreFileStatus.Renamed).Select(f => new RecordedRename(f.From, f.To, f.Kind, o.Key)))],
        };
        log.Write(own);
        FailPoints.Reached("restore.oplog-written");

        var renames = plan.Renames.Select(f => new ArchivedFile(f.From, f.To, f.Kind)).ToList();
        var journal = new CloseJournal(request.StorePath, oldHash, own.StoreSha256After!, now, renames, own.Id, JournalDirection.Restore);
        journal.Write();
        FailPoints.Reached("restore.journal-written");
        string? backup = null;
        try
        {
            if (plan.NewStoreBytes is not null)
            {
                backup = snapshot.Exists ? StoreBackups.Create(request.StorePath, snapshot.Bytes.Span, now) : null;
                FailPoints.Reached("restore.backup-written");
                ReplaceStore(request.StorePath, newBytes, plan.Keys, backup, storeLock);
                FailPoints.Reached("restore.store-replaced");
            }
        }
        catch
        {
            journal.Delete();
            log.Write(own with { RolledBack = true, FinishedAt = clock.GetUtcNow() });
            throw;
        }

        var done = RenameBack(plan.Files);
        OperationRecovery.MarkRestored(log, record.Id, own.Id, clock.GetUtcNow());
        FailPoints.Reached("restore.target-marked");
        var pruned = StoreBackups.Prune(request.StorePath, request.KeepBackups, justWritten: backup);
        log.Write(own with { Complete = true, BackupPath = backup, FinishedAt = clock.GetUtcNow() });
        FailPoints.Reached("restore.oplog-complete");
        log.Prune(clock.GetUtcNow(), justWritten: own.Id);
        journal.Delete();
        FailPoints.Reached("restore.journal-removed");

        var final = StoreReader.ReadFile(request.StorePath);
        return Report(request, record, plan with { Files = done }) with
        {
            RestoreOperationId = own.Id,
            BackupPath = backup,
            Recovered = recovered,
            StoreAsBefore = record.StoreSha256Before is { } before && CloseJournal.Sha256(final.Bytes.Span) == before,
            Warnings = [.. swept, .. pruned.Select(p => $"removed the old backup {p}"), .. FileWarnings(done)],
        };
    }

    /// <summary>
    /// A gateway record the files can undo exactly (with no gateway running): only deletes, of a local
    /// <c>sessions.json</c> (eras A/B) whose entries it kept byte for byte. An archive needs the gateway.
    /// </summary>
    public static bool CanUndoGatewayRecord(OperationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Backend == RecordedBackend.Gateway
            && record.Removed.Count > 0
            && record.Gateway.Count > 0
            && record.Gateway.All(a => a.Method == "sessions.delete");
    }

    /// <summary>
    /// Under the lock and after recovery, an incomplete record of this store with no journal left is a run killed
    /// before its journal was written: it never changed the store, and says so from now on.
    /// </summary>
    private void MarkAbandoned(RestoreRequest request, OperationLog log)
    {
        var record = log.Read(request.OperationId);
        if (record.Command == RecordedCommand.Purge)
        {
            return; // refused by Target; a purge is never "abandoned" by a restore
        }

        // A gateway record has no journal: an incomplete one may well have changed the gateway's store.
        if (record.Backend == RecordedBackend.Files && !record.Complete && !record.RolledBack && !File.Exists(CloseJournal.PathFor(request.StorePath)))
        {
            log.Write(record with { RolledBack = true, FinishedAt = clock.GetUtcNow() });
        }
    }

    /// <summary>The record to undo, read and checked whole, and refused when it cannot be undone.</summary>
    private static OperationRecord Target(RestoreRequest request, OperationLog log)
    {
        var record = log.Read(request.OperationId);
        RestoreRefusal.ThrowIfPurged(record);
        RecordPaths.Check(record, log.PathOf(record.Id), log.StateDir, request.AgentId, request.StorePath);
        if (record.Backend != RecordedBackend.Files && !CanUndoGatewayRecord(record))
        {
            throw new SessionCloserException(ExitCode.Refused, $"operation {record.Id} was done through the gateway; the files cannot undo it. Nothing was changed.");
        }

        if (record.RestoredBy is { } by)
        {
            throw new SessionCloserException(ExitCode.Refused, $"operation {record.Id} was already restored by {by} ({record.RestoredAt:O}); restoring it twice would put entries back over what came since. Nothing was changed.");
        }

        if (record.RolledBack || !record.Complete)
        {
            throw new SessionCloserException(ExitCode.Refused, $"operation {record.Id} was interrupted before it changed the store{(record.RolledBack ? "" : " (or is still running)")}; there is nothing to restore. Nothing was changed.");
        }

        return record;
    }

    private static RestoreReport Report(RestoreRequest request, OperationRecord record, RestorePlan plan)
    {
        // Each outcome's files as they ended (a rename can still fail at the last moment).
        var ended = plan.Files.ToDictionary(f => f.From, StringComparer.Ordinal);
        return new RestoreReport
        {
            OperationId = record.Id,
            UndoneCommand = OperationRecordWriter.CommandName(record.Command),
            AgentId = request.AgentId,
            StorePath = request.StorePath,
            Backend = "files",
            Outcomes = [.. plan.Outcomes.Select(o => o with { Files = [.. o.Files.Select(f => ended.GetValueOrDefault(f.From) ?? f)] })],
        };
    }

    private static void ReplaceStore(string storePath, byte[] newBytes, IReadOnlyList<string> keys, string? backup, StoreLock storeLock)
    {
        try
        {
            AtomicFile.Replace(storePath, newBytes, verify: temp =>
            {
                var written = StoreReader.Parse(File.ReadAllBytes(temp), temp);
                if (!written.Entries.Select(e => e.Key).Order(StringComparer.Ordinal).SequenceEqual(keys.Order(StringComparer.Ordinal)))
                {
                    throw new SessionCloserException(ExitCode.InternalError, $"the rewritten store {temp} does not hold the expected entries; nothing was changed");
                }

                storeLock.Confirm(); // the rename is the commit: made under a lock just renewed, never a lost one
            });
        }
        catch
        {
            if (backup is not null)
            {
                File.Delete(backup);
            }

            throw;
        }
    }

    /// <summary>Renames each archive back, never over a file; returns every file step as it ended.</summary>
    private static List<RestoredFile> RenameBack(IReadOnlyList<RestoredFile> files)
    {
        var done = new List<RestoredFile>(files.Count);
        var any = false;
        foreach (var file in files)
        {
            if (file.Status != RestoreFileStatus.Renamed)
            {
                done.Add(file);
                continue;
            }

            bool moved;
            try
            {
                moved = Libc.TryMoveWithoutReplacing(file.From, file.To);
            }
            catch (IOException)
            {
                // Gone or unreadable since the plan: reported below by what is on disk now.
                moved = false;
            }

            any |= moved;
            done.Add(moved ? file : file with { Status = File.Exists(file.To) ? RestoreFileStatus.LiveFileInTheWay : RestoreFileStatus.ArchiveMissing });
            FailPoints.Reached("restore.rename");
        }

        if (any)
        {
            Libc.FsyncDirectory(Path.GetDirectoryName(files[0].To)!);
        }

        return done;
    }

    private static IEnumerable<string> FileWarnings(IEnumerable<RestoredFile> files) => files.Select(f => f.Status switch
    {
        RestoreFileStatus.LiveFileInTheWay => $"{f.To} already exists (a live file): it was left, and its archive {f.From} too",
        RestoreFileStatus.ArchiveMissing => $"the archive {f.From} is gone (another cleaner deleted it?): {f.To} could not be restored",
        _ => null,
    }).OfType<string>();
}
