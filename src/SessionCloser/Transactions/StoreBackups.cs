using System.Globalization;
using SessionCloser.Artifacts;
using SessionCloser.FileSystem;

namespace SessionCloser.Transactions;

/// <summary>
/// Byte-identical copies of <c>sessions.json</c> taken before each rewrite, named
/// <c>sessions.json.bak-&lt;stamp&gt;</c> like the original session-closer's, and pruned to the newest N so that
/// backups no longer fill disks. (OpenClaw's own <c>sessions.json.bak.&lt;ms&gt;</c> rotation files are left alone.)
/// </summary>
internal static class StoreBackups
{
    public const int DefaultKeep = 10;

    private const string Marker = ".bak-";

    public static string PathFor(string storePath, DateTimeOffset when) => storePath + Marker + ArtifactNames.ArchiveTimestamp(when);

    /// <summary>Writes the backup (mode 0600, fsynced) and returns its path.</summary>
    public static string Create(string storePath, ReadOnlySpan<byte> bytes, DateTimeOffset when)
    {
        var path = PathFor(storePath, when);
        for (var attempt = 1; File.Exists(path); attempt++)
        {
            // Two runs within one millisecond: keep both backups rather than overwrite one.
            path = PathFor(storePath, when) + "-" + attempt.ToString(CultureInfo.InvariantCulture);
        }

        AtomicFile.WriteNew(path, bytes);
        return path;
    }

    /// <summary>Existing backups of <paramref name="storePath"/>, oldest first (the stamp sorts by time).</summary>
    public static IReadOnlyList<string> List(string storePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(storePath))!;
        var prefix = Path.GetFileName(storePath) + Marker;
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, prefix + "*")
            .Where(path => Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> backups; returns what was deleted.</summary>
    public static IReadOnlyList<string> Prune(string storePath, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var backups = List(storePath);
        var doomed = backups.Take(Math.Max(0, backups.Count - keep)).ToList();
        foreach (var path in doomed)
        {
            File.Delete(path);
        }

        return doomed;
    }
}
