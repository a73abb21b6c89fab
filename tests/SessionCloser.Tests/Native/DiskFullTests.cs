using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.FileSystem;

namespace SessionCloser.Tests.Native;

/// <summary>Which failures are a full disk, and what they say. The real thing runs in EndToEnd's DiskFullTests on a small tmpfs.</summary>
public class DiskFullTests
{
    [Fact]
    public void Enospc_and_edquot_are_a_full_disk_and_say_so_naming_the_file()
    {
        var errno = Errno.Current!;

        var noSpace = DiskFull.Error("/s/sessions.json", new IOException("No space left on device : '/s/x.tmp'", errno.ENoSpc));
        var quota = DiskFull.Error("/s/sessions.json", new IOException("Disk quota exceeded", errno.EDQuot));

        (noSpace.ExitCode, noSpace.Message).Should().Be((ExitCode.StoreError, "disk is full: could not write /s/sessions.json (no space left on device); nothing was changed"));
        (quota.ExitCode, quota.Message).Should().Be((ExitCode.StoreError, "disk is full: could not write /s/sessions.json (disk quota exceeded); nothing was changed"));
    }

    [Fact]
    public void A_failed_preallocation_is_a_full_disk_but_other_io_errors_are_not()
    {
        DiskFull.Is(new IOException("Failed to create '/s/x.tmp' with allocation size '4096' because the disk was full.")).Should().BeTrue();
        DiskFull.Is(new IOException("Input/output error", 5)).Should().BeFalse();
        DiskFull.Is(new IOException("Read-only file system", 30)).Should().BeFalse();
        DiskFull.Is(new UnauthorizedAccessException("No space left on device")).Should().BeFalse();
    }

    [Fact]
    public void Guard_turns_only_a_full_disk_into_the_documented_error()
    {
        var full = () => DiskFull.Guard("/s/f", () => throw new IOException("No space left on device", Errno.Current!.ENoSpc));
        var other = () => DiskFull.Guard("/s/f", () => throw new IOException("Input/output error", 5));

        full.Should().Throw<SessionCloserException>().WithMessage("disk is full: could not write /s/f (no space left on device); nothing was changed");
        other.Should().Throw<IOException>().WithMessage("Input/output error");
    }
}
