using SessionCloser.Artifacts;
using SessionCloser.Transactions;

namespace SessionCloser.Undo;

/// <summary>
/// Where a record may point, checked before a restore acts on it (as <see cref="JournalReader"/> checks a journal):
/// it must be of this state directory, agent and store, and every rename must pair a file inside the agent's
/// sessions directory (by its real path; no store, lock, backup or temp file) with its own
/// <c>&lt;file&gt;.deleted.&lt;stamp&gt;</c> archive, in either direction.
/// </summary>
internal static class RecordPaths
{
    public static void Check(OperationRecord record, string path, string stateDir, string agentId, string storePath)
    {
        ArgumentNullException.ThrowIfNull(record);
        var reader = new OperationRecordReader(path);
        if (!SameDirectory(record.StateDir, stateDir))
        {
            throw reader.Invalid($"it is of the state directory {record.StateDir}, not {stateDir}");
        }

        if (record.AgentId != agentId)
        {
            throw reader.Invalid($"it is of agent {record.AgentId}, not {agentId}");
        }

        if (record.StorePath is not { } recorded || !SameDirectory(recorded, storePath))
        {
            throw reader.Invalid($"its store {record.StorePath ?? "(none)"} is not the agent's store {storePath}");
        }

        var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(storePath))!);
        var storeFileName = Path.GetFileName(storePath);
        for (var i = 0; i < record.Renames.Count; i++)
        {
            var rename = record.Renames[i];
            var problem = JournalReader.IsArchiveOf(rename.From, rename.To)
                ? JournalReader.ProblemWith(rename.To, rename.From, directory, storeFileName)
                : JournalReader.ProblemWith(rename.From, rename.To, directory, storeFileName);
            if (problem is not null)
            {
                throw reader.Invalid($"renames[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]: {problem}");
            }
        }

        if (record.BackupPath is { } backup
            && (Path.GetDirectoryName(backup) is not { } backupDirectory || !SameDirectory(backupDirectory, directory.Path) || !StoreBackups.IsOwnName(Path.GetFileName(backup), storeFileName)))
        {
            throw reader.Invalid($"backupPath {backup} is not a backup of {storePath}");
        }
    }

    private static bool SameDirectory(string a, string b) => Canonical(a) == Canonical(b);

    private static string Canonical(string path) => Path.TrimEndingDirectorySeparator(FileSystem.RealPath.TryResolve(path) ?? Path.GetFullPath(path));
}
