using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.FileSystem;
using SessionCloser.Transactions;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// Issue 10, defect 1: retention counts and deletes only session-closer's own <c>sessions.json.bak-&lt;stamp&gt;[-N]</c>
/// backups, by the time in their name, and never the backup the run just wrote.
/// </summary>
public sealed class BackupRetentionTests : IDisposable
{
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string B = "bbbbbbbb-0000-4000-8000-000000000002";

    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    /// <summary>The twelve copies the original scripts left (they never pruned), each with its own content.</summary>
    private Dictionary<string, string> SeedOriginalScriptBackups()
    {
        var originals = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            foreach (var name in new[] { $"sessions.json.bak-batch-2026010{i + 1}-120000", $"sessions.json.bak-keep-only-2026020{i + 1}-080000", $"sessions.json.bak-close-2026-03-0{i + 1}T10:00:00Z" })
            {
                originals[name] = $"{{\"original\":\"{name}\"}}";
                _state.WriteFile(name, originals[name]);
            }
        }

        return originals;
    }

    private void Seed()
    {
        _state.Session("agent:project-lead:acme", A).Session("agent:project-lead:beta", B).Save();
    }

    private void ShouldBeUntouched(Dictionary<string, string> files)
    {
        foreach (var (name, content) in files)
        {
            File.ReadAllText(Path.Join(_state.SessionsDir, name)).Should().Be(content, $"{name} is not session-closer's backup");
        }
    }

    [Fact]
    public void Twelve_original_script_backups_neither_count_nor_get_deleted_and_the_new_backup_stays()
    {
        Seed();
        var originals = SeedOriginalScriptBackups();
        var before = _state.StoreText;

        var report = _state.Close("acme");

        report.PrunedBackups.Should().BeEmpty();
        File.ReadAllText(report.BackupPath!).Should().Be(before);
        StoreBackups.List(_state.StorePath).Should().Equal(report.BackupPath);
        ShouldBeUntouched(originals);
    }

    [Fact]
    public void Only_the_oldest_own_backups_beyond_N_go_ordered_by_stamp_then_sequence_not_by_name()
    {
        Seed();
        var originals = SeedOriginalScriptBackups();
        var notOurs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sessions.json.bak.1700000000000"] = "openclaw rotation",
            ["sessions.json.bak-2020-13-01T00-00-00.000Z"] = "no such month",
            ["sessions.json.bak-2020-01-01T00-00-00.000Z.old"] = "renamed by the user",
            ["sessions.json.bak-2020-01-01T00-00-00Z"] = "no milliseconds",
        };
        foreach (var (name, content) in notOurs)
        {
            _state.WriteFile(name, content);
        }

        // By name "-10" sorts before "-2"; by time and sequence it is the newest. Modification times run backwards.
        string[] own = ["sessions.json.bak-2020-05-01T00-00-00.000Z-10", "sessions.json.bak-2020-05-01T00-00-00.000Z-2", "sessions.json.bak-2020-05-01T00-00-00.000Z", "sessions.json.bak-2019-12-31T23-59-59.999Z"];
        for (var i = 0; i < own.Length; i++)
        {
            File.SetLastWriteTimeUtc(_state.WriteFile(own[i], "{}"), DateTime.UtcNow.AddDays(-i));
        }

        var report = _state.Run(CloseMode.Close, ["acme"], r => r with { KeepBackups = 2 });

        report.PrunedBackups.Select(Path.GetFileName).Should().Equal(own[3], own[2], own[1]);
        StoreBackups.List(_state.StorePath).Select(Path.GetFileName).Should().Equal(own[0], Path.GetFileName(report.BackupPath));
        ShouldBeUntouched(originals);
        ShouldBeUntouched(notOurs);
    }

    [Fact]
    public void The_backup_just_written_survives_even_when_older_backups_carry_later_stamps()
    {
        Seed();
        var future = Enumerable.Range(0, 10).Select(i => _state.WriteFile($"sessions.json.bak-2099-01-01T00-00-0{i}.000Z", "{}")).ToList();

        var report = _state.Close("acme");

        File.Exists(report.BackupPath).Should().BeTrue();
        report.PrunedBackups.Should().Equal(future[0]);
        StoreBackups.List(_state.StorePath).Should().HaveCount(10).And.Contain(report.BackupPath!).And.NotContain(future[0]);
    }

    [Fact]
    public void An_empty_backup_left_by_a_kill_never_counts_and_the_next_run_removes_it()
    {
        Seed();
        var real = _state.WriteFile("sessions.json.bak-2020-01-01T00-00-00.000Z", "{}");
        var empty = _state.WriteFile("sessions.json.bak-2099-01-01T00-00-00.000Z", "");
        StoreBackups.List(_state.StorePath).Should().Equal(real);

        var report = _state.Run(CloseMode.Close, ["acme"], r => r with { KeepBackups = 2 });

        report.PrunedBackups.Should().BeEmpty();
        File.Exists(real).Should().BeTrue();
        File.Exists(empty).Should().BeFalse();
        report.Warnings.Should().ContainSingle().Which.Should().Contain(empty).And.Contain("empty backup");
    }

    [Fact]
    public void A_backup_is_created_through_a_temp_file_and_never_replaces_an_existing_one()
    {
        Seed();
        var when = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var taken = _state.WriteFile(Path.GetFileName(StoreBackups.PathFor(_state.StorePath, when)), "earlier");

        var path = StoreBackups.Create(_state.StorePath, "now"u8, when);

        path.Should().Be(taken + "-1");
        File.ReadAllText(taken).Should().Be("earlier");
        File.ReadAllText(path).Should().Be("now");
        File.GetUnixFileMode(path).Should().Be(AtomicFile.OwnerReadWrite);
        _state.FileNames.Should().NotContain(name => name.EndsWith(".tmp", StringComparison.Ordinal));
        AtomicFile.TryCreate(taken, "again"u8).Should().BeFalse();
        File.ReadAllText(taken).Should().Be("earlier");
        _state.FileNames.Should().NotContain(name => name.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
