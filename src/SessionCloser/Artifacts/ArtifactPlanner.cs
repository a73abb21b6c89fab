using SessionCloser.Locking;
using SessionCloser.Store;

namespace SessionCloser.Artifacts;

/// <summary>
/// Decides which files a closing session owns. OpenClaw's own delete archives the <c>sessionFile</c> target and
/// <c>&lt;sessionId&gt;.jsonl</c>; session-closer also takes the siblings OpenClaw would otherwise leave as orphans
/// (topics, forks, checkpoint copies, trajectory sidecars), never a file that an entry
/// that stays still references, and never anything outside the sessions directory.
/// </summary>
internal static class ArtifactPlanner
{
    /// <summary>OpenClaw's default stale time for transcript locks (<c>session.writeLock.staleMs</c>).</summary>
    public static readonly TimeSpan TranscriptLockStaleAfter = TimeSpan.FromMinutes(30);

    public static ArtifactPlan Plan(StoreEntry entry, DirectoryIndex index, References stay, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(stay);
        var fields = entry.Fields;
        var directory = index.Directory;
        if (fields.Problems.Count > 0 && fields.SessionId is null)
        {
            return Refused(string.Join("; ", fields.Problems));
        }

        if (!SessionIds.IsValid(fields.SessionId))
        {
            return Refused($"sessionId \"{fields.SessionId}\" fails OpenClaw's session id rules");
        }

        // A session owns a few files: a list searched in place, not a dictionary per session (a keep-only plans 100,000+).
        var files = new List<SessionArtifact>(2);
        void Add(string path, ArtifactKind kind)
        {
            foreach (var file in files)
            {
                if (file.Path == path)
                {
                    return;
                }
            }

            if (!stay.ClaimsPath(path) && index.Exists(path))
            {
                files.Add(new SessionArtifact(path, kind));
            }
        }

        if (!string.IsNullOrWhiteSpace(fields.SessionFile))
        {
            var resolved = index.Resolve(fields.SessionFile);
            if (!resolved.IsInside)
            {
                return Refused("sessionFile: " + resolved.Problem);
            }

            if (directory.BookkeepingProblem(resolved.FullPath!) is { } bookkeeping)
            {
                return Refused("sessionFile: " + bookkeeping);
            }

            Add(resolved.FullPath!, ArtifactKind.Transcript);

            // Trajectory sidecars are named after the transcript file, whatever its name. A name the scan did not list
            // is not made at all (Add would find it missing).
            if (resolved.FullPath!.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                var stem = resolved.FullPath.AsSpan(0, resolved.FullPath.Length - ".jsonl".Length);
                foreach (var suffix in DirectoryIndex.TrajectorySuffixes)
                {
                    if (index.MayList(stem, suffix))
                    {
                        Add(string.Concat(stem, suffix), ArtifactKind.TrajectorySidecar);
                    }
                }
            }
        }

        foreach (var checkpoint in fields.CheckpointFiles)
        {
            var resolved = index.Resolve(checkpoint);
            if (!resolved.IsInside)
            {
                return Refused("compaction checkpoint: " + resolved.Problem);
            }

            if (directory.BookkeepingProblem(resolved.FullPath!) is { } bookkeeping)
            {
                return Refused("compaction checkpoint: " + bookkeeping);
            }

            Add(resolved.FullPath!, ArtifactKind.CheckpointTranscript);
        }

        void AddFilesOf(string sessionId)
        {
            // A session id that an entry that stays still uses keeps every file named after it.
            if (!stay.ClaimsSessionId(sessionId))
            {
                foreach (var artifact in index.FilesOf(sessionId))
                {
                    Add(artifact.Path, artifact.Kind);
                }
            }
        }

        AddFilesOf(fields.SessionId!);
        foreach (var sessionId in fields.CheckpointSessionIds.Distinct(StringComparer.Ordinal))
        {
            if (sessionId != fields.SessionId)
            {
                AddFilesOf(sessionId);
            }
        }

        // Skill prompt blobs are left alone: they are shared, content-addressed caches that OpenClaw prunes itself
        // once unreferenced, while a .deleted archive inside skills-prompts/ is never purged by OpenClaw.
        var activeRun = false;
        foreach (var file in files)
        {
            if (file.Kind is ArtifactKind.Transcript or ArtifactKind.TopicTranscript or ArtifactKind.ForkTranscript
                && index.MayList(file.Path, ".lock") && index.Exists(file.Path + ".lock")
                && LockFile.TryRead(file.Path + ".lock") is { } runLock && !runLock.IsStale(now, TranscriptLockStaleAfter))
            {
                activeRun = true;
                break;
            }
        }

        // By kind, then path (ordinal): the order the report, the journal and the record list them in.
        files.Sort(static (a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Path, b.Path));
        return new ArtifactPlan(files, null, activeRun);
    }

    private static ArtifactPlan Refused(string reason) => new([], reason, HasActiveRun: false);
}
