using SessionCloser.Artifacts;
using SessionCloser.Locking;
using SessionCloser.Store;

namespace SessionCloser.Listing;

/// <summary>Turns a store snapshot into rows for <c>list</c>, newest first, as <c>openclaw sessions</c> orders them.</summary>
internal static class SessionInventory
{
    public static IReadOnlyList<ListedSession> Rows(string agentId, SessionStoreSnapshot snapshot, Func<string, bool> isProtected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(isProtected);
        var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(snapshot.Path))!, Path.GetFileName(snapshot.Path));
        return [.. snapshot.Entries
            .Select(entry => Row(agentId, entry, directory, isProtected, now) with
            {
                EntryJson = entry.Fields.IsObject ? snapshot.Bytes.Slice(entry.Value.Start, entry.Value.Length) : (ReadOnlyMemory<byte>?)null,
            })
            .OrderByDescending(row => row.UpdatedAt ?? 0)];
    }

    private static ListedSession Row(string agentId, StoreEntry entry, SessionsDirectory directory, Func<string, bool> isProtected, DateTimeOffset now)
    {
        var flags = SessionMarks.None;
        var problems = new List<string>(entry.Fields.Problems);
        if (isProtected(entry.Key))
        {
            flags |= SessionMarks.Protected;
        }

        var transcript = PrimaryTranscript.Locate(directory, entry.Fields);
        if (transcript.Problem is not null)
        {
            problems.Add(transcript.Problem);
        }

        long? bytes = null;
        if (transcript.Path is not null)
        {
            var file = new FileInfo(transcript.Path);
            bytes = file.Exists ? file.Length : null;
            if (!file.Exists)
            {
                flags |= SessionMarks.MissingTranscript;
            }

            var transcriptLock = LockFile.TryRead(transcript.Path + ".lock");
            if (transcriptLock is not null)
            {
                flags |= transcriptLock.IsStale(now, ArtifactPlanner.TranscriptLockStaleAfter) ? SessionMarks.StaleLock : SessionMarks.ActiveRun;
            }
        }

        if (problems.Count > 0)
        {
            flags |= SessionMarks.Invalid;
        }

        flags |= (entry.Fields.ArchivedAt is not null ? SessionMarks.Archived : SessionMarks.None)
            | (entry.Fields.PinnedAt is not null ? SessionMarks.Pinned : SessionMarks.None);

        var updatedAt = entry.Fields.UpdatedAt;
        return new ListedSession
        {
            AgentId = agentId,
            Key = entry.Key,
            SessionId = entry.Fields.SessionId,
            UpdatedAt = updatedAt,
            AgeMs = updatedAt is { } u && u != 0 ? now.ToUnixTimeMilliseconds() - u : null,
            Label = entry.Fields.Facts.Label,
            Facts = entry.Fields.Facts,
            DisplayKind = SessionDisplayKind.Of(entry.Key, entry.Fields),
            TranscriptPath = transcript.Path,
            TranscriptBytes = bytes,
            Flags = flags,
            ArchivedAt = entry.Fields.ArchivedAt,
            Problems = problems,
        };
    }
}
