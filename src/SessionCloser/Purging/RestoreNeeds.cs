using SessionCloser.Errors;
using SessionCloser.Transactions;
using SessionCloser.Undo;

namespace SessionCloser.Purging;

/// <summary>
/// The archives a <c>restore</c> still needs, by the operation log: every <c>&lt;file&gt;.deleted.&lt;stamp&gt;</c> that a
/// close or keep-only renamed a file to, of a record that is not restored, not rolled back and not already given up
/// by an earlier forced purge. A restore renames exactly these back, so deleting one would lose a session's
/// transcript on the way back; a purge keeps them unless <c>--force</c>.
/// </summary>
internal sealed class RestoreNeeds
{
    private readonly Dictionary<string, string> _byArchive = new(StringComparer.Ordinal);

    private RestoreNeeds()
    {
    }

    /// <summary>Records that failed their checks: nothing can restore them, so they need nothing; listed for the plan's warnings.</summary>
    public IReadOnlyList<string> Unreadable { get; private init; } = [];

    /// <summary>Reads every record of <paramref name="log"/> (a state's whole log: archive paths are absolute).</summary>
    public static RestoreNeeds Of(OperationLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var unreadable = new List<string>();
        var needs = new RestoreNeeds { Unreadable = unreadable };
        foreach (var id in log.Ids())
        {
            OperationRecord record;
            try
            {
                record = log.Read(id);
            }
            catch (SessionCloserException e)
            {
                unreadable.Add($"{id}: {e.Message}");
                continue;
            }

            if (record.Command is not (RecordedCommand.Close or RecordedCommand.KeepOnly) || record.RestoredBy is not null || record.RolledBack || record.PurgedBy.Count > 0)
            {
                continue;
            }

            foreach (var rename in record.Renames.Where(r => JournalReader.IsArchiveOf(r.To, r.From)))
            {
                // Newest first: an archive name is unique per close, so the first record to claim it is the one.
                needs._byArchive.TryAdd(Canonical(rename.To), record.Id);
            }
        }

        return needs;
    }

    /// <summary>The operation whose restore needs <paramref name="path"/>, or null.</summary>
    public string? NeededBy(string path) => _byArchive.GetValueOrDefault(Canonical(path));

    /// <summary>The file under its directory's real path: records name files under the real sessions directory, a scan may not.</summary>
    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        return Path.Join(FileSystem.RealPath.TryResolve(directory) ?? directory, Path.GetFileName(full));
    }
}
