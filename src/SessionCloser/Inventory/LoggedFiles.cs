using SessionCloser.Errors;
using SessionCloser.Undo;

namespace SessionCloser.Inventory;

/// <summary>
/// The archives and backups session-closer's operation log names (a close's renames, a gateway close's archived
/// files, each run's store backup), by real path, with the newest record naming each: how the inventory tells
/// session-closer's archives from OpenClaw's, which carry the same names.
/// </summary>
internal sealed class LoggedFiles
{
    private readonly Dictionary<string, string> _recordByPath = new(StringComparer.Ordinal);

    // A record names hundreds of files in one directory: resolve each directory once.
    private readonly Dictionary<string, string> _realDirectories = new(StringComparer.Ordinal);

    private LoggedFiles()
    {
    }

    public static LoggedFiles None { get; } = new();

    /// <summary>Records that could not be read (damaged or forged): their files count as OpenClaw's.</summary>
    public IReadOnlyList<string> Unreadable { get; private init; } = [];

    /// <summary>Reads every record of <paramref name="log"/> (of <paramref name="agentId"/> only, when given), oldest first so the newest wins.</summary>
    public static LoggedFiles Read(OperationLog log, string? agentId = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var unreadable = new List<string>();
        var files = new LoggedFiles { Unreadable = unreadable };
        foreach (var id in log.Ids().Reverse())
        {
            OperationRecord record;
            try
            {
                record = log.Read(id);
            }
            catch (SessionCloserException)
            {
                unreadable.Add(id);
                continue;
            }

            if (agentId is not null && record.AgentId != agentId)
            {
                continue;
            }

            var named = record.Renames.Where(r => r.To.Length > r.From.Length && r.To.StartsWith(r.From, StringComparison.Ordinal)).Select(r => r.To)
                .Concat(record.Gateway.SelectMany(g => g.ArchivedFiles));
            if (record.BackupPath is { } backup)
            {
                named = named.Append(backup);
            }

            foreach (var path in named)
            {
                files._recordByPath[files.Canonical(path)] = record.Id;
            }
        }

        return files;
    }

    /// <summary>The newest record naming <paramref name="path"/>, or null when none does.</summary>
    public string? RecordOf(string path) => _recordByPath.GetValueOrDefault(Canonical(path));

    /// <summary>The file's directory resolved (the file itself may be gone or a name only), then its name.</summary>
    private string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? full;
        if (!_realDirectories.TryGetValue(directory, out var real))
        {
            _realDirectories[directory] = real = FileSystem.RealPath.TryResolve(directory) ?? directory;
        }

        return Path.Join(real, Path.GetFileName(full));
    }
}
