using SessionCloser.Artifacts;
using SessionCloser.Store;

namespace SessionCloser.Undo;

/// <summary>Builds the operation record of a run on the files: the entries it takes out (exact bytes, positions) and its renames.</summary>
internal static class FileRecords
{
    /// <param name="logging">Where the log is, the command line, the era.</param>
    /// <param name="command">close or keep-only.</param>
    /// <param name="agentId">The agent.</param>
    /// <param name="snapshot">The store as read inside the lock.</param>
    /// <param name="removed">The entries the run takes out, each with the session (report key) it belongs to.</param>
    /// <param name="renames">The renames the run will do, each with its session.</param>
    /// <param name="storeSha256Before">The SHA-256 of the store read (<c>CloseJournal.Sha256</c>).</param>
    /// <param name="storeSha256After">The SHA-256 of the store the run will write.</param>
    /// <param name="now">The run's time.</param>
    public static OperationRecord ForClose(
        OperationLogging logging,
        RecordedCommand command,
        string agentId,
        SessionStoreSnapshot snapshot,
        IReadOnlyList<(StoreEntry Entry, string Session)> removed,
        IReadOnlyList<(ArchivedFile File, string Session)> renames,
        string storeSha256Before,
        string storeSha256After,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(snapshot);
        var source = snapshot.Bytes.Span;
        var entries = Removed(snapshot, removed);

        return logging.Start(command, agentId, snapshot.Path, RecordedBackend.Files, now) with
        {
            StoreSha256Before = snapshot.Exists ? storeSha256Before : null,
            StoreSha256After = storeSha256After,
            StoreBytesBefore = snapshot.HasOpenClawLayout ? null : source.ToArray(),
            Removed = entries,
            Renames = [.. renames.Select(r => new RecordedRename(r.File.RenamedFrom, r.File.To, r.File.Kind, r.Session))],
        };
    }

    /// <summary>The entries a run takes out of <paramref name="snapshot"/>: exact bytes and positions, in file order.</summary>
    public static List<RemovedEntry> Removed(SessionStoreSnapshot snapshot, IReadOnlyList<(StoreEntry Entry, string Session)> removed)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(removed);
        // Positions of the removed entries only: a close of one session in 100,000 maps one, not every entry.
        var leaving = removed.Select(r => r.Entry).ToHashSet(ReferenceEqualityComparer.Instance);
        var position = new Dictionary<StoreEntry, int>(leaving.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < snapshot.Entries.Count; i++)
        {
            if (leaving.Contains(snapshot.Entries[i]))
            {
                position[snapshot.Entries[i]] = i;
            }
        }

        return removed.OrderBy(r => position[r.Entry]).Select(r =>
        {
            var index = position[r.Entry];
            return new RemovedEntry(
                r.Entry.Key,
                r.Entry.Fields.SessionId,
                r.Session,
                snapshot.Bytes.Slice(r.Entry.Member.Start, r.Entry.Member.Length),
                r.Entry.Value.Start - r.Entry.KeyToken.Start,
                index,
                index > 0 ? snapshot.Entries[index - 1].Key : null,
                index + 1 < snapshot.Entries.Count ? snapshot.Entries[index + 1].Key : null);
        }).ToList();
    }
}
