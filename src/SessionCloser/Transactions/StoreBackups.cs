using System.Globalization;
using System.Text.RegularExpressions;
using SessionCloser.Artifacts;
using SessionCloser.FileSystem;

namespace SessionCloser.Transactions;

/// <summary>
/// Byte-identical copies of <c>sessions.json</c> taken before each rewrite, named
/// <c>sessions.json.bak-&lt;stamp&gt;[-N]</c>, and pruned to the newest N so that backups no longer fill disks.
/// Retention counts and deletes only these names: the original scripts' <c>.bak-batch-…</c>, <c>.bak-keep-only-…</c>
/// and <c>.bak-close-…</c> copies (never pruned by those scripts) and OpenClaw's own <c>sessions.json.bak.&lt;ms&gt;</c>
/// rotation files are the user's, and are left alone.
/// </summary>
internal static partial class StoreBackups
{
    public const int DefaultKeep = 10;

    private const string Marker = ".bak-";

    public static string PathFor(string storePath, DateTimeOffset when) => storePath + Marker + ArtifactNames.ArchiveTimestamp(when);

    /// <summary>
    /// Writes the backup (mode 0600, fsynced) through a temp file and a no-replace rename, so a kill never leaves a
    /// partial or empty file under a backup's name; returns its path.
    /// </summary>
    public static string Create(string storePath, ReadOnlySpan<byte> bytes, DateTimeOffset when)
    {
        var path = PathFor(storePath, when);
        for (var attempt = 1; File.Exists(path) || !AtomicFile.TryCreate(path, bytes); attempt++)
        {
            // Two runs within one millisecond: keep both backups rather than overwrite one.
            path = PathFor(storePath, when) + "-" + attempt.ToString(CultureInfo.InvariantCulture);
        }

        return path;
    }

    /// <summary>
    /// The backup of a store that is about to be replaced by rename, without copying it: a second name (hard link)
    /// for the very file read, <paramref name="held"/>, which the rename then leaves to the backup alone. As safe as
    /// <see cref="Create"/>: the name appears whole or not at all (<c>linkat</c> never replaces), the data is
    /// fsynced through the handle and the directory after the link, and the bytes are the ones read, since OpenClaw
    /// and session-closer only ever replace a store by rename, never write into it. Linked only when the file is
    /// what was read (same length and time), has no other name (else a write through that name would change the
    /// backup) and has mode 0600 (a backup's mode); otherwise, or where hard links are not possible, a copy
    /// through <see cref="Create"/>.
    /// </summary>
    public static string CreateLinked(string storePath, FileStream held, ReadOnlySpan<byte> bytes, DateTime lastWriteTimeUtc, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(held);
        var handle = held.SafeFileHandle;
        if (OperatingSystem.IsWindows()
            || RandomAccess.GetLength(handle) != bytes.Length
            || File.GetLastWriteTimeUtc(handle) != lastWriteTimeUtc
            || File.GetUnixFileMode(handle) != AtomicFile.OwnerReadWrite
            || HardLink.NameCount(handle) != 1)
        {
            return Create(storePath, bytes, when);
        }

        RandomAccess.FlushToDisk(handle);
        var path = PathFor(storePath, when);
        for (var attempt = 1; ; attempt++)
        {
            if (HardLink.TryLink(handle, path) is not { } linked)
            {
                return Create(storePath, bytes, when);
            }

            if (linked)
            {
                break;
            }

            // Two runs within one millisecond: keep both backups rather than overwrite one.
            path = PathFor(storePath, when) + "-" + attempt.ToString(CultureInfo.InvariantCulture);
        }

        Libc.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return path;
    }

    /// <summary>
    /// True when <paramref name="fileName"/> is exactly a session-closer backup name of the store named
    /// <paramref name="storeName"/>: <c>&lt;store&gt;.bak-&lt;yyyy-MM-ddTHH-mm-ss.fffZ&gt;[-N]</c> with a real date.
    /// </summary>
    public static bool IsOwnName(string fileName, string storeName) => TryParse(fileName, storeName, out _, out _);

    /// <summary>The time in a session-closer backup's name (UTC), when <paramref name="fileName"/> is one.</summary>
    public static bool TryParseOwnName(string fileName, string storeName, out DateTime stamp) => TryParse(fileName, storeName, out stamp, out _);

    /// <summary>session-closer's non-empty backups of <paramref name="storePath"/>, oldest first by the time in their name, then N.</summary>
    public static IReadOnlyList<string> List(string storePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(storePath))!;
        var storeName = Path.GetFileName(storePath);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var backups = new List<(string Path, DateTime Stamp, int Sequence)>();
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(storeName + Marker + "*"))
        {
            // An empty file (a kill before the old write-in-place finished) is no backup: it never counts toward N.
            if (TryParse(file.Name, storeName, out var stamp, out var sequence) && !RealPath.IsLink(file) && file.Length > 0)
            {
                backups.Add((file.FullName, stamp, sequence));
            }
        }

        return [.. backups.OrderBy(b => b.Stamp).ThenBy(b => b.Sequence).ThenBy(b => b.Path, StringComparer.Ordinal).Select(b => b.Path)];
    }

    /// <summary>
    /// Deletes all but the newest <paramref name="keep"/> of session-closer's backups, never
    /// <paramref name="justWritten"/> (it counts as one of the kept); returns what was deleted.
    /// </summary>
    public static IReadOnlyList<string> Prune(string storePath, int keep, string? justWritten)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var others = List(storePath).Where(path => justWritten is null || !SamePath(path, justWritten)).ToList();
        var keepOthers = justWritten is null ? keep : Math.Max(0, keep - 1);
        var doomed = others.Take(Math.Max(0, others.Count - keepOthers)).ToList();
        foreach (var path in doomed)
        {
            File.Delete(path);
        }

        return doomed;
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static bool TryParse(string fileName, string storeName, out DateTime stamp, out int sequence)
    {
        stamp = default;
        sequence = 0;
        if (!fileName.StartsWith(storeName + Marker, StringComparison.Ordinal))
        {
            return false;
        }

        var match = OwnSuffix().Match(fileName, storeName.Length + Marker.Length);
        return match.Success
            && match.Index == storeName.Length + Marker.Length
            && ArtifactNames.TryParseArchiveTimestamp(match.Groups["stamp"].Value, out stamp)
            && (!match.Groups["n"].Success || int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out sequence));
    }

    [GeneratedRegex(@"\G(?<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}\.[0-9]{3}Z)(?:-(?<n>[1-9][0-9]{0,8}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex OwnSuffix();
}
