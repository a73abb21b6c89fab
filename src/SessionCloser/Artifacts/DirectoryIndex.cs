using System.IO.Enumeration;
using System.Runtime.CompilerServices;
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

    // Each filed file's name, its kind, and whether it is plain: listed as neither a directory nor a symbolic link (the
    // directory entry's type, read with the name: no system call).
    private readonly Dictionary<string, List<(string Name, ArtifactKind Kind, bool Plain)>> _bySessionId = new(StringComparer.Ordinal);

    // Whether the enumeration tells symlinks apart (FileSystemEntry's own flag, see IsSymbolicLink); false where it
    // cannot, which makes every filed name not plain: asked of the file system as before.
    private static bool _knowsLinks = true;

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
        var names = new FileSystemEnumerable<bool>(
            directory.RealPath,
            (ref FileSystemEntry entry) => index.Add(ref entry, sessionIds, wanted),
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
        };
        foreach (var _ in names)
        {
        }

        return index;
    }

    /// <summary>Notes a listed name, and files it under its session when that session is one asked about.</summary>
    private bool Add(ref FileSystemEntry entry, IReadOnlySet<string>? sessionIds, HashSet<string>? wanted)
    {
        var name = entry.FileName;
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

        files.Add((name.ToString(), kind, IsPlain(ref entry)));
        return true;
    }

    /// <summary>
    /// Not a symbolic link, by the type the directory read gave with the name (the enumeration already checked that it
    /// is not a directory): a regular file, or something File.Exists also calls a file. False when unknown.
    /// </summary>
    private static bool IsPlain(ref FileSystemEntry entry)
    {
        if (!_knowsLinks)
        {
            return false;
        }

        try
        {
            return !IsSymbolicLink(ref entry);
        }
        catch (MissingMethodException)
        {
            _knowsLinks = false;
            return false;
        }
    }

    /// <summary>
    /// FileSystemEntry's own (internal) reading of the entry's d_type on Unix: DT_LNK, or a DT_UNKNOWN entry it found
    /// to be a link with the lstat it makes for those. Public API has no such flag without a stat per name
    /// (<see cref="FileSystemEntry.Attributes"/> makes one); where the member is missing, <see cref="IsPlain"/> says unknown.
    /// </summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_IsSymbolicLink")]
    private static extern bool IsSymbolicLink(ref FileSystemEntry entry);

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
    /// <see cref="File.Exists"/> as the scan saw it, without a system call where the scan settles it: a file right in
    /// the directory that the scan did not list is not there (most trajectory sidecars and transcript locks a close
    /// asks about), and one it filed as plain (<see cref="IsPlainFile"/>) is. Any other listed name (or one whose 64
    /// bits of hash a listed name shares) is asked of the file system (a symlink may point to nothing). A file that
    /// goes after the scan is still named here: its rename then fails, which the close reports as a warning.
    /// </summary>
    public bool Exists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsPlainFile(path))
        {
            return true;
        }

        var slash = path.LastIndexOf('/');
        return (_names is null || slash < 0 || !path.AsSpan(0, slash).SequenceEqual(Directory.RealPath)
                || _names.Contains(NameHash(path.AsSpan(slash + 1))))
            && File.Exists(path);
    }

    /// <summary>
    /// False when the scan settles that <paramref name="path"/> + <paramref name="suffix"/> is no file: a name right in
    /// the directory that it did not list, asked without making that name (a keep-only asks about two trajectory
    /// sidecars and a lock of 100,000+ transcripts, most of which do not exist). True when it may be there: then ask
    /// <see cref="Exists"/>.
    /// </summary>
    public bool MayList(ReadOnlySpan<char> path, string suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        var slash = path.LastIndexOf('/');
        var length = path.Length - slash - 1 + suffix.Length;
        if (_names is null || slash < 0 || length > 1024 || !path[..slash].SequenceEqual(Directory.RealPath))
        {
            return true;
        }

        Span<char> name = stackalloc char[length];
        path[(slash + 1)..].CopyTo(name);
        suffix.CopyTo(name[(path.Length - slash - 1)..]);
        return _names.Contains(NameHash(name));
    }

    /// <summary>
    /// <see cref="SessionsDirectory.Resolve"/>, without its question whether the file is a symlink leaving the
    /// directory when the scan settled that it is none (<see cref="ListedNoLink"/>): a keep-only resolves 100,000+.
    /// </summary>
    public PathResolution Resolve(string candidate)
    {
        var resolved = Directory.ResolveLexically(candidate);
        return resolved.FullPath is { } inParent && !ListedNoLink(inParent) && Directory.LinkProblem(inParent, candidate) is { } problem
            ? PathResolution.Refused(problem)
            : resolved;
    }

    /// <summary>
    /// True when <paramref name="path"/> is a name right in the directory that the scan filed (a file of a session asked
    /// about) and listed as neither a directory nor a symbolic link: no need to ask the file system whether it exists or
    /// is a link leaving the directory. False when the scan cannot say (the file system must be asked).
    /// </summary>
    public bool IsPlainFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        if (_names is null || slash < 0 || !path.AsSpan(0, slash).SequenceEqual(Directory.RealPath))
        {
            return false;
        }

        var name = path.AsSpan(slash + 1);
        if (!TryOwner(name, out var owner, out _)
            || !_bySessionId.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(owner, out var files))
        {
            return false;
        }

        foreach (var file in files)
        {
            if (file.Plain && name.SequenceEqual(file.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the scan settles that <paramref name="path"/> (a name right in the directory) was no symbolic link:
    /// it was filed as plain, or not listed at all (no file of any kind by that name, so none that leaves the directory).
    /// </summary>
    private bool ListedNoLink(string path)
    {
        if (IsPlainFile(path))
        {
            return true;
        }

        var slash = path.LastIndexOf('/');
        return _names is not null && slash >= 0 && path.AsSpan(0, slash).SequenceEqual(Directory.RealPath)
            && !_names.Contains(NameHash(path.AsSpan(slash + 1)));
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
