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

    // Every name the scan listed, as two independent 32-bit hashes of it (null when there was no directory to scan):
    // a sessions directory holds 100,000+ names, and none needs to be kept as a string to say it was not listed.
    private HashSet<long>? _names;

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

        // Directory.EnumerateFiles's own choice of entries (all but directories, none skipped), each name read where
        // the enumeration holds it: a string is made only for a file of a session asked about (sessionIds), not per name.
        index._names = [];
        var wanted = sessionIds as HashSet<string> is { } set && set.Comparer == StringComparer.Ordinal ? set : null;
        var names = new System.IO.Enumeration.FileSystemEnumerable<bool>(
            directory.RealPath,
            (ref System.IO.Enumeration.FileSystemEntry entry) => index.Add(entry.FileName, sessionIds, wanted),
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry entry) => !entry.IsDirectory,
        };
        foreach (var _ in names)
        {
        }

        return index;
    }

    /// <summary>Notes a listed name, and files it under its session when that session is one asked about.</summary>
    private bool Add(ReadOnlySpan<char> name, IReadOnlySet<string>? sessionIds, HashSet<string>? wanted)
    {
        _names!.Add(NameHash(name));
        if (!TryOwner(name, out var sessionId, out var kind))
        {
            return false;
        }

        string owner;
        if (wanted is not null)
        {
            if (!wanted.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(sessionId, out var known))
            {
                return false;
            }

            owner = known;
        }
        else
        {
            owner = sessionId.ToString();
            if (sessionIds is not null && !sessionIds.Contains(owner))
            {
                return false;
            }
        }

        if (!_bySessionId.TryGetValue(owner, out var files))
        {
            _bySessionId[owner] = files = [];
        }

        files.Add((name.ToString(), kind));
        return true;
    }

    /// <summary>A name as two unrelated 32-bit hashes (Marvin and xxHash32, each seeded per process): equal names, equal values.</summary>
    private static long NameHash(ReadOnlySpan<char> name)
    {
        var second = default(HashCode);
        second.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(name));
        return ((long)string.GetHashCode(name) << 32) | (uint)second.ToHashCode();
    }

    /// <summary>Files named after <paramref name="sessionId"/> (one of the scan's, when it was given some): transcript, topics, forks, checkpoints, trajectory sidecars.</summary>
    public IEnumerable<SessionArtifact> FilesOf(string sessionId) =>
        _bySessionId.TryGetValue(sessionId, out var files)
            ? files.Select(f => new SessionArtifact(Directory.Child(f.Name), f.Kind))
            : [];

    /// <summary>
    /// <see cref="File.Exists"/>, without its system call for a file right in the directory that the scan did not list:
    /// most trajectory sidecars and transcript locks a close asks about are not there. A listed name (or one whose
    /// 64 bits of hash a listed name shares) is still asked of the file system (it may have gone since, or be a symlink
    /// to nothing).
    /// </summary>
    public bool Exists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return (_names is null || slash < 0 || !path.AsSpan(0, slash).SequenceEqual(Directory.RealPath)
                || _names.Contains(NameHash(path.AsSpan(slash + 1))))
            && File.Exists(path);
    }

    /// <summary>Which session a file name belongs to, by OpenClaw's naming rules; null for anything else.</summary>
    internal static (string SessionId, ArtifactKind Kind)? Owner(string name) =>
        TryOwner(name, out var sessionId, out var kind) ? (sessionId.ToString(), kind) : null;

    /// <summary><see cref="Owner(string)"/> on the name where it is: the session id is a slice of it (or, for a fork, of a string made for it).</summary>
    internal static bool TryOwner(ReadOnlySpan<char> name, out ReadOnlySpan<char> sessionId, out ArtifactKind kind)
    {
        sessionId = default;
        kind = default;
        if (ArtifactNames.IsArchive(name) || name.EndsWith(".lock", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return false;
        }

        // Trajectory sidecars are named after their transcript (topic and fork transcripts included).
        foreach (var suffix in TrajectorySuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                sessionId = StemOwner(name[..^suffix.Length], out _);
                kind = ArtifactKind.TrajectorySidecar;
                return true;
            }
        }

        if (!name.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return false;
        }

        if (ArtifactNames.TryCheckpointOwner(name, out sessionId))
        {
            kind = ArtifactKind.CheckpointTranscript;
            return true;
        }

        sessionId = StemOwner(name[..^".jsonl".Length], out kind);
        return true;
    }

    /// <summary>The session a transcript stem (file name without <c>.jsonl</c>) belongs to: fork, topic, or plain.</summary>
    private static ReadOnlySpan<char> StemOwner(ReadOnlySpan<char> stem, out ArtifactKind kind)
    {
        // A fork's stem starts with a date and 'T' (the pattern's first eleven characters): only those go to the regex.
        if (stem.Length > 11 && char.IsAsciiDigit(stem[0]) && stem[4] == '-' && stem[7] == '-' && stem[10] == 'T'
            && ForkTranscript().Match(stem.ToString()) is { Success: true } fork)
        {
            kind = ArtifactKind.ForkTranscript;
            return fork.Groups[2].Value;
        }

        var topic = stem.IndexOf("-topic-", StringComparison.Ordinal);
        kind = topic > 0 ? ArtifactKind.TopicTranscript : ArtifactKind.Transcript;
        return topic > 0 ? stem[..topic] : stem;
    }

    // 2026.7.35 session-file-rotation.ts: /^(\d{4}-\d{2}-\d{2}T[\w-]+(?:Z|[+-]\d{2}(?:-\d{2})?)?)_(.+)$/
    [GeneratedRegex(@"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[A-Za-z0-9_-]+(?:Z|[+-][0-9]{2}(?:-[0-9]{2})?)?)_(.+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex ForkTranscript();
}
