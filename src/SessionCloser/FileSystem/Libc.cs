using System.Runtime.InteropServices;

namespace SessionCloser.FileSystem;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a directory (so a rename is durable), a rename that never
/// replaces its target, and a liveness probe for a pid (to judge lock owners the way OpenClaw does).
/// </summary>
internal static partial class Libc
{
    // open(2) flags: O_RDONLY is 0 everywhere, O_CLOEXEC is not (02000000 on Linux x86-64 and arm64 alike).
    private const int ORdOnly = 0;
    private const int OCloExecLinux = 0x80000;
    private const int OCloExecMacOS = 0x1000000;

    // renameat2 is Linux only, and so are these (macOS's AT_FDCWD is -2).
    private const int LinuxAtFdCwd = -100;
    private const uint LinuxRenameNoReplace = 1;

    /// <summary>Flushes a directory's entries (after a rename or create) to disk. Best effort, as in OpenClaw.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        // Without O_CLOEXEC a process another thread starts meanwhile would inherit the descriptor.
        var fd = open(directory, ORdOnly | (OperatingSystem.IsMacOS() ? OCloExecMacOS : OCloExecLinux));
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

        return Marshal.GetLastPInvokeError() == Errno.Current?.EPerm;
    }

    // Signal numbers are the same on Linux and macOS for these four.
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Ends this process at once with SIGKILL: no finally blocks, no flushing, as a power cut or the OOM killer would.</summary>
    public static void KillSelf()
    {
        _ = kill(Environment.ProcessId, SigKill);
        Environment.FailFast("SIGKILL was not delivered");
    }

    /// <summary>Sends <paramref name="signal"/> to this process, as a user's Ctrl+C or a service manager's stop would.</summary>
    public static void SignalSelf(int signal)
    {
        if (kill(Environment.ProcessId, signal) != 0)
        {
            Environment.FailFast($"signal {signal} was not delivered");
        }
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
        if (Errno.Current is not { } errno)
        {
            return MoveWithDotNet(from, to);
        }

        return OperatingSystem.IsLinux() && TryRenameNoReplace(from, to, errno) is { } renamed
            ? renamed
            : MoveByLink(from, to, errno);
    }

    /// <summary>
    /// link + unlink, the no-replace move where renameat2 is missing (macOS) or refused; a plain move where the file
    /// system has no hard links. Internal so that tests on Linux run the path macOS takes.
    /// </summary>
    internal static bool MoveByLink(string from, string to, Errno errno)
    {
        if (link(from, to) == 0)
        {
            _ = unlink(from);
            return true;
        }

        var linkError = Marshal.GetLastPInvokeError();
        return linkError == errno.EExist ? false
            : errno.HardLinksUnsupported(linkError) ? MoveWithDotNet(from, to)
            : throw Failure("link", from, to, linkError);
    }

    /// <summary>renameat2(RENAME_NOREPLACE): the outcome, or null when this system cannot (then try <c>link</c>).</summary>
    private static bool? TryRenameNoReplace(string from, string to, Errno errno)
    {
        try
        {
            if (renameat2(LinuxAtFdCwd, from, LinuxAtFdCwd, to, LinuxRenameNoReplace) == 0)
            {
                return true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without the wrapper (glibc before 2.28)
        }

        var error = Marshal.GetLastPInvokeError();
        return error == errno.EExist ? false
            : errno.NoReplaceRenameUnsupported(error) ? null
            : throw Failure("rename", from, to, error);
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

    // open is variadic, but its mode argument is only read with O_CREAT: two fixed arguments are right on every ABI.
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
