namespace SessionCloser.Reporting;

/// <summary>One agent's (or every agent's) sessions and bytes, by what they are.</summary>
public sealed record DiskUsage
{
    public int Sessions { get; init; }

    /// <summary>Sessions archived (kept, but hidden from OpenClaw's default lists).</summary>
    public int ArchivedSessions { get; init; }

    /// <summary>Sessions by kind and age bucket: kinds in <see cref="Keys.SessionKindNames.All"/> order, ages youngest first; empty groups left out.</summary>
    public IReadOnlyList<SessionGroup> Groups { get; init; } = [];

    /// <summary>Session files an entry references (transcripts, topics, forks, checkpoint copies, trajectory sidecars).</summary>
    public FileTally LiveTranscripts { get; init; }

    /// <summary>Session files by OpenClaw's naming rules that no entry references.</summary>
    public FileTally OrphanTranscripts { get; init; }

    /// <summary>Entries whose transcript file is missing; null where that does not apply (era C: transcripts are database rows).</summary>
    public int? MissingTranscripts { get; init; }

    /// <summary>Era C: the agent database's files; null in eras A/B.</summary>
    public DatabaseSize? Database { get; init; }

    /// <summary><c>.deleted</c>, <c>.reset</c>, <c>.bak</c> archives by reason and maker; empty pairs left out.</summary>
    public IReadOnlyList<ArchiveTally> Archives { get; init; } = [];

    /// <summary>Copies of the store by maker; empty makers left out.</summary>
    public IReadOnlyList<BackupTally> StoreBackups { get; init; } = [];

    /// <summary>The store file itself.</summary>
    public FileTally Store { get; init; }

    /// <summary>Locks OpenClaw would reclaim (dead or recycled pid, or past their stale time).</summary>
    public FileTally StaleLocks { get; init; }

    /// <summary>Locks a live process holds (a run in progress, a write under way).</summary>
    public FileTally LiveLocks { get; init; }

    /// <summary>Temp files of a dead writer (its pid gone, last written 5 minutes ago or more).</summary>
    public FileTally StaleTempFiles { get; init; }

    /// <summary>Temp files a writer may still be writing.</summary>
    public FileTally TempFiles { get; init; }

    /// <summary>session-closer journals: an interrupted run that the next run on the store finishes.</summary>
    public FileTally Journals { get; init; }

    public FileTally SkillPromptBlobs { get; init; }

    /// <summary>2026.9.6 cold transcript storage (<c>cold/</c>): authoritative history, not reclaimable.</summary>
    public FileTally ColdTranscripts { get; init; }

    /// <summary>Symbolic links (not followed; their targets are not counted).</summary>
    public FileTally Symlinks { get; init; }

    public FileTally Other { get; init; }

    /// <summary>Era C: what <c>openclaw doctor</c> moved aside when it imported the files (<c>agents/&lt;id&gt;/session-sqlite-import-archive</c>).</summary>
    public FileTally ImportArchive { get; init; }

    public FileTally AllArchives => Archives.Aggregate(default(FileTally), (sum, a) => sum + a.Files);

    public FileTally AllStoreBackups => StoreBackups.Aggregate(default(FileTally), (sum, b) => sum + b.Files);

    /// <summary>Every file of the sessions directory.</summary>
    public FileTally SessionsDirectory =>
        LiveTranscripts + OrphanTranscripts + AllArchives + AllStoreBackups + Store + StaleLocks + LiveLocks + StaleTempFiles + TempFiles
        + Journals + SkillPromptBlobs + ColdTranscripts + Symlinks + Other;

    /// <summary>The sessions directory, the database and the import archive.</summary>
    public long TotalBytes => SessionsDirectory.Bytes + (Database?.Total ?? 0) + ImportArchive.Bytes;

    /// <summary>Adds up several agents' usage.</summary>
    public static DiskUsage Sum(IEnumerable<DiskUsage> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var all = parts.ToList();
        DatabaseSize? database = null;
        foreach (var size in all.Select(p => p.Database).OfType<DatabaseSize>())
        {
            database = database is null ? size : database + size;
        }

        return new DiskUsage
        {
            Sessions = all.Sum(p => p.Sessions),
            ArchivedSessions = all.Sum(p => p.ArchivedSessions),
            Groups = SessionGroups.Order(all.SelectMany(p => p.Groups)
                .GroupBy(g => (g.Kind, g.Age))
                .Select(g => new SessionGroup(g.Key.Kind, g.Key.Age, g.Sum(x => x.Count), g.Sum(x => x.Archived), g.All(x => x.TranscriptBytes is null) ? null : g.Sum(x => x.TranscriptBytes ?? 0)))),
            LiveTranscripts = Total(all, p => p.LiveTranscripts),
            OrphanTranscripts = Total(all, p => p.OrphanTranscripts),
            MissingTranscripts = all.All(p => p.MissingTranscripts is null) ? null : all.Sum(p => p.MissingTranscripts ?? 0),
            Database = database,
            Archives = [.. all.SelectMany(p => p.Archives).GroupBy(a => (a.Reason, a.Maker))
                .Select(g => new ArchiveTally(g.Key.Reason, g.Key.Maker, g.Aggregate(default(FileTally), (sum, a) => sum + a.Files)))
                .OrderBy(a => a.Reason, StringComparer.Ordinal).ThenBy(a => a.Maker, StringComparer.Ordinal)],
            StoreBackups = [.. all.SelectMany(p => p.StoreBackups).GroupBy(b => b.Maker)
                .Select(g => new BackupTally(g.Key, g.Aggregate(default(FileTally), (sum, b) => sum + b.Files)))
                .OrderBy(b => b.Maker, StringComparer.Ordinal)],
            Store = Total(all, p => p.Store),
            StaleLocks = Total(all, p => p.StaleLocks),
            LiveLocks = Total(all, p => p.LiveLocks),
            StaleTempFiles = Total(all, p => p.StaleTempFiles),
            TempFiles = Total(all, p => p.TempFiles),
            Journals = Total(all, p => p.Journals),
            SkillPromptBlobs = Total(all, p => p.SkillPromptBlobs),
            ColdTranscripts = Total(all, p => p.ColdTranscripts),
            Symlinks = Total(all, p => p.Symlinks),
            Other = Total(all, p => p.Other),
            ImportArchive = Total(all, p => p.ImportArchive),
        };
    }

    private static FileTally Total(IEnumerable<DiskUsage> parts, Func<DiskUsage, FileTally> pick) => parts.Aggregate(default(FileTally), (sum, p) => sum + pick(p));
}
