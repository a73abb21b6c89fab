using System.Runtime.InteropServices;

namespace SessionCloser.Native;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a directory (so a rename is durable),
/// and a liveness probe for a pid (to judge lock owners the way OpenClaw does).
/// </summary>
internal static partial class Libc
{
    private const int ORdOnly = 0;
    private const int ESrch = 3;
    private const int EPerm = 1;

    /// <summary>Flushes a directory's entries (after a rename or create) to disk. Best effort, as in OpenClaw.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = open(directory, ORdOnly);
        if (fd < 0)
        {
            return;
        }

        _ = fsync(fd);
        _ = close(fd);
    }

    /// <summary>Like <c>process.kill(pid, 0)</c>: true when the process exists (even if owned by someone else).</summary>
    public static bool ProcessExists(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (kill(pid, 0) == 0)
        {
            return true;
        }

        return Marshal.GetLastPInvokeError() == EPerm;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
