using AwesomeAssertions;
using SessionCloser.FileSystem;
using SessionCloser.Store;
using SessionCloser.Transactions;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// A close's backup is a second name (hard link) for the store it read, not a copy: zero bytes written, and the
/// rename of the new store leaves the old file to the backup alone. Where that would be less safe than a copy (the
/// store has another name, another mode, or changed since it was read) the backup is a copy, as before.
/// </summary>
public sealed class LinkedBackupTests : IDisposable
{
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string B = "bbbbbbbb-0000-4000-8000-000000000002";
    private static readonly DateTimeOffset When = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly ClosingState _state = new();

    public LinkedBackupTests() => _state.Session("agent:project-lead:acme", A).Session("agent:project-lead:beta", B).Save();

    public void Dispose() => _state.Dispose();

    private static int Names(string path)
    {
        using var file = File.OpenHandle(path);
        return HardLink.NameCount(file) ?? throw new InvalidOperationException("statx is missing");
    }

    private string LinkedBackupOfTheStore()
    {
        var snapshot = StoreReader.ReadFileHeld(_state.StorePath, out var held);
        using (held)
        {
            return StoreBackups.CreateLinked(_state.StorePath, held!, snapshot.Bytes.Span, snapshot.LastWriteTimeUtc, When);
        }
    }

    [Fact]
    public void The_backup_is_the_store_read_and_keeps_its_bytes_once_the_store_is_replaced()
    {
        var original = File.ReadAllBytes(_state.StorePath);

        var backup = LinkedBackupOfTheStore();

        Names(backup).Should().Be(2, "the backup is the store's own file under a second name, not a copy");
        AtomicFile.Replace(_state.StorePath, "{}"u8);
        Names(backup).Should().Be(1);
        File.ReadAllBytes(backup).Should().Equal(original);
        File.GetUnixFileMode(backup).Should().Be(AtomicFile.OwnerReadWrite);
        StoreBackups.List(_state.StorePath).Should().Equal(backup);
    }

    [Fact]
    public void A_close_backs_up_by_link_and_later_closes_leave_that_backup_as_it_was()
    {
        var original = File.ReadAllBytes(_state.StorePath);

        var first = _state.Close("acme");
        var second = _state.Close("beta");

        first.BackupPath.Should().NotBe(second.BackupPath);
        File.ReadAllBytes(first.BackupPath!).Should().Equal(original);
        Names(first.BackupPath!).Should().Be(1);
        StoreReader.ReadFile(second.BackupPath!).Entries.Select(e => e.Key).Should().Equal("agent:project-lead:beta");
        _state.StoreText.Should().Be("{}");
    }

    [Fact]
    public void A_store_with_another_mode_is_copied_so_the_backup_is_0600()
    {
        File.SetUnixFileMode(_state.StorePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var backup = LinkedBackupOfTheStore();

        Names(backup).Should().Be(1);
        File.GetUnixFileMode(backup).Should().Be(AtomicFile.OwnerReadWrite);
        File.ReadAllBytes(backup).Should().Equal(File.ReadAllBytes(_state.StorePath));
    }

    [Fact]
    public void A_store_with_a_second_name_is_copied_since_a_write_through_that_name_would_change_a_link()
    {
        var other = Path.Join(_state.Root, "elsewhere.json");
        using (var store = File.OpenHandle(_state.StorePath))
        {
            HardLink.TryLink(store, other).Should().BeTrue();
        }

        var backup = LinkedBackupOfTheStore();

        Names(backup).Should().Be(1);
        Names(_state.StorePath).Should().Be(2);
        File.ReadAllBytes(backup).Should().Equal(File.ReadAllBytes(_state.StorePath));
    }

    [Fact]
    public void A_store_written_in_place_since_it_was_read_gets_a_copy_of_the_bytes_read()
    {
        var snapshot = StoreReader.ReadFileHeld(_state.StorePath, out var held);
        using (held)
        {
            File.AppendAllText(_state.StorePath, " ");

            var backup = StoreBackups.CreateLinked(_state.StorePath, held!, snapshot.Bytes.Span, snapshot.LastWriteTimeUtc, When);

            Names(backup).Should().Be(1);
            File.ReadAllBytes(backup).Should().Equal(snapshot.Bytes.ToArray());
        }
    }

    [Fact]
    public void A_taken_name_is_never_replaced()
    {
        var taken = _state.WriteFile(Path.GetFileName(StoreBackups.PathFor(_state.StorePath, When)), "earlier");

        var backup = LinkedBackupOfTheStore();

        backup.Should().Be(taken + "-1");
        File.ReadAllText(taken).Should().Be("earlier");
        Names(backup).Should().Be(2);
    }

    [Fact]
    public void A_link_left_by_a_run_killed_before_the_rename_stays_the_old_store_after_the_next_close()
    {
        // A kill between the backup and the rename leaves the store with two names; the next run copies (two names),
        // replaces the store by rename, and the left-over backup still holds the store as it was.
        var original = File.ReadAllBytes(_state.StorePath);
        var leftover = LinkedBackupOfTheStore();

        var report = _state.Close("acme");

        Names(report.BackupPath!).Should().Be(1);
        File.ReadAllBytes(report.BackupPath!).Should().Equal(original);
        File.ReadAllBytes(leftover).Should().Equal(original);
        Names(leftover).Should().Be(1);
        StoreReader.ReadFile(_state.StorePath).Entries.Select(e => e.Key).Should().Equal("agent:project-lead:beta");
    }
}
