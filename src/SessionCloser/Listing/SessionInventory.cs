using SessionCloser.Artifacts;
using SessionCloser.Locking;
using SessionCloser.Store;

namespace SessionCloser.Listing;

/// <summary>Turns a store snapshot into rows for <c>list</c>, newest first, as <c>openclaw sessions</c> orders them.</summary>
public static class SessionInventory
{
    public static IReadOnlyList<SessionRow> Rows(string agentId, SessionStoreSnapshot snapshot, Func<string, bool> isProtected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(isProtected);
        var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(snapshot.Path))!);
        return [.. snapshot.Entries
            .Select(entry => Row(agentId, entry, directory, isProtected, now) with { EntryJson = snapshot.Bytes.Slice(entry.Value.Start, entry.Value.Length) })
            .OrderByDescending(row => row.UpdatedAt ?? 0)];
    }

    private static SessionRow Row(string agentId, StoreEntry entry, SessionsDirectory directory, Func<string, bool> isProtected, DateTimeOffset now)
    {
        var flags = new List<string>();
        var problems = new List<string>(entry.Fields.Problems);
        if (isProtected(entry.Key))
        {
            flags.Add(SessionFlags.Protected);
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
                flags.Add(SessionFlags.MissingTranscript);
            }

            var transcriptLock = LockFile.TryRead(transcript.Path + ".lock");
            if (transcriptLock is not null)
            {
                flags.Add(transcriptLock.IsStale(now, ArtifactPlanner.TranscriptLockStaleAfter) ? SessionFlags.StaleLock : SessionFlags.ActiveRun);
            }
        }

        if (problems.Count > 0)
        {
            flags.Add(SessionFlags.Invalid);
        }

        var updatedAt = entry.Fields.UpdatedAt;
        return new SessionRow
        {
            AgentId = agentId,
            Entry = entry,
            EntryJson = ReadOnlyMemory<byte>.Empty,
            AgeMs = updatedAt is { } u && u != 0 ? now.ToUnixTimeMilliseconds() - u : null,
            TranscriptPath = transcript.Path,
            TranscriptBytes = bytes,
            Flags = flags,
            Problems = problems,
        };
    }
}
