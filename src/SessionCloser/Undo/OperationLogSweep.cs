using System.Globalization;
using System.Text.RegularExpressions;
using SessionCloser.FileSystem;
using SessionCloser.Transactions;

namespace SessionCloser.Undo;

/// <summary>
/// Removes the temp files of record writes that a killed run left in the operation log's directory
/// (<c>&lt;id&gt;.json.&lt;pid&gt;.&lt;uuid&gt;.tmp</c>, each a whole copy of a record), by the rules of
/// <see cref="LeftoverSweep"/>: the pid in the name is gone and the file was last written at least 5 minutes ago.
/// Found by the fault-injection suite: a kill at a record's temp write left the file there for good.
/// </summary>
internal static partial class OperationLogSweep
{
    /// <summary>Removes the dead runs' temp files in <paramref name="directory"/>; returns the paths removed.</summary>
    public static IReadOnlyList<string> Run(string directory, DateTimeOffset now)
    {
        var removed = new List<string>();
        if (!Directory.Exists(directory))
        {
            return removed;
        }

        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*" + OperationLog.Extension + ".*.tmp"))
        {
            var match = TempName().Match(file.Name);
            if (!match.Success || RealPath.IsLink(file) || !OperationIds.IsValid(match.Groups["id"].Value)
                || !int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || now - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) < LeftoverSweep.StaleAfter || Libc.ProcessExists(pid))
            {
                continue;
            }

            try
            {
                file.Delete();
                removed.Add(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // left for the next sweep
            }
        }

        return removed;
    }

    /// <summary><c>AtomicFile.TempPathFor</c>'s name for a record: <c>&lt;id&gt;.json.&lt;pid&gt;.&lt;uuid&gt;.tmp</c>.</summary>
    [GeneratedRegex(@"\A(?<id>.+)\.json\.(?<pid>[1-9][0-9]{0,9})\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp\z", RegexOptions.CultureInvariant)]
    private static partial Regex TempName();
}
