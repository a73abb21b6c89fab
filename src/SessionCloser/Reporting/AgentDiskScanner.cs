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
        var sessions = new SessionTally(mainKey, now);
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
                    mainKey = database.MainKey ?? mainKey;
                    var agentMainKey = mainKey;
                    var tally = sessions = new SessionTally(mainKey, now);
                    var ids = new List<string>();
                    Func<string, bool> isProtected = key => MainSessionKeys.IsProtected(key, store.AgentId, agentMainKey);
                    database.ForEachSession(session =>
                    {
                        tally.Add(DatabaseInventory.Row(store.AgentId, session, isProtected, now));
                        ids.Add(session.SessionId);
                    });
                    references = References.OfSessionIds(ids);
                }
                catch (SessionCloserException e)
                {
                    problem = e.Message;
                    sessions = new SessionTally(mainKey, now);
                }
            }
        }
        else if (File.Exists(store.StorePath))
        {
            try
            {
                var index = StoreReader.ReadIndexFile(store.StorePath);
                var storeMainKey = mainKey;
                references = References.Of(
                    SessionInventory.Entries(store.AgentId, index, key => MainSessionKeys.IsProtected(key, store.AgentId, storeMainKey), now, sessions.Add),
                    new SessionsDirectory(sessionsDirectory, Path.GetFileName(store.StorePath)));
            }
            catch (Exception e) when (e is SessionCloserException or StoreFormatException or IOException or UnauthorizedAccessException)
            {
                problem = $"{store.StorePath} could not be read: {e.Message}";
                sessions = new SessionTally(mainKey, now);
                references = References.OfSessionIds([]);
            }
        }

        var pruneAfter = MaintenancePolicy.From(installation.Config.Root, installation.Config.Path, era).PruneAfterMs;
        var scope = new InventoryScope(sessionsDirectory, now) { StoreFileName = Path.GetFileName(store.StorePath), References = references, Logged = logged };
        var directory = DirectoryTally.Walk(scope, pruneAfter, progress, cancellationToken);
        var usage = Usage(sessions, directory, era) with
        {
            Database = databaseSize,
            ImportArchive = SizeOfTree(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sessionsDirectory))!, ImportArchiveDirectory)),
        };
        var report = new AgentDiskReport
        {
            AgentId = store.AgentId,
            Era = OperationLogging.Letter(era),
            SessionsDirectory = directory.Directory,
            SessionsDirectoryExists = directory.Exists,
            StorePath = store.StorePath,
            StoreExists = File.Exists(store.StorePath),
            DatabasePath = databasePath,
            Problem = problem,
            Usage = usage,
        };
        return new AgentScan(report, sessions, directory);
    }

    private static DiskUsage Usage(SessionTally sessions, DirectoryTally directory, StorageEra era)
    {
        var filesInDatabase = era == StorageEra.SqliteBehindGateway;
        return new DiskUsage
        {
            Sessions = sessions.Sessions,
            ArchivedSessions = sessions.Archived,
            Groups = sessions.Groups(filesInDatabase),
            LiveTranscripts = directory.Of(FileClass.LiveTranscript),
            OrphanTranscripts = directory.Of(FileClass.OrphanTranscript),
            MissingTranscripts = filesInDatabase ? null : sessions.MissingTranscripts,
            Archives = [.. directory.Archives],
            StoreBackups = [.. directory.StoreBackups],
            Store = directory.Of(FileClass.Store),
            StaleLocks = directory.StaleLocks,
            LiveLocks = directory.LiveLocks,
            StaleTempFiles = directory.StaleTempFiles,
            TempFiles = directory.TempFiles,
            Journals = directory.Of(FileClass.Journal),
            SkillPromptBlobs = directory.Of(FileClass.SkillPromptBlob),
            ColdTranscripts = directory.Of(FileClass.ColdTranscript),
            Symlinks = directory.Of(FileClass.Symlink),
            Other = directory.Of(FileClass.Other),
        };
    }

    public static string MakerName(FileMaker? maker) => maker switch
    {
        FileMaker.OpenClaw => MakerNames.OpenClaw,
        FileMaker.SessionCloser => MakerNames.SessionCloser,
        FileMaker.OriginalScripts => MakerNames.OriginalScripts,
        _ => MakerNames.Unknown,
    };

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
