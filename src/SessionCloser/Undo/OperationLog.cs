using System.Globalization;
using SessionCloser.FileSystem;

namespace SessionCloser.Undo;

/// <summary>
/// The operation log of one OpenClaw state: <c>&lt;stateDir&gt;/session-closer/operations/&lt;id&gt;.json</c>, one
/// record per mutating run (mode 0600, written atomically and fsynced; the directories 0700). It lives outside every
/// sessions directory, so no session cleaner (OpenClaw's own retention included) ever deletes it. Retention: the
/// newest <see cref="DefaultKeepCount"/> records and any younger than <see cref="DefaultKeepAge"/> stay; an
/// incomplete record and the one just written are never pruned.
/// </summary>
internal sealed class OperationLog
{
    public const string Extension = ".json";

    public const int DefaultKeepCount = 200;

    public static readonly TimeSpan DefaultKeepAge = TimeSpan.FromDays(90);

    // The directories this instance made, so a failed first write can take them away again.
    private readonly List<string> _created = [];

    // What this instance last wrote per record id: the record, the length of its header and of the file. A rewrite that
    // changes only the header (a run completed, rolled back) copies the rest from that file, byte for byte what writing
    // it again would give, instead of encoding every entry again (a keep-only's record is as big as the store).
    private readonly Dictionary<string, (OperationRecord Record, long HeaderLength, long Length)> _written = new(StringComparer.Ordinal);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public OperationLog(string stateDir)
    {
        StateDir = Path.GetFullPath(stateDir);
        Directory = Path.Join(StateDir, "session-closer", "operations");
    }

    public string StateDir { get; }

    /// <summary>Where the records are.</summary>
    public string Directory { get; }

    public int KeepCount { get; init; } = DefaultKeepCount;

    public TimeSpan KeepAge { get; init; } = DefaultKeepAge;

    public string PathOf(string id) => Path.Join(Directory, id + Extension);

    /// <summary>
    /// A new id, later than every id in the log even when the clock stands still or went back, so that newest-first
    /// (and <c>restore --last</c>) always means the order the runs happened in.
    /// </summary>
    public string NextId(DateTimeOffset now)
    {
        var ids = Ids();
        if (ids.Count > 0 && ids[0] is var newest && OperationIds.TryParseTime(newest, out var newestTime) && newestTime >= now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)))
        {
            now = newestTime.AddMilliseconds(1);
        }

        return OperationIds.New(now);
    }

    /// <summary>Writes (or rewrites) <paramref name="record"/> atomically: a reader sees the old record or the new one, whole.</summary>
    public void Write(OperationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        EnsureDirectory();
        var path = PathOf(record.Id);
        long headerLength = 0, length = 0;
        try
        {
            if (_written.GetValueOrDefault(record.Id) is { Record: { } last } written && SameTail(last, record) && new FileInfo(path).Length == written.Length)
            {
                AtomicFile.Replace(path, stream =>
                {
                    OperationRecordWriter.WriteHeader(record, stream);
                    headerLength = stream.Position;
                    using var previous = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
                    previous.Seek(written.HeaderLength, SeekOrigin.Begin);
                    previous.CopyTo(stream, 1 << 20);
                    length = stream.Position;
                });
            }
            else
            {
                AtomicFile.Replace(path, stream =>
                {
                    headerLength = OperationRecordWriter.Write(record, stream);
                    length = stream.Position;
                });
            }

            _written[record.Id] = (record, headerLength, length);
        }
        catch when (!File.Exists(PathOf(record.Id)))
        {
            // A first write that failed (a full disk) leaves no trace, not even the directories it made.
            RemoveCreatedDirectories();
            throw;
        }
    }

    /// <summary>Whether two records of one run have the same entries, renames and actions (the same objects: a record made <c>with</c> new header fields).</summary>
    private static bool SameTail(OperationRecord a, OperationRecord b) =>
        ReferenceEquals(a.Removed, b.Removed) && ReferenceEquals(a.Added, b.Added) && ReferenceEquals(a.Renames, b.Renames)
        && ReferenceEquals(a.Gateway, b.Gateway) && ReferenceEquals(a.Purged, b.Purged) && ReferenceEquals(a.PurgedBy, b.PurgedBy);

    /// <summary>
    /// Forgets a run that failed before it changed anything: its record goes, and so do the log's directories if this
    /// run made them and they are empty, so a refused run leaves the state directory exactly as it was.
    /// </summary>
    public void Discard(string id)
    {
        try
        {
            File.Delete(PathOf(id));
            Libc.FsyncDirectory(Directory);
            RemoveCreatedDirectories();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more; an abandoned record with no journal means "nothing changed".
        }
    }

    /// <summary>Reads and checks one record (exit 5 when it fails its checks, 3 when there is none).</summary>
    public OperationRecord Read(string id) => OperationRecordReader.Read(PathOf(id));

    /// <summary>Every record id, newest first (ids sort by time).</summary>
    public IReadOnlyList<string> Ids()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Select(p => Path.GetFileName(p)[..^Extension.Length])
            .Where(OperationIds.IsValid)
            .OrderDescending(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Deletes records past the retention: beyond the newest <see cref="KeepCount"/> and older than
    /// <see cref="KeepAge"/>, complete, and not <paramref name="justWritten"/>. A record that cannot be read is left
    /// for a person. Returns the ids deleted.
    /// </summary>
    public IReadOnlyList<string> Prune(DateTimeOffset now, string? justWritten)
    {
        var pruned = new List<string>();
        foreach (var id in Ids().Skip(KeepCount))
        {
            if (id == justWritten || !OperationIds.TryParseTime(id, out var when) || now - when < KeepAge)
            {
                continue;
            }

            try
            {
                if (!Read(id).Complete)
                {
                    continue;
                }
            }
            catch (Errors.SessionCloserException)
            {
                continue;
            }

            File.Delete(PathOf(id));
            pruned.Add(id);
        }

        if (pruned.Count > 0)
        {
            Libc.FsyncDirectory(Directory);
        }

        return pruned;
    }

    /// <summary>The retention in words, as <c>history</c> shows it.</summary>
    public string RetentionText =>
        $"the newest {KeepCount.ToString(CultureInfo.InvariantCulture)} records and any younger than {KeepAge.TotalDays.ToString(CultureInfo.InvariantCulture)} days are kept; incomplete records are never pruned";

    private void RemoveCreatedDirectories()
    {
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            try
            {
                System.IO.Directory.Delete(_created[i]); // only if empty: another run may have written a record meanwhile
                Libc.FsyncDirectory(Path.GetDirectoryName(_created[i])!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }

        _created.Clear();
    }

    private void EnsureDirectory()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(Directory)!;
        foreach (var directory in new[] { parent, Directory })
        {
            if (!System.IO.Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    System.IO.Directory.CreateDirectory(directory);
                }
                else
                {
                    System.IO.Directory.CreateDirectory(directory, OwnerOnly);
                }

                _created.Add(directory);
                Libc.FsyncDirectory(Path.GetDirectoryName(directory)!);
            }
        }
    }
}
