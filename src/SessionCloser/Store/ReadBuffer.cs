using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SessionCloser.Store;

/// <summary>
/// The array a store is read into. A large one is pinned and, on Linux, advised to be backed by transparent huge
/// pages before anything touches it: its 100+ MB are then faulted in 2 MB at a time rather than 4 KB at a time, and
/// on a virtual machine each first touch of a 4 KB page (by the kernel's copy, then by the UTF-8 check) can cost
/// microseconds (measured on the benchmark's VM: reading and checking the 114 MB store took 0.83 s of CPU with 4 KB
/// pages, 0.33 s with 2 MB ones). The advice changes nothing else: the bytes, the array and its lifetime are as before;
/// where huge pages are off or unsupported it is ignored.
/// </summary>
internal static partial class ReadBuffer
{
    private const int Large = 8 << 20;
    private const nuint HugePage = 2 << 20;
    private const int MadvHugePage = 14; // MADV_HUGEPAGE, Linux

    /// <summary>An array of <paramref name="length"/> bytes, not zeroed (every byte used is one read from the file).</summary>
    public static byte[] Allocate(int length)
    {
        if (length < Large || !OperatingSystem.IsLinux())
        {
            return GC.AllocateUninitializedArray<byte>(length);
        }

        // Pinned: the advice is for an address range, which the array must keep.
        var bytes = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        AdviseHugePages(bytes);
        return bytes;
    }

    private static unsafe void AdviseHugePages(byte[] pinned)
    {
        var start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        var first = (start + HugePage - 1) & ~(HugePage - 1);
        var end = (start + (nuint)pinned.Length) & ~(HugePage - 1);
        if (end > first)
        {
            // Advisory: a failure (an old kernel, huge pages off) leaves 4 KB pages, as without it.
            _ = madvise((nint)first, end - first, MadvHugePage);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int madvise(nint address, nuint length, int advice);
}
