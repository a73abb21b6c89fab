using SessionCloser.Artifacts;
using SessionCloser.Database;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Installation;
using SessionCloser.Inventory;
using SessionCloser.Keys;
using SessionCloser.Listing;
using SessionCloser.Maintenance;
using SessionCloser.Store;
using SessionCloser.Undo;

namespace SessionCloser.Reporting;

/// <summary>
/// Reads one agent for <c>report</c>: the store file (eras A/B) or the database read-only (era C) for its sessions,
/// then every file of its sessions directory (<see cref="SessionsDirectoryInventory"/>), the database's files and
/// OpenClaw's import archive. Reads only; a store or database that cannot be read becomes the agent's
/// <see cref="AgentDiskReport.Problem"/>, and its files are still counted.
/// </summary>
internal static class AgentDiskScanner
{
    /// <summary>Where 2026.9.6's <c>openclaw doctor</c> moves imported files: beside the sessions directory (<c>doctor-session-sqlite-migration-run</c>).</summary>
    public const string ImportArchiveDirectory = "session-sqlite-import-archive";

    public static AgentScan Scan(OpenClawInstallation installation, AgentStore store, LoggedFiles logged, DateTimeOffset now, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentNullException.ThrowIfNull(store);
        var era = installation.DetectEra(store.AgentId).Era;
        var mainKey = installation.Config.MainKey;
        var sessionsDirectory = store.SessionsDirectory;
        string? problem = null;
        IReadOnlyList<ListedSession> rows = [];
        var references = References.OfSessionIds([]);
        string? databasePath = null;
        DatabaseSize? databaseSize = null;
        if (era == StorageEra.SqliteBehindGateway)
        {
            databasePath = installation.DatabasePath(store.AgentId);
            databaseSize = SizeOfDatabase(databasePath);
            if (File.Exists(databasePath))
            {
                try
                {
                    using var database = AgentDatabase.OpenReadOnly(databasePath);
                    var sessions = database.ReadSessions();
                    mainKey = database.MainKey ?? mainKey;
                    var agentMainKey = mainKey;
                    rows = DatabaseInventory.Rows(store.AgentId, sessions, key => MainSessionKeys.IsProtected(key, store.AgentId, agentMainKey), now);
                    references = References.OfSessionIds(sessions.Select(s => s.SessionId));
                }
                catch (SessionCloserException e)
                {
                    problem = e.Message;
                }
            }
        }
        else if (File.Exists(store.StorePath))
        {
            try
            {
                var snapshot = StoreReader.ReadFile(store.StorePath);
                var storeMainKey = mainKey;
                rows = SessionInventory.Rows(store.AgentId, snapshot, key => MainSessionKeys.IsProtected(key, store.AgentId, storeMainKey), now);
                references = References.Of(snapshot.Entries, new SessionsDirectory(sessionsDirectory, Path.GetFileName(store.StorePath)));
            }
            catch (Exception e) when (e is SessionCloserException or StoreFormatException or IOException or UnauthorizedAccessException)
            {
                problem = $"{store.StorePath} could not be read: {e.Message}";
            }
        }

        var scope = new InventoryScope(sessionsDirectory, now) { StoreFileName = Path.GetFileName(store.StorePath), References = references, Logged = logged };
        var inventory = SessionsDirectoryInventory.Scan(scope, progress, cancellationToken);
        var kinds = ReportKinds.Of(rows, mainKey);
        var usage = Usage(rows, kinds, inventory, era, now) with
        {
            Database = databaseSize,
            ImportArchive = SizeOfTree(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sessionsDirectory))!, ImportArchiveDirectory)),
        };
        var report = new AgentDiskReport
        {
            AgentId = store.AgentId,
            Era = OperationLogging.Letter(era),
            SessionsDirectory = inventory.Directory,
            SessionsDirectoryExists = inventory.Exists,
            StorePath = store.StorePath,
            StoreExists = File.Exists(store.StorePath),
            DatabasePath = databasePath,
            Problem = problem,
            Usage = usage,
        };
        var pruneAfter = MaintenancePolicy.From(installation.Config.Root, installation.Config.Path, era).PruneAfterMs;
        return new AgentScan(report, rows, inventory, pruneAfter, mainKey) { Kinds = kinds };
    }

    private static DiskUsage Usage(IReadOnlyList<ListedSession> rows, string[] kinds, SessionsDirectoryInventory inventory, StorageEra era, DateTimeOffset now)
    {
        var filesInDatabase = era == StorageEra.SqliteBehindGateway;
        var groups = rows.Select((row, i) => (Row: row, Kind: kinds[i]))
            .GroupBy(p => (p.Kind, Age: AgeBucketNames.Of(p.Row.UpdatedAt, now)), p => p.Row)
            .Select(g => new SessionGroup(g.Key.Kind, g.Key.Age, g.Count(), g.Count(r => r.Archived), filesInDatabase ? null : g.Sum(r => r.TranscriptBytes ?? 0)));
        var archives = inventory.Of(FileClass.Archive)
            .GroupBy(f => (Reason: f.ArchiveReason!, Maker: MakerName(f.Maker)))
            .Select(g => new ArchiveTally(g.Key.Reason, g.Key.Maker, Tally(g)))
            .OrderBy(a => a.Reason, StringComparer.Ordinal).ThenBy(a => a.Maker, StringComparer.Ordinal);
        var backups = inventory.Of(FileClass.StoreBackup)
            .GroupBy(f => MakerName(f.Maker))
            .Select(g => new BackupTally(g.Key, Tally(g)))
            .OrderBy(b => b.Maker, StringComparer.Ordinal);
        return new DiskUsage
        {
            Sessions = rows.Count,
            ArchivedSessions = rows.Count(r => r.Archived),
            Groups = SessionGroups.Order(groups),
            LiveTranscripts = Tally(inventory.Of(FileClass.LiveTranscript)),
            OrphanTranscripts = Tally(inventory.Of(FileClass.OrphanTranscript)),
            MissingTranscripts = filesInDatabase ? null : rows.Count(r => r.Flags.HasFlag(SessionMarks.MissingTranscript)),
            Archives = [.. archives],
            StoreBackups = [.. backups],
            Store = Tally(inventory.Of(FileClass.Store)),
            StaleLocks = Tally(inventory.Of(FileClass.Lock).Where(f => f.Stale == true)),
            LiveLocks = Tally(inventory.Of(FileClass.Lock).Where(f => f.Stale != true)),
            StaleTempFiles = Tally(inventory.Of(FileClass.Temp).Where(f => f.Stale == true)),
            TempFiles = Tally(inventory.Of(FileClass.Temp).Where(f => f.Stale != true)),
            Journals = Tally(inventory.Of(FileClass.Journal)),
            SkillPromptBlobs = Tally(inventory.Of(FileClass.SkillPromptBlob)),
            ColdTranscripts = Tally(inventory.Of(FileClass.ColdTranscript)),
            Symlinks = Tally(inventory.Of(FileClass.Symlink)),
            Other = Tally(inventory.Of(FileClass.Other)),
        };
    }

    public static string MakerName(FileMaker? maker) => maker switch
    {
        FileMaker.OpenClaw => MakerNames.OpenClaw,
        FileMaker.SessionCloser => MakerNames.SessionCloser,
        FileMaker.OriginalScripts => MakerNames.OriginalScripts,
        _ => MakerNames.Unknown,
    };

    internal static FileTally Tally(IEnumerable<InventoriedFile> files) => files.Aggregate(default(FileTally), (sum, f) => sum.Add(f.Bytes));

    /// <summary>The database's three files (a missing one counts 0); null when there is no database at all.</summary>
    private static DatabaseSize? SizeOfDatabase(string path)
    {
        static long Length(string file)
        {
            var info = new FileInfo(file);
            return info.Exists && info.LinkTarget is null ? info.Length : 0;
        }

        return File.Exists(path) ? new DatabaseSize(Length(path), Length(path + "-wal"), Length(path + "-shm")) : null;
    }

    /// <summary>Every regular file below <paramref name="directory"/>, never through a symlink.</summary>
    private static FileTally SizeOfTree(string directory)
    {
        var tally = default(FileTally);
        var root = new DirectoryInfo(directory);
        if (!root.Exists || SessionsDirectoryInventory.IsLink(root))
        {
            return tally;
        }

        var pending = new Stack<DirectoryInfo>([root]);
        while (pending.Count > 0)
        {
            foreach (var info in pending.Pop().EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 }))
            {
                if (SessionsDirectoryInventory.IsLink(info))
                {
                    continue;
                }

                if (info is DirectoryInfo sub)
                {
                    pending.Push(sub);
                }
                else
                {
                    tally = tally.Add(((FileInfo)info).Length);
                }
            }
        }

        return tally;
    }
}
