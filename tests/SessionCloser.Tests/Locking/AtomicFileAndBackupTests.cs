using AwesomeAssertions;
using SessionCloser.FileSystem;
using SessionCloser.Tests.Paths;
using SessionCloser.Transactions;

namespace SessionCloser.Tests.Locking;

public sealed class AtomicFileAndBackupTests : IDisposable
{
    private readonly TempSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Replace_writes_mode_0600_and_leaves_no_temp_file()
    {
        var path = _sandbox.File("s/sessions.json", "old");

        AtomicFile.Replace(path, "new"u8);

        File.ReadAllText(path).Should().Be("new");
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle();
    }

    [Fact]
    public void A_failed_verification_keeps_the_old_file_and_removes_the_temp_file()
    {
        var path = _sandbox.File("s/sessions.json", "old");

        var act = () => AtomicFile.Replace(path, "new"u8, verify: _ => throw new InvalidOperationException("bad"));

        act.Should().Throw<InvalidOperationException>();
        File.ReadAllText(path).Should().Be("old");
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle();
    }

    [Fact]
    public void Backups_are_byte_identical_0600_and_pruned_to_the_newest()
    {
        var store = _sandbox.File("s/sessions.json", "{}");
        var start = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
        {
            StoreBackups.Create(store, "{\"n\":1}"u8, start.AddSeconds(i));
        }

        var backups = StoreBackups.List(store);
        backups.Should().HaveCount(12);
        Path.GetFileName(backups[0]).Should().Be("sessions.json.bak-2026-11-23T10-00-00.000Z");
        File.ReadAllText(backups[0]).Should().Be("{\"n\":1}");
        File.GetUnixFileMode(backups[0]).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var pruned = StoreBackups.Prune(store, keep: 10, justWritten: null);

        pruned.Select(Path.GetFileName).Should().Equal("sessions.json.bak-2026-11-23T10-00-00.000Z", "sessions.json.bak-2026-11-23T10-00-01.000Z");
        StoreBackups.List(store).Should().HaveCount(10);
    }

    [Fact]
    public void Two_backups_in_one_millisecond_do_not_overwrite_each_other()
    {
        var store = _sandbox.File("s/sessions.json", "{}");
        var when = DateTimeOffset.UtcNow;

        var first = StoreBackups.Create(store, "a"u8, when);
        var second = StoreBackups.Create(store, "b"u8, when);

        second.Should().NotBe(first);
        File.ReadAllText(first).Should().Be("a");
        File.ReadAllText(second).Should().Be("b");
    }
}
