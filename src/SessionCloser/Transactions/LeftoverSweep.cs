using System.Globalization;
using System.Text.RegularExpressions;
using SessionCloser.FileSystem;

namespace SessionCloser.Transactions;

/// <summary>
/// Removes what a killed run left beside the store: the temp files of its atomic writes
/// (<c>sessions.json.&lt;pid&gt;.&lt;uuid&gt;.tmp</c>, the journal's <c>sessions.json.session-closer-journal.&lt;pid&gt;.&lt;uuid&gt;.tmp</c>,
/// a backup's <c>sessions.json.bak-&lt;stamp&gt;[-N].&lt;pid&gt;.&lt;uuid&gt;.tmp</c>, a lock renewal's
/// <c>sessions.json.lock.&lt;pid&gt;.&lt;uuid&gt;.tmp</c>) and empty backups. Called with the store
/// lock held, once the store has parsed: like OpenClaw 2026.7.35's startup sweep (<c>sweepOrphanSessionStoreTemps</c>),
/// which removes a temp only when the store is readable and the temp is older than 5 minutes
/// (<c>SESSION_STORE_TEMP_STALE_MS</c>). This sweep also requires the pid in the name to be gone, and touches no
/// name but these exactly.
/// </summary>
internal static partial class LeftoverSweep
{
    /// <summary>OpenClaw's <c>SESSION_STORE_TEMP_STALE_MS</c>: a writer in another pid namespace (a container) may still be writing a younger one.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    /// <summary>Removes the leftovers of dead runs; returns one warning line per file removed or that could not be.</summary>
    public static IReadOnlyList<string> Run(string storePath, DateTimeOffset now)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(storePath))!;
        var storeName = Path.GetFileName(storePath);
        var lines = new List<string>();
        if (!Directory.Exists(directory))
        {
            return lines;
        }

        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(storeName + ".*").OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (RealPath.IsLink(file) || Reason(file, storeName, now) is not { } reason)
            {
                continue;
            }

            try
            {
                file.Delete();
                lines.Add($"removed {file.FullName} ({reason})");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lines.Add($"could not remove {file.FullName} ({reason}): {e.Message}");
            }
        }

        return lines;
    }

    /// <summary>Why <paramref name="file"/> is a leftover to remove, or null when it is not one (or not yet).</summary>
    internal static string? Reason(FileInfo file, string storeName, DateTimeOffset now)
    {
        if (StoreBackups.IsOwnName(file.Name, storeName))
        {
            // Backups appear under their name only by a rename of a complete copy; an empty one is a killed old-style write.
            return file.Length == 0 ? "an empty backup left by a killed run" : null;
        }

        var temp = TempName().Match(file.Name);
        if (!temp.Success || !IsOwnTempTarget(temp.Groups["target"].Value, storeName)
            || !int.TryParse(temp.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        var age = now - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        return age >= StaleAfter && !Libc.ProcessExists(pid)
            ? string.Create(CultureInfo.InvariantCulture, $"a temp file of process {pid}, which is gone, last written {age.TotalMinutes:0} minutes ago")
            : null;
    }

    /// <summary>
    /// True when <paramref name="fileName"/> is a temp file of an atomic write of the store, its journal or a backup:
    /// session-closer's <c>&lt;target&gt;.&lt;pid&gt;.&lt;uuid&gt;.tmp</c> (the <paramref name="pid"/>), or OpenClaw's
    /// <c>sessions.json.[&lt;pid&gt;.]&lt;uuid&gt;.tmp</c> and 2026.5's <c>.fs-safe-replace.&lt;pid&gt;.&lt;uuid&gt;.tmp</c> (pid when named).
    /// </summary>
    internal static bool IsStoreTemp(string fileName, string storeName, out int? pid)
    {
        pid = null;
        var temp = TempName().Match(fileName);
        if (temp.Success && IsOwnTempTarget(temp.Groups["target"].Value, storeName)
            && int.TryParse(temp.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var ownPid))
        {
            pid = ownPid;
            return true;
        }

        var openClaw = OpenClawTempName().Match(fileName);
        if (!openClaw.Success || (openClaw.Groups["target"].Value != storeName && openClaw.Groups["target"].Value != ".fs-safe-replace"))
        {
            return false;
        }

        if (openClaw.Groups["pid"].Success && int.TryParse(openClaw.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var openClawPid))
        {
            pid = openClawPid;
        }

        return true;
    }

    /// <summary>
    /// Whether a temp file is a dead writer's by this sweep's rule: last written at least <see cref="StaleAfter"/> ago
    /// and its pid (when its name has one) gone.
    /// </summary>
    internal static bool IsDeadTemp(FileInfo file, int? pid, DateTimeOffset now) =>
        now - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) >= StaleAfter && (pid is not { } p || !Libc.ProcessExists(p));

    private static bool IsOwnTempTarget(string target, string storeName) =>
        target == storeName || target == storeName + CloseJournal.Suffix || target == storeName + ".lock" || StoreBackups.IsOwnName(target, storeName);

    /// <summary><c>AtomicFile.TempPathFor</c>'s names: <c>&lt;target&gt;.&lt;pid&gt;.&lt;uuid, lower case&gt;.tmp</c>.</summary>
    [GeneratedRegex(@"\A(?<target>.+)\.(?<pid>[1-9][0-9]{0,9})\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp\z", RegexOptions.CultureInvariant)]
    private static partial Regex TempName();

    /// <summary>OpenClaw's store temp names (2026.7.1 startup sweep: <c>^sessions\.json\.(?:\d+\.)?&lt;uuid&gt;\.tmp$</c>; 2026.5.12 <c>.fs-safe-replace.&lt;pid&gt;.&lt;uuid&gt;.tmp</c>).</summary>
    [GeneratedRegex(@"\A(?<target>.+?)\.(?:(?<pid>[0-9]{1,10})\.)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.tmp\z", RegexOptions.CultureInvariant)]
    private static partial Regex OpenClawTempName();
}
