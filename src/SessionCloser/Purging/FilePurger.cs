using SessionCloser.Database;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.Locking;
using SessionCloser.Store;
using SessionCloser.Undo;

namespace SessionCloser.Purging;

/// <summary>
/// Plans and runs the purge of one sessions directory. The plan reads the directory's inventory, what the live
/// entries reference (the store, or in era C the database, read only) and what the operation log still needs, and
/// decides each file (<see cref="PurgeRules"/>). The run, under the store lock a close and a restore take (eras A/B):
/// finish an interrupted run (a close's journal, an earlier purge's record) → re-scan and decide again → delete only
/// what the approved plan deletes and still qualifies → first the operation record, every file <c>pending</c> → mark
/// the operations whose archives go (--force) as no longer restorable → delete (a file already gone is fine) → the
/// record complete, each file as it ended. A kill anywhere leaves a record that says what it meant to do; the next
/// purge of the directory finishes it.
/// </summary>
internal sealed class FilePurger(TimeProvider clock, OperationLogging logging, PurgeRules rules, Func<PurgeTarget, IReadOnlyList<PurgeCandidate>> scan)
{
    public TimeSpan LockTimeout { get; init; } = StoreLock.DefaultTimeout;

    public IProgress<PurgeProgress>? Progress { get; init; }

    /// <summary>The plan of <paramref name="target"/>: no lock, nothing written.</summary>
    public PurgeStorePlan Plan(PurgeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var needs = RestoreNeeds.Of(logging.Log);
        return Decide(target, needs);
    }

    /// <summary>Deletes what <paramref name="approved"/> deletes and still qualifies once re-checked under the lock.</summary>
    public PurgeStoreResult Run(PurgeTarget target, PurgeStorePlan approved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(approved);
        using var storeLock = target.TakesStoreLock ? StoreLock.Acquire(target.StorePath, LockTimeout, clock, onWait: _ => cancellationToken.ThrowIfCancellationRequested()) : null;
        FailPoints.Reached("purge.lock-taken", cancellationToken);
        var log = logging.Log;
        var recovered = new List<string>();
        if (target.TakesStoreLock && OperationRecovery.Finish(target.StorePath, log, clock.GetUtcNow()) is { } closeRecovered)
        {
            recovered.Add(closeRecovered);
        }

        recovered.AddRange(FinishInterrupted(target, log));
        FailPoints.Reached("purge.recovery-done", cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var fresh = Decide(target, RestoreNeeds.Of(log));
        var approvedDeletes = approved.Files.Where(f => f.Action == PurgeAction.Delete).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var files = fresh.Files.Select(f => f.Action == PurgeAction.Delete && !approvedDeletes.Contains(f.Path)
            ? f with { Action = PurgeAction.Keep, Why = "not in the plan that was approved (it qualified only after the plan was shown); the next run may purge it" }
            : f).ToList();

        // Files the approved plan deleted that no longer qualify say why now, and one gone meanwhile is simply gone.
        var freshPaths = fresh.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in approved.Files.Where(f => f.Action == PurgeAction.Delete && !freshPaths.Contains(f.Path)))
        {
            files.Add(gone with { Status = PurgeFileStatus.AlreadyGone, Why = "gone before the purge got to it (OpenClaw's own cleanup?)" });
        }

        var plan = fresh with { Files = files };
        var doomed = files.Where(f => f.Action == PurgeAction.Delete && f.Status == PurgeFileStatus.Planned).ToList();
        var recoveredText = recovered.Count == 0 ? null : string.Join("; ", recovered);
        if (doomed.Count == 0)
        {
            return new PurgeStoreResult { Plan = plan, Files = [.. files.Select(Settled)], Recovered = recoveredText, Warnings = plan.Warnings };
        }

        var record = logging.Start(RecordedCommand.Purge, target.AgentId, target.StorePath, RecordedBackend.Files, clock.GetUtcNow()) with
        {
            Purged = [.. doomed.Select(f => new PurgedFile(f.Path, f.Bytes, $"{Describe(f)}: {f.Why}", PurgedFile.Pending, f.NeededBy))],
        };
        log.Write(record);
        FailPoints.Reached("purge.oplog-written", cancellationToken);

        var unrestorable = doomed.Select(f => f.NeededBy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in unrestorable)
        {
            MarkPurged(log, id, record.Id);
        }

        FailPoints.Reached("purge.targets-marked", cancellationToken);

        var ended = new Dictionary<string, PurgeFile>(StringComparer.Ordinal);
        var done = 0;
        foreach (var file in doomed)
        {
            // A signal stops between deletes: what is left is kept, and the record says so.
            ended[file.Path] = cancellationToken.IsCancellationRequested
                ? file with { Action = PurgeAction.Keep, Status = PurgeFileStatus.Kept, Why = "not deleted: interrupted" }
                : Delete(target, file);
            FailPoints.Reached("purge.delete", cancellationToken);
            Progress?.Report(new PurgeProgress("purging", ++done, doomed.Count));
        }

        Libc.FsyncDirectory(target.Directory.RealPath);
        var complete = Complete(log, record, ended.Values.ToList());
        FailPoints.Reached("purge.oplog-complete", cancellationToken);
        var final = files.Select(f => ended.GetValueOrDefault(f.Path) ?? Settled(f)).ToList();
        return new PurgeStoreResult
        {
            Plan = plan,
            OperationId = record.Id,
            Files = final,
            Recovered = recoveredText,
            Unrestorable = complete,
            Warnings = plan.Warnings,
        };
    }

    private static PurgeFile Settled(PurgeFile file) => file.Status == PurgeFileStatus.Planned ? file with { Status = PurgeFileStatus.Kept } : file;

    /// <summary>The record complete, each file as it ended; an operation none of whose archives went after all is unmarked. Returns the operations that can no longer be undone.</summary>
    private List<string> Complete(OperationLog log, OperationRecord record, IReadOnlyList<PurgeFile> ended)
    {
        var byPath = ended.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var purged = record.Purged.Select(p => byPath.TryGetValue(p.Path, out var f)
            ? p with { Status = f.Status switch { PurgeFileStatus.Deleted => PurgedFile.Deleted, PurgeFileStatus.AlreadyGone => PurgedFile.AlreadyGone, _ => PurgedFile.Kept }, Reason = f.Status is PurgeFileStatus.Kept or PurgeFileStatus.Failed ? $"{p.Reason}; {f.Why}" : p.Reason }
            : p).ToList();
        return Settle(log, record with { Purged = purged }, finishedByRecovery: false);
    }

    /// <summary>Writes <paramref name="record"/> complete and unmarks operations none of whose archives it deleted; returns those it did make unrestorable.</summary>
    private List<string> Settle(OperationLog log, OperationRecord record, bool finishedByRecovery)
    {
        var gone = record.Purged.Where(p => p.Status is PurgedFile.Deleted or PurgedFile.AlreadyGone).ToList();
        var unrestorable = gone.Select(p => p.NeededBy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in record.Purged.Select(p => p.NeededBy).OfType<string>().Distinct(StringComparer.Ordinal).Except(unrestorable))
        {
            Unmark(log, id, record.Id);
        }

        log.Write(record with { Complete = true, FinishedByRecovery = finishedByRecovery, FinishedAt = clock.GetUtcNow() });
        return unrestorable;
    }

    /// <summary>Deletes one file if it is still the regular file the plan saw; never follows or deletes a symlink.</summary>
    private static PurgeFile Delete(PurgeTarget target, PurgeFile file)
    {
        var info = new FileInfo(file.Path);
        if (!info.Exists && info.LinkTarget is null)
        {
            return file with { Status = PurgeFileStatus.AlreadyGone, Why = "gone before the purge got to it (OpenClaw's own cleanup?)" };
        }

        if (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint) || !string.Equals(Path.GetDirectoryName(file.Path), target.Directory.RealPath, StringComparison.Ordinal))
        {
            return file with { Action = PurgeAction.Keep, Status = PurgeFileStatus.Kept, Why = "changed since the plan (now a symlink or elsewhere): left alone" };
        }

        try
        {
            // unlink(2) removes the name only: had it just become a symlink, the link would go, never its target.
            File.Delete(file.Path);
            return file with { Status = PurgeFileStatus.Deleted };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return file with { Action = PurgeAction.Keep, Status = PurgeFileStatus.Failed, Why = $"could not be deleted: {e.Message}" };
        }
    }

    private PurgeStorePlan Decide(PurgeTarget target, RestoreNeeds needs)
    {
        var references = References(target);
        var candidates = scan(target);
        var files = candidates.Select(c => rules.Decide(c, references, needs)).OrderBy(f => f.Time).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        return new PurgeStorePlan
        {
            AgentId = target.AgentId,
            AgentIds = target.AgentIds,
            SessionsDirectory = target.Directory.Path,
            StorePath = target.StorePath,
            Era = OperationLogging.Letter(target.Era),
            Files = files,
            Warnings = [.. needs.Unreadable.Select(u => $"operation record {u} (its archives, if any, are not protected by it)")],
        };
    }

    private static LiveReferences References(PurgeTarget target)
    {
        var snapshot = StoreReader.ReadFile(target.StorePath);
        if (target.Era != StorageEra.SqliteBehindGateway)
        {
            return LiveReferences.OfStore(snapshot, target.Directory);
        }

        if (target.DatabasePath is not { } path || !File.Exists(path))
        {
            return LiveReferences.OfStore(snapshot, target.Directory);
        }

        using var database = AgentDatabase.OpenReadOnly(path);
        return LiveReferences.OfDatabase(database.ReadSessions(), snapshot.Exists ? snapshot : null, target.Directory);
    }

    /// <summary>Whether a purge of this directory was interrupted (killed) and waits for the next run to finish it.</summary>
    public bool HasInterrupted(PurgeTarget target) => InterruptedPurges(target, logging.Log).Any();

    private static IEnumerable<OperationRecord> InterruptedPurges(PurgeTarget target, OperationLog log)
    {
        foreach (var id in log.Ids())
        {
            OperationRecord record;
            try
            {
                record = log.Read(id);
            }
            catch (SessionCloserException)
            {
                continue;
            }

            if (record.Command == RecordedCommand.Purge && !record.Complete && !record.RolledBack && record.AgentId == target.AgentId
                && (record.ProcessId == Environment.ProcessId || !Libc.ProcessExists(record.ProcessId)))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Finishes purges of this directory a kill left incomplete (their process gone): each pending file still there
    /// is deleted if it still qualifies now (a file the rules would keep is kept, unless it is kept only because the
    /// very operation the purge already marked needs it), each gone one counts as deleted; then the record is complete.
    /// </summary>
    private List<string> FinishInterrupted(PurgeTarget target, OperationLog log)
    {
        var finished = new List<string>();
        foreach (var record in InterruptedPurges(target, log).ToList())
        {
            foreach (var needed in record.Purged.Select(p => p.NeededBy).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                MarkPurged(log, needed, record.Id);
            }

            var current = Decide(target, RestoreNeeds.Of(log)).Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            var purged = record.Purged.Select(p =>
            {
                if (p.Status != PurgedFile.Pending)
                {
                    return p;
                }

                if (!current.TryGetValue(p.Path, out var now))
                {
                    return File.Exists(p.Path) ? p with { Status = PurgedFile.Kept, Reason = $"{p.Reason}; no longer an archive or backup here: left" } : p with { Status = PurgedFile.Deleted };
                }

                var qualifies = now.Action == PurgeAction.Delete || (now.NeededBy is { } by && by == p.NeededBy && now.ReferencedBy is null && now.Time < rules.Cutoff);
                var outcome = qualifies ? Delete(target, now) : now with { Status = PurgeFileStatus.Kept };
                return outcome.Status switch
                {
                    PurgeFileStatus.Deleted or PurgeFileStatus.AlreadyGone => p with { Status = PurgedFile.Deleted },
                    _ => p with { Status = PurgedFile.Kept, Reason = $"{p.Reason}; {outcome.Why}" },
                };
            }).ToList();
            Settle(log, record with { Purged = purged }, finishedByRecovery: true);
            finished.Add($"finished the interrupted purge {record.Id}");
        }

        return finished;
    }

    private static void MarkPurged(OperationLog log, string target, string purgeId)
    {
        try
        {
            var record = log.Read(target);
            if (!record.PurgedBy.Contains(purgeId, StringComparer.Ordinal))
            {
                log.Write(record with { PurgedBy = [.. record.PurgedBy, purgeId] });
            }
        }
        catch (SessionCloserException)
        {
            // Pruned from the log meanwhile, or fails its checks (then nothing restores it anyway): nothing to mark.
        }
    }

    private static void Unmark(OperationLog log, string target, string purgeId)
    {
        try
        {
            var record = log.Read(target);
            if (record.PurgedBy.Contains(purgeId, StringComparer.Ordinal))
            {
                log.Write(record with { PurgedBy = [.. record.PurgedBy.Where(p => p != purgeId)] });
            }
        }
        catch (SessionCloserException)
        {
            // As in MarkPurged.
        }
    }

    private static string Describe(PurgeFile file) => file.Category == PurgeCategory.Archive ? $"{file.Reason} archive" : $"{file.Reason} backup";
}
