using System.Globalization;
using System.Text;
using SessionCloser.Errors;

namespace SessionCloser.Locking;

/// <summary>
/// OpenClaw's era-A cross-process lock on a session store: <c>&lt;realpath(dir)&gt;/sessions.json.lock</c>, created
/// exclusively, holding <c>{"pid", "createdAt", "starttime"}</c>. OpenClaw (2026.1–2026.4) waits up to 10 s for it
/// and reclaims it after 30 s or when its owner is gone, so session-closer holds it only for the few milliseconds
/// of a rewrite. Later eras ignore the file, where taking it is harmless.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>OpenClaw's <c>staleMs</c> for store locks.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private readonly byte[] _content;
    private bool _released;

    private StoreLock(string path, byte[] content)
    {
        Path = path;
        _content = content;
    }

    public string Path { get; }

    public static string PathFor(string storePath)
    {
        var full = System.IO.Path.GetFullPath(storePath);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        return System.IO.Path.Combine(FileSystem.RealPath.TryResolve(directory) ?? directory, System.IO.Path.GetFileName(full) + ".lock");
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for a live holder and reclaiming a stale one.</summary>
    public static StoreLock Acquire(string storePath, TimeSpan timeout, TimeProvider clock, Action<LockFile>? onWait = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var path = PathFor(storePath);
        var started = clock.GetTimestamp();
        LockFile? holder = null;
        for (var attempt = 1; ; attempt++)
        {
            var content = Content(clock.GetUtcNow());
            if (TryCreate(path, content))
            {
                return new StoreLock(path, content);
            }

            holder = LockFile.TryRead(path);
            if (holder is null)
            {
                continue; // released between our create and our read
            }

            if (holder.IsStale(clock.GetUtcNow(), StaleAfter))
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

            onWait?.Invoke(holder);

            // OpenClaw's own back-off: min(1000, 50 * attempt) ms.
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)));
        }
    }

    /// <summary>Deletes the lock file, but only while it is still ours: a reclaimed lock belongs to someone else.</summary>
    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            if (File.ReadAllBytes(Path).AsSpan().SequenceEqual(_content))
            {
                File.Delete(Path);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
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

    private static bool TryCreate(string path, byte[] content)
    {
        try
        {
            using var stream = new FileStream(path, FileSystem.AtomicFile.CreateNewOptions());
            stream.Write(content);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

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

    private static string Describe(LockFile holder) =>
        holder.Pid is { } pid ? $"pid {pid.ToString(CultureInfo.InvariantCulture)}" : "an unreadable lock file";
}
