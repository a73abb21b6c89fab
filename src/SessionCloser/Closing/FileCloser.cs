using SessionCloser.Artifacts;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.Locking;
using SessionCloser.Store;
using SessionCloser.Transactions;
using SessionCloser.Undo;

namespace SessionCloser.Closing;

/// <summary>
/// Closes sessions by editing an era A/B file store, in the order that never loses data: take OpenClaw's store
/// lock, finish any interrupted run, re-read the store, decide, journal the plan, back up, atomically write the
/// store without the closed entries, archive their files as <c>.deleted.&lt;stamp&gt;</c>, prune old backups,
/// release. Temp files and empty backups that a killed earlier run left are removed first (<see cref="LeftoverSweep"/>). Any refusal or failure before the store is replaced leaves the directory as it was.
/// A cancellation (SIGINT/SIGTERM in the CLI) is obeyed only at safe points: before the store is replaced the run
/// rolls back (journal and backup removed); once it is replaced the run finishes (the point of no return). Either
/// way the lock is released and the report's <see cref="CloseReport.Interrupted"/> says which. Each step boundary is
/// a <see cref="FailPoints"/> name (<c>close.*</c>) where the fault-injection suite kills the process.
/// </summary>
internal sealed class FileCloser(TimeProvider clock)
{
    public CloseReport Close(CloseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RefuseLinkedStore(request.StorePath);
        if (request.DryRun || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(request.StorePath))))
        {
            // A dry run takes no lock and writes nothing, not even a lock file. Nor does a run for an agent without a
            // sessions directory yet: there is nothing to close, and no directory to create a lock in.
            var preview = StoreReader.ReadFile(request.StorePath);
            return ClosePlanner.Decide(request, preview, clock.GetUtcNow()).Report(request, backupPath: null);
        }

        var report = CloseLocked(request, cancellationToken);
        FailPoints.Reached("close.lock-released", cancellationToken);
        return report;
    }

    private CloseReport CloseLocked(CloseRequest request, CancellationToken cancellationToken)
    {
        // A signal while waiting for the lock ends the wait: nothing has been done yet.
        using var storeLock = StoreLock.Acquire(request.StorePath, request.LockTimeout, clock, onWait: _ => cancellationToken.ThrowIfCancellationRequested());
        FailPoints.Reached("close.lock-taken", cancellationToken);

        // An interrupted earlier run is finished whatever happens now: its store was already replaced.
        var recovered = OperationRecovery.Finish(request.StorePath, request.Logging?.Log, clock.GetUtcNow());
        FailPoints.Reached("close.recovery-done", cancellationToken);
        // Held open until the backup: the backup is a second name for this very file (StoreBackups.CreateLinked).
        var snapshot = StoreReader.ReadFileHeld(request.StorePath, out var held);
        using var heldStore = held;
        FailPoints.Reached("close.store-read", cancellationToken);
        var now = clock.GetUtcNow();

        // Only once the store has parsed, as OpenClaw's own sweep: a temp file may be the last good copy of a broken store.
        var swept = LeftoverSweep.Run(request.StorePath, now);
        FailPoints.Reached("close.sweep-done", cancellationToken);
        var decision = ClosePlanner.Decide(request, snapshot, now);
        if (decision.Closing.Count == 0)
        {
            return decision.Report(request, backupPath: null) with { Warnings = swept, Recovered = recovered, Interrupted = cancellationToken.IsCancellationRequested ? NothingChanged : null };
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return NotAttempted(decision.Report(request, backupPath: null)) with { Warnings = swept, Recovered = recovered, Interrupted = NothingChanged };
        }

        var done = decision.Report(request, backupPath: null).Outcomes;
        var stream = new OutcomeStream(request, [.. done.Select(o => o.Argument)], done.Count(o => o.Status == OutcomeStatus.Closed));
        stream.Started();
        var renames = decision.Outcomes.SelectMany(o => o.Files).ToList();
        // The new store is never held whole: its bytes are made from the store read, once for their hash, once into
        // the temp file, once to check what reached the disk.
        var composed = ComposedStore.Of(snapshot, decision.Remaining);
        var oldSha256 = CloseJournal.Sha256(snapshot.Bytes.Span);
        var newSha256 = composed.Sha256();
        var recording = CloseRecording.Begin(request, snapshot, decision, oldSha256, newSha256, now);
        var journal = new CloseJournal(request.StorePath, oldSha256, newSha256, now, renames, recording?.Id);
        string backup;
        try
        {
            journal.Write();
            FailPoints.Reached("close.journal-written", cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            backup = heldStore is null
                ? StoreBackups.Create(request.StorePath, snapshot.Bytes.Span, now)
                : StoreBackups.CreateLinked(request.StorePath, heldStore, snapshot.Bytes.Span, snapshot.LastWriteTimeUtc, now);
            heldStore?.Dispose();
            FailPoints.Reached("close.backup-written", cancellationToken);
            ReplaceStore(request.StorePath, composed, backup, storeLock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Before the point of no return: the backup and the store's temp file are gone already; so goes the journal.
            journal.Delete();
            recording?.RolledBack(clock.GetUtcNow());
            return NotAttempted(decision.Report(request, backupPath: null)) with { Warnings = swept, Recovered = recovered, Interrupted = RolledBack };
        }
        catch
        {
            // Refused or failed (a full disk, a read-only store): the directory is left exactly as it was.
            journal.Delete();
            recording?.Discard();
            throw;
        }

        FailPoints.Reached("close.store-replaced", cancellationToken);

        // Every line of the report is true from here on: a front end shows them before the files are archived.
        for (var i = 0; i < done.Count; i++)
        {
            if (done[i].Status == OutcomeStatus.Closed)
            {
                stream.Handled(i, done[i]);
            }
            else
            {
                stream.Decided(i, done[i]);
            }
        }

        var warnings = swept.Concat(Archive(renames, cancellationToken)).ToList();
        var pruned = StoreBackups.Prune(request.StorePath, request.KeepBackups, justWritten: backup);
        FailPoints.Reached("close.backups-pruned", cancellationToken);
        recording?.Complete(backup, clock.GetUtcNow());
        journal.Delete();
        FailPoints.Reached("close.journal-removed", cancellationToken);
        return decision.Report(request, backup) with
        {
            PrunedBackups = pruned,
            Warnings = warnings,
            Recovered = recovered,
            OperationId = recording?.Id,
            Interrupted = cancellationToken.IsCancellationRequested ? Finished : null,
        };
    }

    /// <summary>
    /// The store is replaced by rename, which would replace a symlink named sessions.json with a file and leave its
    /// target, the store someone meant to keep elsewhere, still listing the closed sessions. Refused, also in a dry run.
    /// </summary>
    private static void RefuseLinkedStore(string storePath)
    {
        var store = new FileInfo(storePath);
        if (store.LinkTarget is { } target)
        {
            throw new SessionCloserException(
                ExitCode.StoreError,
                $"{storePath} is a symbolic link (to {target}); closing replaces the store by rename, which would replace the link, not the file it points to. Point OpenClaw's session.store at the real file; nothing was changed");
        }
    }


    private const string NothingChanged = "interrupted before anything was changed; nothing was closed";
    private const string RolledBack = "interrupted before the store was replaced: rolled back (journal, backup and temp files removed); nothing was closed";
    private const string Finished = "interrupted after the store was replaced: finished the close first (every file archived, journal removed)";

    /// <summary>The sessions the run would have closed, reported as not attempted (the run stopped before changing anything).</summary>
    private static CloseReport NotAttempted(CloseReport report) => report with
    {
        Outcomes = [.. report.Outcomes.Select(o => o.Status == OutcomeStatus.Closed
            ? o with { Status = OutcomeStatus.Skipped, Reason = "not attempted: interrupted", Files = [] }
            : o)],
    };

    private static void ReplaceStore(string storePath, ComposedStore composed, string backup, StoreLock storeLock, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            AtomicFile.Replace(storePath, composed.WriteTo, composed.Length, verify: temp =>
            {
                // Read back what reached the disk: the file OpenClaw will read must be the bytes composed, which must
                // parse and hold exactly the entries that stay (keys only: each entry's bytes were checked when the
                // store was read). One pass over the file, a chunk at a time.
                if (!composed.IsWrittenAt(temp))
                {
                    throw new SessionCloserException(ExitCode.InternalError, $"the rewritten store {temp} does not hold the expected entries; nothing was changed");
                }

                // The last safe point: the rename below is the point of no return, made under a lock just renewed.
                cancellationToken.ThrowIfCancellationRequested();
                storeLock.Confirm();
            });
        }
        catch
        {
            File.Delete(backup);
            throw;
        }
    }

    private static List<string> Archive(List<ArchivedFile> renames, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        foreach (var rename in renames)
        {
            try
            {
                if (!FileSystem.Libc.TryMoveWithoutReplacing(rename.RenamedFrom, rename.To))
                {
                    warnings.Add($"could not archive {rename.RenamedFrom}: {rename.To} already exists (left as it was)");
                }

                FailPoints.Reached("close.rename", cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"could not archive {rename.RenamedFrom}: {e.Message}");
            }
        }

        if (warnings.Count < renames.Count)
        {
            FileSystem.Libc.FsyncDirectory(Path.GetDirectoryName(renames[0].RenamedFrom)!);
        }

        return warnings;
    }
}
