using SessionCloser.Artifacts;
using SessionCloser.FileSystem;
using SessionCloser.Store;

namespace SessionCloser.Transactions;

/// <summary>
/// Finishes a close that was interrupted (killed, power loss) after its journal was written. Called with the
/// store lock held, before the store is read for the new run. It ignores cancellation: the interrupted run was past
/// its point of no return (or changed nothing), and finishing is a few renames. Its step boundaries are the
/// <see cref="FailPoints"/> names <c>recovery.*</c>.
/// </summary>
internal static class JournalRecovery
{
    /// <summary>Returns a sentence describing what was recovered, or null when there was nothing to do.</summary>
    public static string? Finish(string storePath)
    {
        if (CloseJournal.TryRead(storePath) is not { } journal)
        {
            return null;
        }

        FailPoints.Reached("recovery.journal-read");
        var current = StoreReader.ReadFile(storePath);
        var hash = CloseJournal.Sha256(current.Bytes.Span);
        if (journal.IsRolledBackBy(hash))
        {
            // The store was never replaced: the interrupted run changed nothing but maybe a backup copy.
            journal.Delete();
            FailPoints.Reached("recovery.journal-discarded");
            return $"discarded the journal of a run interrupted before it changed {storePath} ({journal.CreatedAt:O})";
        }

        // The store was replaced; archive what the interrupted run meant to, unless an entry (old or new) uses it now.
        var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(storePath))!);
        var stay = References.Of(current.Entries, directory);
        var finished = 0;
        foreach (var rename in journal.Renames)
        {
            var owner = DirectoryIndex.Owner(Path.GetFileName(rename.RenamedFrom));
            // An archive renamed back (a restore) is wanted by an entry; a file renamed to an archive name must not be.
            var unarchive = journal.Direction == JournalDirection.Restore && JournalReader.IsArchiveOf(rename.RenamedFrom, rename.To);
            if (File.Exists(rename.RenamedFrom) && !File.Exists(rename.To) && (unarchive || (!stay.ClaimsPath(rename.RenamedFrom) && !(owner is { } o && stay.ClaimsSessionId(o.SessionId)))))
            {
                if (FileSystem.Libc.TryMoveWithoutReplacing(rename.RenamedFrom, rename.To))
                {
                    finished++;
                    FailPoints.Reached("recovery.rename");
                }
            }
        }

        journal.Delete();
        FailPoints.Reached("recovery.journal-removed");
        return $"finished a run interrupted at {journal.CreatedAt:O}: archived {finished} remaining file(s)";
    }
}
