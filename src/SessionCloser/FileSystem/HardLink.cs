using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SessionCloser.FileSystem;

/// <summary>
/// A second name for the very file an open handle reads (Linux <c>linkat</c> through <c>/proc/self/fd</c>), and the
/// number of names a file has: what a zero-copy backup of a store that is about to be replaced by rename needs.
/// </summary>
internal static partial class HardLink
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkFollow = 0x400;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxNlink = 0x4;
    private const int StatxSize = 256;

    /// <summary>How many names the open file has; null when this system cannot tell (not Linux, no statx).</summary>
    public static unsafe int? NameCount(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = stackalloc byte[StatxSize];
        try
        {
            if (statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxNlink, buffer) != 0 || (*(uint*)buffer & StatxNlink) == 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // glibc before 2.28
        }

        return (int)*(uint*)(buffer + 16); // struct statx: stx_mask, stx_blksize, stx_attributes, then stx_nlink
    }

    /// <summary>
    /// Gives the file open as <paramref name="handle"/> the new name <paramref name="path"/>, which must not exist.
    /// True when linked; false when <paramref name="path"/> exists; null when this system or file system cannot
    /// (not Linux, no <c>/proc</c>, no hard links there, not permitted): then make a copy instead.
    /// </summary>
    public static bool? TryLink(SafeFileHandle handle, string path)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var source = "/proc/self/fd/" + handle.DangerousGetHandle().ToInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (linkat(AtFdCwd, source, AtFdCwd, path, AtSymlinkFollow) == 0)
        {
            return true;
        }

        const int EExist = 17;
        return Marshal.GetLastPInvokeError() == EExist ? false : null;
    }

    [LibraryImport("libc", EntryPoint = "linkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int linkat(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
