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
/// </summary>
internal sealed class FileCloser(TimeProvider clock)
{
    public CloseReport Close(CloseRequest request)
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

        using var storeLock = StoreLock.Acquire(request.StorePath, request.LockTimeout, clock);
        var recovered = OperationRecovery.Finish(request.StorePath, request.Logging?.Log, clock.GetUtcNow());
        var snapshot = StoreReader.ReadFile(request.StorePath);
        var now = clock.GetUtcNow();

        // Only once the store has parsed, as OpenClaw's own sweep: a temp file may be the last good copy of a broken store.
        var swept = LeftoverSweep.Run(request.StorePath, now);
        var decision = ClosePlanner.Decide(request, snapshot, now);
        if (decision.Closing.Count == 0)
        {
            return decision.Report(request, backupPath: null) with { Warnings = swept, Recovered = recovered };
        }

        var renames = decision.Outcomes.SelectMany(o => o.Files).ToList();
        var newBytes = StoreWriter.Compose(snapshot, decision.Remaining);
        var recording = CloseRecording.Begin(request, snapshot, decision, newBytes, now);
        var journal = new CloseJournal(request.StorePath, CloseJournal.Sha256(snapshot.Bytes.Span), CloseJournal.Sha256(newBytes), now, renames, recording?.Id);
        journal.Write();
        string backup;
        try
        {
            backup = StoreBackups.Create(request.StorePath, snapshot.Bytes.Span, now);
            ReplaceStore(request.StorePath, newBytes, decision.Remaining, backup);
        }
        catch
        {
            journal.Delete();
            recording?.RolledBack(clock.GetUtcNow());
            throw;
        }

        var warnings = swept.Concat(Archive(renames)).ToList();
        var pruned = StoreBackups.Prune(request.StorePath, request.KeepBackups, justWritten: backup);
        recording?.Complete(backup, clock.GetUtcNow());
        journal.Delete();
        return decision.Report(request, backup) with { PrunedBackups = pruned, Warnings = warnings, Recovered = recovered, OperationId = recording?.Id };
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

    private static void ReplaceStore(string storePath, byte[] newBytes, IReadOnlyList<StoreEntry> remaining, string backup)
    {
        try
        {
            AtomicFile.Replace(storePath, newBytes, verify: temp =>
            {
                // Read back what reached the disk: the file OpenClaw will read must parse and hold exactly the entries that stay.
                var written = StoreReader.Parse(File.ReadAllBytes(temp), temp);
                if (!written.Entries.Select(e => e.Key).Order(StringComparer.Ordinal).SequenceEqual(remaining.Select(e => e.Key).Order(StringComparer.Ordinal)))
                {
                    throw new SessionCloserException(ExitCode.InternalError, $"the rewritten store {temp} does not hold the expected entries; nothing was changed");
                }
            });
        }
        catch
        {
            File.Delete(backup);
            throw;
        }
    }

    private static List<string> Archive(List<ArchivedFile> renames)
    {
        var warnings = new List<string>();
        foreach (var rename in renames)
        {
            try
            {
                if (!FileSystem.Libc.TryMoveWithoutReplacing(rename.From, rename.To))
                {
                    warnings.Add($"could not archive {rename.From}: {rename.To} already exists (left as it was)");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"could not archive {rename.From}: {e.Message}");
            }
        }

        if (warnings.Count < renames.Count)
        {
            FileSystem.Libc.FsyncDirectory(Path.GetDirectoryName(renames[0].From)!);
        }

        return warnings;
    }
}
