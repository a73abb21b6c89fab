using SessionCloser.Errors;

namespace SessionCloser.FileSystem;

/// <summary>
/// A write that failed for want of space (ENOSPC) or quota (EDQUOT) anywhere: a temp file, a backup, the journal,
/// the lock, a rename that needed a directory block. Said as such, exit 5, naming the file, instead of a bare I/O
/// error; the caller has already removed what it created.
/// </summary>
internal static class DiskFull
{
    // .NET's FileStream preallocation (fallocate) failing with ENOSPC throws a plain IOException with this text
    // (or its resource key, where resources are stripped); every other failure carries the errno as HResult.
    private const string PreallocationMessage = "because the disk was full";
    private const string PreallocationResourceKey = "IO_DiskFull_Path_AllocationSize";

    private const int WindowsDiskFull = unchecked((int)0x80070070); // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

    public static bool Is(Exception exception) => exception is IOException e && (IsQuota(e) || IsNoSpace(e));

    /// <summary>The documented message: <c>disk is full: could not write &lt;path&gt; (no space left on device); nothing was changed</c>.</summary>
    public static SessionCloserException Error(string path, IOException cause) => new(
        ExitCode.StoreError,
        $"disk is full: could not write {path} ({(IsQuota(cause) ? "disk quota exceeded" : "no space left on device")}); nothing was changed",
        cause);

    /// <summary>Runs <paramref name="write"/>; a disk-full failure becomes <see cref="Error"/> naming <paramref name="path"/>.</summary>
    public static void Guard(string path, Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            write();
        }
        catch (IOException e) when (Is(e))
        {
            throw Error(path, e);
        }
    }

    private static bool IsNoSpace(IOException e) =>
        (Errno.Current is { } errno ? e.HResult == errno.ENoSpc : e.HResult is WindowsDiskFull or WindowsHandleDiskFull)
        || e.Message.Contains(PreallocationMessage, StringComparison.Ordinal)
        || e.Message.Contains(PreallocationResourceKey, StringComparison.Ordinal);

    private static bool IsQuota(IOException e) => Errno.Current is { } errno && e.HResult == errno.EDQuot;
}
