using System.Runtime.InteropServices;

namespace SessionCloser.Native;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a directory (so a rename is durable), a rename that never
/// replaces its target, and a liveness probe for a pid (to judge lock owners the way OpenClaw does).
/// </summary>
internal static partial class Libc
{
    private const int ORdOnly = 0;
    private const int ESrch = 3;
    private const int EPerm = 1;
    private const int EExist = 17;
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;

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

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/> only if <paramref name="to"/> does not exist, atomically:
    /// Linux <c>renameat2(RENAME_NOREPLACE)</c>, else <c>link</c> + <c>unlink</c> (git's way). .NET's
    /// <c>File.Move(overwrite: false)</c> checks and then renames, so two racing movers can both "win" and one of
    /// them replace the other's file (seen with concurrent first uses of the device key file).
    /// </summary>
    /// <returns>False when <paramref name="to"/> already exists (nothing was moved).</returns>
    /// <exception cref="IOException">Any other failure.</exception>
    public static bool TryMoveWithoutReplacing(string from, string to)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return MoveWithDotNet(from, to);
        }

        if (OperatingSystem.IsLinux())
        {
            if (renameat2(AtFdCwd, from, AtFdCwd, to, RenameNoReplace) == 0)
            {
                return true;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == EExist)
            {
                return false;
            }

            if (error is not (22 or 38 or 95)) // EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot; try link
            {
                throw Failure("rename", from, to, error);
            }
        }

        if (link(from, to) == 0)
        {
            _ = unlink(from);
            return true;
        }

        var linkError = Marshal.GetLastPInvokeError();
        return linkError == EExist ? false
            : linkError is 1 or 18 or 95 ? MoveWithDotNet(from, to) // EPERM, EXDEV, EOPNOTSUPP: no hard links here
            : throw Failure("link", from, to, linkError);
    }

    private static bool MoveWithDotNet(string from, string to)
    {
        if (File.Exists(to) || Directory.Exists(to))
        {
            return false;
        }

        File.Move(from, to, overwrite: false);
        return true;
    }

    private static IOException Failure(string call, string from, string to, int errno) =>
        new($"{call} {from} -> {to} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int renameat2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int unlink(string path);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
