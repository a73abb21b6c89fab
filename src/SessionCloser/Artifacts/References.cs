using SessionCloser.Store;

namespace SessionCloser.Artifacts;

/// <summary>
/// Everything the entries that stay still point at: session ids (their own and their checkpoints') and transcript
/// paths. A closed session's file is archived only if none of these claims it.
/// </summary>
internal sealed class References
{
    private readonly HashSet<string> _sessionIds = new(StringComparer.Ordinal);

    // Paths resolved lexically (SessionsDirectory.ResolveLexically): whether one is a symlink leaving the directory,
    // which would have refused it, is asked only of a path a caller checks, not of every entry's (one readlink each).
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private SessionsDirectory? _directory;

    public static References Of(IEnumerable<StoreEntry> remaining, SessionsDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(remaining);
        ArgumentNullException.ThrowIfNull(directory);
        var references = new References { _directory = directory };
        foreach (var fields in remaining.Select(e => e.Fields))
        {
            if (fields.SessionId is { } id)
            {
                references._sessionIds.Add(id);
            }

            references._sessionIds.UnionWith(fields.CheckpointSessionIds);
            foreach (var file in fields.CheckpointFiles.Append(fields.SessionFile ?? string.Empty).Where(f => f.Length > 0))
            {
                if (directory.ResolveLexically(file).FullPath is { } path)
                {
                    references._paths.Add(path);
                }
            }
        }

        return references;
    }

    /// <summary>Only session ids (era C: the database's sessions, whose transcripts are rows, not files).</summary>
    public static References OfSessionIds(IEnumerable<string> sessionIds)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var references = new References();
        references._sessionIds.UnionWith(sessionIds);
        return references;
    }

    public bool ClaimsSessionId(string sessionId) => _sessionIds.Contains(sessionId);

    public bool ClaimsPath(string path) => _paths.Contains(path) && _directory?.LinkProblem(path, path) is null;
}
