using System.Globalization;
using System.Text.RegularExpressions;
using SessionCloser.Artifacts;
using SessionCloser.FileSystem;
using SessionCloser.Locking;
using SessionCloser.Transactions;

namespace SessionCloser.Inventory;

/// <summary>
/// Every file of one agent's sessions directory, classified by the rules the rest of the engine already uses
/// (<see cref="DirectoryIndex"/> for session file names, <see cref="References"/> for what entries still point at,
/// <see cref="ArtifactNames"/> for archives, <see cref="StoreBackups"/> and <see cref="LeftoverSweep"/> for backups and
/// temp files, <see cref="LockFile"/> for locks, the operation log for whose an archive is). Only reads: no file is
/// opened but a lock (to judge it), and no symlink is followed.
/// </summary>
internal sealed partial class SessionsDirectoryInventory
{
    /// <summary>The directory of <c>skills-prompts/sha256/&lt;hh&gt;/&lt;sha256&gt;.txt</c> blobs.</summary>
    public const string SkillPromptsDirectory = "skills-prompts";

    /// <summary>2026.9.6's cold transcript storage.</summary>
    public const string ColdDirectory = "cold";

    private const int ProgressEvery = 256;

    private SessionsDirectoryInventory(string directory, bool exists, IReadOnlyList<InventoriedFile> files)
    {
        Directory = directory;
        Exists = exists;
        Files = files;
    }

    /// <summary>The sessions directory as configured.</summary>
    public string Directory { get; }

    /// <summary>False when the directory does not exist (then <see cref="Files"/> is empty).</summary>
    public bool Exists { get; }

    /// <summary>Every file, symlink and store companion, sorted by relative path (ordinal).</summary>
    public IReadOnlyList<InventoriedFile> Files { get; }

    public IEnumerable<InventoriedFile> Of(FileClass fileClass) => Files.Where(f => f.Class == fileClass);

    /// <summary>
    /// Scans <paramref name="scope"/>'s directory, subdirectories included (never through a symlink);
    /// <paramref name="progress"/> hears the number of files scanned so far, every few hundred and at the end.
    /// </summary>
    public static SessionsDirectoryInventory Scan(InventoryScope scope, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var files = new List<InventoriedFile>();
        var (directory, exists) = Walk(scope, files.Add, progress, cancellationToken);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new SessionsDirectoryInventory(directory, exists, files);
    }

    /// <summary>
    /// Classifies every file of <paramref name="scope"/>'s directory as <see cref="Scan"/> does and hands each to
    /// <paramref name="visit"/> as it is found (directory order, not sorted), keeping none: what <c>report</c> adds up.
    /// Returns the directory as configured and whether it exists.
    /// </summary>
    public static (string Directory, bool Exists) Walk(InventoryScope scope, Action<InventoriedFile> visit, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(visit);
        var directory = new SessionsDirectory(scope.Directory, scope.StoreFileName);
        var root = new DirectoryInfo(directory.Path);
        if (!root.Exists)
        {
            progress?.Invoke(0);
            return (directory.Path, false);
        }

        var classifier = new Classifier(scope, directory);
        var count = 0;
        var pending = new Stack<(DirectoryInfo Directory, string Relative)>();
        pending.Push((new DirectoryInfo(directory.RealPath), ""));
        while (pending.Count > 0)
        {
            var (current, relative) = pending.Pop();
            foreach (var info in current.EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0 }))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = relative.Length == 0 ? info.Name : relative + "/" + info.Name;
                if (IsLink(info))
                {
                    visit(classifier.Symlink(info, path));
                }
                else if (info is DirectoryInfo subdirectory)
                {
                    pending.Push((subdirectory, path));
                    continue;
                }
                else
                {
                    visit(classifier.Classify((FileInfo)info, path));
                }

                if (++count % ProgressEvery == 0)
                {
                    progress?.Invoke(count);
                }
            }
        }

        progress?.Invoke(count);
        return (directory.Path, true);
    }

    /// <summary>
    /// A symlink, from the <c>lstat</c> the enumeration made anyway (.NET marks a link <see cref="FileAttributes.ReparsePoint"/>;
    /// a file gone since reads as every attribute, so as a link, never followed): no <c>readlink</c> per file, as
    /// <see cref="RealPath.IsLink"/> makes.
    /// </summary>
    internal static bool IsLink(FileSystemInfo info) => info.Attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>The rules, with what they need to know about the directory.</summary>
    private sealed class Classifier(InventoryScope scope, SessionsDirectory directory)
    {
        private readonly string _store = scope.StoreFileName;

        public InventoriedFile Symlink(FileSystemInfo link, string relative)
        {
            var target = link.LinkTarget;
            var resolved = RealPath.TryResolve(link.FullName);
            var inside = resolved is not null && NodePath.IsWithin(directory.RealPath, resolved, allowRoot: false);
            return new InventoriedFile(link.FullName, relative, FileClass.Symlink, 0, Mtime(link)) { LinkTarget = target, LinkStaysInside = inside };
        }

        public InventoriedFile Classify(FileInfo file, string relative)
        {
            var file0 = new InventoriedFile(file.FullName, relative, FileClass.Other, file.Length, Mtime(file));
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                var top = relative[..slash];
                return top == SkillPromptsDirectory && SkillPromptBlob().IsMatch(relative[(slash + 1)..]) ? file0 with { Class = FileClass.SkillPromptBlob }
                    : top == ColdDirectory ? file0 with { Class = FileClass.ColdTranscript }
                    : file0;
            }

            var name = file.Name;
            if (name == _store)
            {
                return file0 with { Class = FileClass.Store };
            }

            if (name == _store + CloseJournal.Suffix)
            {
                return file0 with { Class = FileClass.Journal };
            }

            if (StoreBackup(file, file0) is { } backup)
            {
                return backup;
            }

            if (name.EndsWith(".lock", StringComparison.Ordinal))
            {
                var staleAfter = name == _store + ".lock" ? StoreLock.StaleAfter : ArtifactPlanner.TranscriptLockStaleAfter;
                var stale = LockFile.TryRead(file.FullName) is not { } lockFile || lockFile.IsStale(scope.Now, staleAfter);
                return file0 with { Class = FileClass.Lock, Stale = stale };
            }

            if (LeftoverSweep.IsStoreTemp(name, _store, out var pid))
            {
                return file0 with { Class = FileClass.Temp, Stale = LeftoverSweep.IsDeadTemp(file, pid, scope.Now) };
            }

            if (ArtifactNames.TryParseArchive(name, out var archive))
            {
                var recordId = scope.Logged.RecordOf(file.FullName);
                return file0 with
                {
                    Class = FileClass.Archive,
                    Time = archive.When,
                    TimeFromName = true,
                    ArchiveReason = archive.Reason,
                    ArchivedFrom = archive.Original,
                    SessionId = DirectoryIndex.Owner(archive.Original)?.SessionId,
                    Maker = recordId is null ? FileMaker.OpenClaw : FileMaker.SessionCloser,
                    RecordId = recordId,
                };
            }

            // A path an entry names is its transcript whatever the name; otherwise OpenClaw's naming rules say whose.
            var owner = DirectoryIndex.Owner(name);
            if (scope.References.ClaimsPath(file.FullName) || scope.References.ClaimsPath(directory.Child(name)) || IsSidecarOfClaimedPath(name))
            {
                return file0 with { Class = FileClass.LiveTranscript, ArtifactKind = owner?.Kind ?? Artifacts.ArtifactKind.Transcript, SessionId = owner?.SessionId };
            }

            if (owner is { } session)
            {
                return file0 with
                {
                    Class = scope.References.ClaimsSessionId(session.SessionId) ? FileClass.LiveTranscript : FileClass.OrphanTranscript,
                    ArtifactKind = session.Kind,
                    SessionId = session.SessionId,
                };
            }

            return file0;
        }

        /// <summary>Trajectory sidecars are named after their transcript file (<see cref="ArtifactPlanner"/> takes them with it), whatever its name.</summary>
        private bool IsSidecarOfClaimedPath(string name)
        {
            foreach (var suffix in DirectoryIndex.TrajectorySuffixes)
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length
                    && scope.References.ClaimsPath(directory.Child(name[..^suffix.Length] + ".jsonl")))
                {
                    return true;
                }
            }

            return false;
        }

        private InventoriedFile? StoreBackup(FileInfo file, InventoriedFile file0)
        {
            var name = file.Name;
            if (!name.StartsWith(_store + ".bak", StringComparison.Ordinal))
            {
                return null;
            }

            var backup = file0 with { Class = FileClass.StoreBackup, Maker = FileMaker.Unknown, RecordId = scope.Logged.RecordOf(file.FullName) };
            if (StoreBackups.TryParseOwnName(name, _store, out var stamp))
            {
                return backup with { Maker = FileMaker.SessionCloser, Time = new DateTimeOffset(stamp, TimeSpan.Zero), TimeFromName = true };
            }

            var suffix = name[(_store.Length + ".bak".Length)..];
            if (LegacyRotation().Match(suffix) is { Success: true } rotation
                && long.TryParse(rotation.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= MaxEpochMs)
            {
                return backup with { Maker = FileMaker.OpenClaw, Time = DateTimeOffset.FromUnixTimeMilliseconds(ms), TimeFromName = true };
            }

            if (OriginalScriptBackup().Match(suffix) is { Success: true } script)
            {
                var when = ScriptStamp(script.Groups["stamp"].Value);
                return backup with { Maker = FileMaker.OriginalScripts, Time = when ?? backup.Time, TimeFromName = when is not null };
            }

            // <store>.bak.<stamp> (OpenClaw's archive name for a store) is an archive, not a backup of unknown origin.
            return ArtifactNames.TryParseArchive(name, out _) ? null : backup;
        }

        /// <summary>The original scripts' stamps: <c>yyyyMMdd-HHmmss</c> or ISO-8601 (<c>2026-03-01T10:00:00Z</c>), read as UTC.</summary>
        private static DateTimeOffset? ScriptStamp(string stamp) =>
            DateTime.TryParseExact(stamp, ScriptStampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when)
                ? new DateTimeOffset(when, TimeSpan.Zero)
                : null;

        private static DateTimeOffset Mtime(FileSystemInfo info) => new(info.LastWriteTimeUtc, TimeSpan.Zero);
    }

    private const long MaxEpochMs = 253402300799999; // 9999-12-31T23:59:59.999Z

    private static readonly string[] ScriptStampFormats =
    [
        "yyyyMMdd-HHmmss", "yyyyMMddHHmmss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH-mm-ss'Z'",
        "yyyy-MM-dd'T'HH-mm-ss.fff'Z'", "yyyy-MM-dd-HHmmss", "yyyy-MM-dd",
    ];

    [GeneratedRegex(@"\A\.([0-9]{1,16})\z", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyRotation();

    [GeneratedRegex(@"\A-(?:batch|keep-only|close)(?:-(?<stamp>.*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex OriginalScriptBackup();

    [GeneratedRegex(@"\Asha256/[0-9a-f]{2}/[0-9a-f]{64}\.txt\z", RegexOptions.CultureInvariant)]
    private static partial Regex SkillPromptBlob();
}
