using System.Runtime.InteropServices;
using AwesomeAssertions;
using SessionCloser.FileSystem;

namespace SessionCloser.Tests.Native;

/// <summary>
/// errno numbers differ between Linux and macOS: a failure that means "this file system cannot, try another way" on
/// one is an unrelated error on the other (95 is EOPNOTSUPP on Linux, EMULTIHOP on macOS).
/// </summary>
public sealed class ErrnoTests
{
    public static TheoryData<string, int, bool, bool> Classifications => new()
    {
        // platform, errno, renameat2 cannot (try link), link cannot (plain move)
        { "linux", 95, true, true }, // EOPNOTSUPP
        { "linux", 38, true, false }, // ENOSYS
        { "linux", 22, true, false }, // EINVAL
        { "linux", 1, false, true }, // EPERM
        { "linux", 18, false, true }, // EXDEV
        { "linux", 102, false, false }, // ENETRESET, not macOS's EOPNOTSUPP
        { "linux", 78, false, false }, // EREMCHG, not macOS's ENOSYS
        { "linux", 45, false, false }, // EL2NSYNC, not macOS's ENOTSUP
        { "linux", 17, false, false }, // EEXIST: the target is there, not a missing feature
        { "linux", 2, false, false }, // ENOENT
        { "linux", 13, false, false }, // EACCES
        { "macos", 102, true, true }, // EOPNOTSUPP
        { "macos", 45, true, true }, // ENOTSUP
        { "macos", 78, true, false }, // ENOSYS
        { "macos", 22, true, false }, // EINVAL
        { "macos", 1, false, true }, // EPERM
        { "macos", 18, false, true }, // EXDEV
        { "macos", 95, false, false }, // EMULTIHOP, not Linux's EOPNOTSUPP
        { "macos", 38, false, false }, // ENOTSOCK, not Linux's ENOSYS
        { "macos", 17, false, false }, // EEXIST
        { "macos", 2, false, false }, // ENOENT
        { "macos", 13, false, false }, // EACCES
    };

    [Theory]
    [MemberData(nameof(Classifications))]
    public void Each_platform_reads_its_own_numbers(string platform, int errno, bool renameUnsupported, bool linkUnsupported)
    {
        var table = platform == "macos" ? Errno.MacOS : Errno.Linux;

        table.NoReplaceRenameUnsupported(errno).Should().Be(renameUnsupported);
        table.HardLinksUnsupported(errno).Should().Be(linkUnsupported);
    }

    [Fact]
    public void The_running_system_uses_its_table_and_the_C_library_agrees_with_it()
    {
        var errno = Errno.Current!;
        errno.Should().Be(OperatingSystem.IsMacOS() ? Errno.MacOS : Errno.Linux);

        // strerror of each number names the condition the table says it is (glibc, musl and macOS word some apart).
        Message(errno.EPerm).Should().Be("Operation not permitted");
        Message(errno.EExist).Should().Be("File exists");
        Message(errno.EXDev).Should().Match("*ross-device link");
        Message(errno.EInval).Should().Be("Invalid argument");
        Message(errno.ENoSys).Should().Be("Function not implemented");
        Message(errno.EOpNotSupp).Should().Match("*ot supported*");
        Message(errno.ENotSup).Should().Match("*ot supported");
    }

    private static string Message(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
