using SessionCloser.Artifacts;
using SessionCloser.Inventory;

namespace SessionCloser.Purging;

/// <summary>
/// The candidates of a sessions directory, from its inventory (<see cref="SessionsDirectoryInventory"/>, the one
/// classifier of every file there): archives and store backups directly in the directory, and symlinks bearing such a
/// name (listed to be kept, never followed). Files in subdirectories (<c>cold/</c>, <c>skills-prompts/</c>) and
/// everything else the inventory names (transcripts, locks, temp files, the journal) are never candidates.
/// </summary>
internal static class PurgeScan
{
    public static IReadOnlyList<PurgeCandidate> Candidates(PurgeTarget target, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        var scope = new InventoryScope(target.Directory.Path, now) { StoreFileName = Path.GetFileName(target.StorePath) };
        var inventory = SessionsDirectoryInventory.Scan(scope);
        var candidates = new List<PurgeCandidate>();
        foreach (var file in inventory.Files.Where(f => !f.RelativePath.Contains('/', StringComparison.Ordinal)))
        {
            switch (file.Class)
            {
                case FileClass.Archive:
                    candidates.Add(new PurgeCandidate(file.Path, PurgeCategory.Archive, file.ArchiveReason ?? "archive", file.Time, file.TimeFromName, file.Bytes, file.SessionId, IsSymlink: false));
                    break;
                case FileClass.StoreBackup:
                    candidates.Add(new PurgeCandidate(file.Path, PurgeCategory.Backup, Whose(file.Maker), file.Time, file.TimeFromName, file.Bytes, null, IsSymlink: false));
                    break;
                case FileClass.Symlink when LooksPurgeable(Path.GetFileName(file.Path), scope.StoreFileName):
                    candidates.Add(new PurgeCandidate(file.Path, ArtifactNames.IsArchive(Path.GetFileName(file.Path)) ? PurgeCategory.Archive : PurgeCategory.Backup, "symlink", file.Time, false, 0, null, IsSymlink: true));
                    break;
            }
        }

        return candidates;
    }

    /// <summary>Who made a backup, as the plan and <c>--json</c> name it.</summary>
    public static string Whose(FileMaker? maker) => maker switch
    {
        FileMaker.SessionCloser => PurgeRules.SessionCloserBackup,
        FileMaker.OriginalScripts => PurgeRules.OriginalScriptsBackup,
        FileMaker.OpenClaw => PurgeRules.OpenClawBackup,
        _ => PurgeRules.UnknownBackup,
    };

    private static bool LooksPurgeable(string name, string storeFileName) =>
        ArtifactNames.IsArchive(name) || ArtifactNames.TryParseArchive(name, out _) || name.StartsWith(storeFileName + ".bak", StringComparison.Ordinal);
}
