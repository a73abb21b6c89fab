using System.Text.RegularExpressions;

namespace SessionCloser.Artifacts;

/// <summary>
/// One scan of a sessions directory, with every live session file filed under the session id that owns it, so
/// that finding the siblings of a thousand sessions costs one directory read, not a thousand.
/// Archives (<c>.deleted.</c>, <c>.reset.</c>, <c>.bak.</c>) and lock files belong to nobody: they are never re-archived.
/// </summary>
internal sealed partial class DirectoryIndex
{
    internal static readonly string[] TrajectorySuffixes = [".trajectory.jsonl", ".trajectory-path.json"];

    private readonly Dictionary<string, List<(string Name, ArtifactKind Kind)>> _bySessionId = new(StringComparer.Ordinal);

    // Every name the scan listed (null when there was no directory to scan).
    private HashSet<string>? _names;

    private DirectoryIndex(SessionsDirectory directory) => Directory = directory;

    public SessionsDirectory Directory { get; }

    /// <param name="directory">The sessions directory.</param>
    /// <param name="sessionIds">The only session ids <see cref="FilesOf"/> will be asked about (a close's), when known: the files of every other session are not filed.</param>
    public static DirectoryIndex Scan(SessionsDirectory directory, IReadOnlySet<string>? sessionIds = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var index = new DirectoryIndex(directory);
        if (!System.IO.Directory.Exists(directory.RealPath))
        {
            return index;
        }

        // Directory.EnumerateFiles's own choice of entries (all but directories, none skipped), names only: no full
        // path string per file (a sessions directory holds 100,000+).
        var names = new System.IO.Enumeration.FileSystemEnumerable<string>(
            directory.RealPath,
            (ref System.IO.Enumeration.FileSystemEntry entry) => entry.FileName.ToString(),
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry entry) => !entry.IsDirectory,
        };
        index._names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            index._names.Add(name);
            if (Owner(name) is { } owner && (sessionIds is null || sessionIds.Contains(owner.SessionId)))
            {
                if (!index._bySessionId.TryGetValue(owner.SessionId, out var files))
                {
                    index._bySessionId[owner.SessionId] = files = [];
                }

                files.Add((name, owner.Kind));
            }
        }

        return index;
    }

    /// <summary>Files named after <paramref name="sessionId"/> (one of the scan's, when it was given some): transcript, topics, forks, checkpoints, trajectory sidecars.</summary>
    public IEnumerable<SessionArtifact> FilesOf(string sessionId) =>
        _bySessionId.TryGetValue(sessionId, out var files)
            ? files.Select(f => new SessionArtifact(Directory.Child(f.Name), f.Kind))
            : [];

    /// <summary>
    /// <see cref="File.Exists"/>, without its system call for a file right in the directory that the scan did not list:
    /// most trajectory sidecars and transcript locks a close asks about are not there. A listed name is still asked of
    /// the file system (it may have gone since, or be a symlink to nothing).
    /// </summary>
    public bool Exists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return (_names is null || slash < 0 || !path.AsSpan(0, slash).SequenceEqual(Directory.RealPath)
                || _names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(path.AsSpan(slash + 1)))
            && File.Exists(path);
    }

    /// <summary>Which session a file name belongs to, by OpenClaw's naming rules; null for anything else.</summary>
    internal static (string SessionId, ArtifactKind Kind)? Owner(string name)
    {
        if (ArtifactNames.IsArchive(name) || name.EndsWith(".lock", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return null;
        }

        // Trajectory sidecars are named after their transcript (topic and fork transcripts included).
        foreach (var suffix in TrajectorySuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (StemOwner(name[..^suffix.Length]).SessionId, ArtifactKind.TrajectorySidecar);
            }
        }

        if (!name.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return null;
        }

        if (ArtifactNames.CheckpointOwner(name) is { } checkpointOwner)
        {
            return (checkpointOwner, ArtifactKind.CheckpointTranscript);
        }

        return StemOwner(name[..^".jsonl".Length]);
    }

    /// <summary>The session a transcript stem (file name without <c>.jsonl</c>) belongs to: fork, topic, or plain.</summary>
    private static (string SessionId, ArtifactKind Kind) StemOwner(string stem)
    {
        if (ForkTranscript().Match(stem) is { Success: true } fork)
        {
            return (fork.Groups[2].Value, ArtifactKind.ForkTranscript);
        }

        var topic = stem.IndexOf("-topic-", StringComparison.Ordinal);
        return topic > 0 ? (stem[..topic], ArtifactKind.TopicTranscript) : (stem, ArtifactKind.Transcript);
    }

    // 2026.7.35 session-file-rotation.ts: /^(\d{4}-\d{2}-\d{2}T[\w-]+(?:Z|[+-]\d{2}(?:-\d{2})?)?)_(.+)$/
    [GeneratedRegex(@"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[A-Za-z0-9_-]+(?:Z|[+-][0-9]{2}(?:-[0-9]{2})?)?)_(.+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex ForkTranscript();
}
