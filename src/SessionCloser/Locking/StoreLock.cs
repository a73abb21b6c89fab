using System.Globalization;
using System.Text;
using SessionCloser.Errors;

namespace SessionCloser.Locking;

/// <summary>
/// OpenClaw's era-A cross-process lock on a session store: <c>&lt;realpath(dir)&gt;/sessions.json.lock</c>, created
/// exclusively, holding <c>{"pid", "createdAt", "starttime"}</c>. OpenClaw (2026.1–2026.4) waits up to 10 s for it
/// and reclaims it once its <c>createdAt</c> is 30 s old or its owner is gone. A close of a big store can hold it
/// longer than that on a slow host, so while held the lock is renewed (<see cref="RenewEvery"/>: a new body with
/// a new <c>createdAt</c>, swapped in by rename, so a reader sees the old body or the new one), and
/// <see cref="Confirm"/> renews it once more right before a commit, failing if it was lost. Later eras ignore the
/// file, where taking it is harmless.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>OpenClaw's <c>staleMs</c> for store locks.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>How often a held lock gets a fresh <c>createdAt</c>: a third of <see cref="StaleAfter"/>, so a renewal can run 20 s late before anyone may judge the lock stale.</summary>
    public static readonly TimeSpan RenewEvery = StaleAfter / 3;

    /// <summary>The longest pause between tries; the lock is held for milliseconds, so waiting longer only starves.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly ITimer _renewal;
    private byte[] _content;
    private bool _released;
    private bool _lost;

    private StoreLock(string path, byte[] content, TimeProvider clock)
    {
        Path = path;
        _content = content;
        _clock = clock;
        _renewal = clock.CreateTimer(_ => Renew(), null, RenewEvery, RenewEvery);
    }

    public string Path { get; }

    public static string PathFor(string storePath)
    {
        var full = System.IO.Path.GetFullPath(storePath);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        return System.IO.Path.Combine(FileSystem.RealPath.TryResolve(directory) ?? directory, System.IO.Path.GetFileName(full) + ".lock");
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for a live holder and reclaiming a stale one.</summary>
    public static StoreLock Acquire(string storePath, TimeSpan timeout, TimeProvider clock, Action<LockFile>? onWait = null) =>
        Acquire(storePath, timeout, clock, onWait, afterFailedCreate: null);

    /// <param name="afterFailedCreate">A test seam: runs between a failed exclusive create and the re-read of the holder.</param>
    internal static StoreLock Acquire(string storePath, TimeSpan timeout, TimeProvider clock, Action<LockFile>? onWait, Action? afterFailedCreate)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var path = PathFor(storePath);
        var started = clock.GetTimestamp();
        var waits = 0;
        while (true)
        {
            var content = Content(clock.GetUtcNow());
            if (TryCreate(path, content))
            {
                return new StoreLock(path, content, clock);
            }

            afterFailedCreate?.Invoke();
            var holder = LockFile.TryRead(path);
            if (holder is not null && holder.IsStale(clock.GetUtcNow(), StaleAfter))
            {
                TryReclaim(holder);
                continue;
            }

            if (clock.GetElapsedTime(started) >= timeout)
            {
                throw new SessionCloserException(
                    ExitCode.StoreError,
                    $"{storePath} is locked by {Describe(holder)} (an OpenClaw process is writing it); waited {timeout.TotalSeconds:0.#} s. Nothing was changed; try again.");
            }

            if (holder is null)
            {
                continue; // released between our create and our read: the lock is free, try again at once
            }

            onWait?.Invoke(holder);
            Thread.Sleep(Backoff(++waits, Random.Shared));
        }
    }

    /// <summary>
    /// The pause before the next try: capped exponential with jitter, 2-4 ms at first, never over
    /// <see cref="MaxBackoff"/>. OpenClaw's own <c>min(1000, 50 * attempt)</c> ms grows to 1 s polls, and a waiter
    /// polling that slowly loses every race to writers that re-take the lock within milliseconds (it starved until
    /// the timeout with 8 parallel closes). Jitter keeps waiters that started together from retrying in step.
    /// </summary>
    internal static TimeSpan Backoff(int wait, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, 2 << Math.Clamp(wait, 1, 10));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }

    /// <summary>
    /// Renews the lock now and fails if it is no longer ours: called right before a commit (the store's rename), so
    /// the commit happens under a lock younger than <see cref="StaleAfter"/> that nobody else has taken.
    /// </summary>
    /// <exception cref="SessionCloserException">The lock was taken over or removed (exit 5); the caller must not commit.</exception>
    public void Confirm()
    {
        if (!Renew())
        {
            throw new SessionCloserException(
                ExitCode.StoreError,
                $"lost the store lock {Path} while working (another process removed or took it; OpenClaw takes a lock it judges stale). Nothing was changed; try again.");
        }
    }

    /// <summary>
    /// Writes a fresh body if the lock file still holds ours; false once it does not (then it is never touched again)
    /// or once released. A failed write keeps the current body: it is still ours, and the next renewal tries again.
    /// </summary>
    internal bool Renew()
    {
        lock (_gate)
        {
            if (_released || _lost)
            {
                return false;
            }

            if (!IsOurs())
            {
                _lost = true;
                return false;
            }

            var content = Content(_clock.GetUtcNow());
            // Not AtomicFile.Replace: that one reaches the "atomic-file.temp-written" fail point, and a renewal runs on a
            // timer thread at times no fault-injection run can predict. No directory fsync either: after a crash the
            // lock's owner is gone, so whichever body survives is stale anyway.
            var temp = FileSystem.AtomicFile.TempPathFor(Path);
            try
            {
                FileSystem.AtomicFile.WriteNew(temp, content);
                File.Move(temp, Path, overwrite: true);
                _content = content;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SessionCloserException)
            {
                FileSystem.AtomicFile.TryDelete(temp);
            }

            return true;
        }
    }

    /// <summary>Stops the renewals and deletes the lock file, but only while it is still ours: a reclaimed lock belongs to someone else.</summary>
    public void Dispose()
    {
        _renewal.Dispose();
        lock (_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            if (!_lost && IsOurs())
            {
                FileSystem.AtomicFile.TryDelete(Path);
            }
        }
    }

    private bool IsOurs()
    {
        try
        {
            return File.ReadAllBytes(Path).AsSpan().SequenceEqual(_content);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The lock body, byte-compatible with OpenClaw's <c>JSON.stringify({pid, createdAt, starttime}, null, 2)</c>.</summary>
    internal static byte[] Content(DateTimeOffset now)
    {
        var text = new StringBuilder("{\n")
            .Append(CultureInfo.InvariantCulture, $"  \"pid\": {Environment.ProcessId},\n")
            .Append(CultureInfo.InvariantCulture, $"  \"createdAt\": \"{now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\"");
        if (ProcessStartTimes.OfCurrentProcess() is { } start)
        {
            text.Append(CultureInfo.InvariantCulture, $",\n  \"starttime\": {start}");
        }

        return Encoding.UTF8.GetBytes(text.Append("\n}").ToString());
    }

    /// <summary>
    /// Creates the lock exclusively; false when a lock file is there. "Already there" is judged by the error
    /// (EEXIST), never by looking again: the holder may release it in between, and that is contention, not an
    /// I/O error. A directory in its place is no lock anyone releases, so that is an error at once.
    /// </summary>
    internal static bool TryCreate(string path, byte[] content)
    {
        try
        {
            // Shared for reading: .NET emulates FileShare.None with flock(LOCK_EX), and another session-closer
            // reading the new lock before its body is written would fail with a sharing violation.
            var options = FileSystem.AtomicFile.CreateNewOptions();
            options.Share = FileShare.Read | FileShare.Delete;
            using var stream = new FileStream(path, options);
            WriteBody(stream, path, content);
            return true;
        }
        catch (IOException e) when (IsAlreadyExists(e))
        {
            if (Directory.Exists(path))
            {
                throw new SessionCloserException(ExitCode.StoreError, $"{path} is a directory, not a lock file; OpenClaw cannot lock the store either. Remove it; nothing was changed.");
            }

            return false;
        }
        catch (IOException e) when (FileSystem.DiskFull.Is(e))
        {
            // Not even the empty file was made (tmpfs charges inodes to its size): there is nothing to remove.
            throw FileSystem.DiskFull.Error(path, e);
        }
    }

    /// <summary>The body, or no lock at all: an empty lock file left by a failed write (a full disk) would hold off OpenClaw until judged stale.</summary>
    private static void WriteBody(FileStream stream, string path, byte[] content)
    {
        try
        {
            stream.Write(content);
            stream.Flush();
        }
        catch (IOException e)
        {
            try
            {
                stream.Dispose(); // its final flush fails the same way; the file goes anyway
            }
            catch (IOException)
            {
            }

            FileSystem.AtomicFile.TryDelete(path);
            if (FileSystem.DiskFull.Is(e))
            {
                throw FileSystem.DiskFull.Error(path, e);
            }

            throw;
        }
    }

    private static bool IsAlreadyExists(IOException e) =>
        FileSystem.Errno.Current is { } errno ? e.HResult == errno.EExist : e.HResult == unchecked((int)0x80070050); // Windows ERROR_FILE_EXISTS

    /// <summary>Removes a stale lock only if it is still the one judged stale (same bytes and mtime).</summary>
    private static void TryReclaim(LockFile stale)
    {
        var current = LockFile.TryRead(stale.Path);
        if (current is not null && current == stale)
        {
            try
            {
                File.Delete(stale.Path);
            }
            catch (FileNotFoundException)
            {
            }
        }
    }

    private static string Describe(LockFile? holder) =>
        holder is null ? "another process (the lock kept changing hands)" : holder.Pid is { } pid ? $"pid {pid.ToString(CultureInfo.InvariantCulture)}" : "an unreadable lock file";
}
