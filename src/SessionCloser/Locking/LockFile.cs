using System.Globalization;
using System.Text.Json;
using SessionCloser.FileSystem;

namespace SessionCloser.Locking;

/// <summary>
/// What a lock file (<c>sessions.json.lock</c>, <c>&lt;transcript&gt;.jsonl.lock</c>) says about its owner, and
/// whether OpenClaw would still honour it: the owner pid is alive and the lock is younger than the stale limit.
/// Format (OpenClaw 2026.4.x <c>session-write-lock.ts</c>): <c>{"pid": 123, "createdAt": "ISO", "starttime": 456}</c>.
/// </summary>
internal sealed record LockFile(string Path, int? Pid, DateTimeOffset? CreatedAt, long? StartTime, DateTime LastWriteTimeUtc)
{
    private static readonly TimeSpan UnreadableStaleAfter = TimeSpan.FromSeconds(5);

    /// <summary>Reads a lock file; null when there is none.</summary>
    public static LockFile? TryRead(string path)
    {
        // Nearly every transcript has no lock: answer that without an exception (the catch stays for the race).
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes;
        var lastWrite = default(DateTime);
        try
        {
            lastWrite = File.GetLastWriteTimeUtc(path);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            // Held open exclusively by its creator (a sharing violation): a lock being written, judged by its mtime.
            return new LockFile(path, null, null, null, lastWrite == default ? DateTime.UtcNow : lastWrite);
        }

        int? pid = null;
        long? startTime = null;
        DateTimeOffset? createdAt = null;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("pid", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var pidValue) && pidValue > 0)
                {
                    pid = pidValue;
                }

                if (root.TryGetProperty("createdAt", out var c) && c.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
                {
                    createdAt = created;
                }

                if (root.TryGetProperty("starttime", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var start))
                {
                    startTime = start;
                }
            }
        }
        catch (JsonException)
        {
            // An unparseable lock is judged by its mtime alone, as OpenClaw does.
        }

        return new LockFile(path, pid, createdAt, startTime, lastWrite);
    }

    /// <summary>
    /// OpenClaw's reclaim rules: a lock is stale when its pid is missing, dead or recycled (different start
    /// time), or when it is older than <paramref name="staleAfter"/> (by createdAt, or by mtime when unparseable).
    /// </summary>
    public bool IsStale(DateTimeOffset now, TimeSpan staleAfter)
    {
        if (Pid is { } pid && (!Libc.ProcessExists(pid) || ProcessStartTimes.IsRecycled(pid, StartTime)))
        {
            return true;
        }

        if (CreatedAt is { } created && now - created > staleAfter)
        {
            return true;
        }

        if (Pid is null || CreatedAt is null)
        {
            // OpenClaw 2026.4.29: a lock missing its pid or time is judged by mtime, against min(staleMs, 5 s).
            var limit = staleAfter < UnreadableStaleAfter ? staleAfter : UnreadableStaleAfter;
            return now - new DateTimeOffset(LastWriteTimeUtc, TimeSpan.Zero) > limit;
        }

        return false;
    }
}
