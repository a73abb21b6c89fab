using SessionCloser.Store;

namespace SessionCloser.Artifacts;

/// <summary>
/// Everything the entries that stay still point at: session ids (their own and their checkpoints') and transcript
/// paths. A closed session's file is archived only if none of these claims it.
/// </summary>
internal sealed class References
{
    private readonly HashSet<string> _sessionIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public static References Of(IEnumerable<StoreEntry> remaining, SessionsDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(remaining);
        ArgumentNullException.ThrowIfNull(directory);
        var references = new References();
        foreach (var fields in remaining.Select(e => e.Fields))
        {
            if (fields.SessionId is { } id)
            {
                references._sessionIds.Add(id);
            }

            references._sessionIds.UnionWith(fields.CheckpointSessionIds);
            foreach (var file in fields.CheckpointFiles.Append(fields.SessionFile ?? string.Empty).Where(f => f.Length > 0))
            {
                if (directory.Resolve(file).FullPath is { } path)
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

    public bool ClaimsPath(string path) => _paths.Contains(path);
}
