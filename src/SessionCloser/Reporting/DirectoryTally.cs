using SessionCloser.Inventory;

namespace SessionCloser.Reporting;

/// <summary>
/// A sessions directory added up as its files are classified (<see cref="SessionsDirectoryInventory.Walk"/>): the
/// bytes by class, archives by reason and maker, backups by maker, and what <see cref="ReclaimAdvisor"/> offers
/// (purgeable files per age, orphans past <c>pruneAfter</c>). Holds a few numbers, never the files.
/// </summary>
internal sealed class DirectoryTally(DateTimeOffset now, long pruneAfterMs)
{
    private readonly FileTally[] _byClass = new FileTally[Enum.GetValues<FileClass>().Length];
    private readonly Dictionary<(string Reason, string Maker), FileTally> _archives = [];
    private readonly Dictionary<string, FileTally> _backups = new(StringComparer.Ordinal);
    private readonly FileTally[] _purgeable = new FileTally[ReclaimAdvisor.PurgeAges.Length];
    private readonly DateTimeOffset[] _purgeCutoffs = [.. ReclaimAdvisor.PurgeAges.Select(ageMs => now - TimeSpan.FromMilliseconds(ageMs))];
    private readonly DateTimeOffset _orphanCutoff = now - TimeSpan.FromMilliseconds(pruneAfterMs);
    private FileTally _staleLocks;
    private FileTally _staleTemp;

    public string Directory { get; private set; } = "";

    public bool Exists { get; private set; }

    /// <summary>Orphan transcripts older than <c>pruneAfter</c>: what OpenClaw's <c>sessions cleanup</c> deletes.</summary>
    public FileTally OldOrphans { get; private set; }

    /// <summary>For each of <see cref="ReclaimAdvisor.PurgeAges"/>: the files <see cref="ReclaimAdvisor.IsPurgeable"/> at that age.</summary>
    public IReadOnlyList<FileTally> Purgeable => _purgeable;

    public static DirectoryTally Walk(InventoryScope scope, long pruneAfterMs, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var tally = new DirectoryTally(scope.Now, pruneAfterMs);
        (tally.Directory, tally.Exists) = SessionsDirectoryInventory.Walk(scope, tally.Add, progress, cancellationToken);
        return tally;
    }

    public void Add(InventoriedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _byClass[(int)file.Class] = _byClass[(int)file.Class].Add(file.Bytes);
        switch (file.Class)
        {
            case FileClass.Archive:
                var archive = (file.ArchiveReason!, AgentDiskScanner.MakerName(file.Maker));
                _archives[archive] = _archives.GetValueOrDefault(archive).Add(file.Bytes);
                break;
            case FileClass.StoreBackup:
                var maker = AgentDiskScanner.MakerName(file.Maker);
                _backups[maker] = _backups.GetValueOrDefault(maker).Add(file.Bytes);
                break;
            case FileClass.Lock when file.Stale == true:
                _staleLocks = _staleLocks.Add(file.Bytes);
                break;
            case FileClass.Temp when file.Stale == true:
                _staleTemp = _staleTemp.Add(file.Bytes);
                break;
            case FileClass.OrphanTranscript when file.Time <= _orphanCutoff:
                OldOrphans = OldOrphans.Add(file.Bytes);
                break;
        }

        for (var i = 0; i < _purgeable.Length; i++)
        {
            if (ReclaimAdvisor.IsPurgeable(file, _purgeCutoffs[i]))
            {
                _purgeable[i] = _purgeable[i].Add(file.Bytes);
            }
        }
    }

    public FileTally Of(FileClass fileClass) => _byClass[(int)fileClass];

    public FileTally StaleLocks => _staleLocks;

    public FileTally LiveLocks => new(Of(FileClass.Lock).Count - _staleLocks.Count, Of(FileClass.Lock).Bytes - _staleLocks.Bytes);

    public FileTally StaleTempFiles => _staleTemp;

    public FileTally TempFiles => new(Of(FileClass.Temp).Count - _staleTemp.Count, Of(FileClass.Temp).Bytes - _staleTemp.Bytes);

    public IEnumerable<ArchiveTally> Archives =>
        _archives.Select(a => new ArchiveTally(a.Key.Reason, a.Key.Maker, a.Value))
            .OrderBy(a => a.Reason, StringComparer.Ordinal).ThenBy(a => a.Maker, StringComparer.Ordinal);

    public IEnumerable<BackupTally> StoreBackups =>
        _backups.Select(b => new BackupTally(b.Key, b.Value)).OrderBy(b => b.Maker, StringComparer.Ordinal);
}
