using SessionCloser.Artifacts;
using SessionCloser.Locking;
using SessionCloser.Store;

namespace SessionCloser.Listing;

/// <summary>Turns a store into rows for <c>list</c>, newest first, as <c>openclaw sessions</c> orders them.</summary>
internal static class SessionInventory
{
    /// <summary>Every row of a store read whole, newest first.</summary>
    public static IReadOnlyList<ListedSession> Rows(string agentId, SessionStoreSnapshot snapshot, Func<string, bool> isProtected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(isProtected);
        var directory = DirectoryOf(snapshot.Path);
        var locks = new TranscriptLocks(directory);
        return [.. snapshot.Entries
            .Select(entry => Row(agentId, entry.Key, entry.Fields, directory, isProtected, now, locks) with
            {
                EntryJson = entry.Fields.IsObject ? snapshot.Bytes.Slice(entry.Value.Start, entry.Value.Length) : (ReadOnlyMemory<byte>?)null,
            })
            .OrderByDescending(row => row.UpdatedAt ?? 0)];
    }

    /// <summary>
    /// The entries of an indexed store in file order, each parsed once as it is enumerated: <paramref name="row"/> hears
    /// its row (without <see cref="ListedSession.EntryJson"/>) before the entry is yielded. What <c>report</c> counts and
    /// takes its references from in one pass, holding neither rows nor entries.
    /// </summary>
    public static IEnumerable<StoreEntry> Entries(string agentId, StoreIndex index, Func<string, bool> isProtected, DateTimeOffset now, Action<ListedSession> row)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(isProtected);
        ArgumentNullException.ThrowIfNull(row);
        var directory = DirectoryOf(index.Path);
        var locks = new TranscriptLocks(directory);
        for (var i = 0; i < index.Count; i++)
        {
            var key = index.Key(i);
            var fields = index.Fields(i);
            row(Row(agentId, key, fields, directory, isProtected, now, locks));
            yield return new StoreEntry { Key = key, KeyToken = index.KeyToken(i), Value = index.Value(i), Fields = fields };
        }
    }

    /// <summary>The rows of an indexed store, each made when it is read (<see cref="StoreRows"/>): what <c>list</c> streams.</summary>
    public static StoreRows Rows(string agentId, StoreIndex index, Func<string, bool> isProtected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(index);
        return new StoreRows(agentId, index, DirectoryOf(index.Path), isProtected, now);
    }

    private static SessionsDirectory DirectoryOf(string storePath) =>
        new(Path.GetDirectoryName(Path.GetFullPath(storePath))!, Path.GetFileName(storePath));

    /// <summary>What the disk says about an entry's transcript: its size (null: none) and the marks that follow.</summary>
    internal readonly record struct TranscriptProbe(long? Bytes, SessionMarks Marks);

    /// <summary>One stat of the transcript and, only when the directory holds its lock, a read of the lock.</summary>
    /// <param name="transcript">Where the transcript is.</param>
    /// <param name="locks">The directory's locks.</param>
    /// <param name="now">What a lock's age is measured from.</param>
    /// <param name="file">The row's <see cref="TranscriptFile"/>, whose stat <see cref="PrimaryTranscript.Locate"/> may have made already.</param>
    internal static TranscriptProbe Probe(TranscriptLocation transcript, TranscriptLocks locks, DateTimeOffset now, TranscriptFile? file = null)
    {
        if (transcript.Path is null)
        {
            return new TranscriptProbe(null, SessionMarks.None);
        }

        var info = file?.Of(transcript.Path) ?? new FileInfo(transcript.Path);
        var marks = info.Exists ? SessionMarks.None : SessionMarks.MissingTranscript;
        if (locks.Of(transcript.Path) is { } transcriptLock)
        {
            marks |= transcriptLock.IsStale(now, ArtifactPlanner.TranscriptLockStaleAfter) ? SessionMarks.StaleLock : SessionMarks.ActiveRun;
        }

        return new TranscriptProbe(info.Exists ? info.Length : null, marks);
    }

    /// <summary>The row of an entry: its transcript located and probed with one stat (<see cref="TranscriptFile"/>).</summary>
    internal static ListedSession Row(string agentId, string key, EntryFields fields, SessionsDirectory directory, Func<string, bool> isProtected, DateTimeOffset now, TranscriptLocks locks)
    {
        var file = new TranscriptFile();
        var transcript = PrimaryTranscript.Locate(directory, fields, file.Of);
        return Row(agentId, key, fields, transcript, isProtected, now, Probe(transcript, locks, now, file));
    }

    internal static ListedSession Row(string agentId, string key, EntryFields fields, TranscriptLocation transcript, Func<string, bool> isProtected, DateTimeOffset now, TranscriptProbe probe, ReadOnlyMemory<byte>? entryJson = null)
    {
        var flags = probe.Marks;
        var problems = new List<string>(fields.Problems);
        if (isProtected(key))
        {
            flags |= SessionMarks.Protected;
        }

        if (transcript.Problem is not null)
        {
            problems.Add(transcript.Problem);
        }

        if (problems.Count > 0)
        {
            flags |= SessionMarks.Invalid;
        }

        flags |= (fields.ArchivedAt is not null ? SessionMarks.Archived : SessionMarks.None)
            | (fields.PinnedAt is not null ? SessionMarks.Pinned : SessionMarks.None);

        var updatedAt = fields.UpdatedAt;
        return new ListedSession
        {
            AgentId = agentId,
            Key = key,
            SessionId = fields.SessionId,
            UpdatedAt = updatedAt,
            AgeMs = updatedAt is { } u && u != 0 ? now.ToUnixTimeMilliseconds() - u : null,
            Label = fields.Facts.Label,
            Facts = fields.Facts,
            DisplayKind = SessionDisplayKind.Of(key, fields),
            TranscriptPath = transcript.Path,
            TranscriptBytes = probe.Bytes,
            Flags = flags,
            ArchivedAt = fields.ArchivedAt,
            Problems = problems,
            EntryJson = entryJson,
        };
    }
}
