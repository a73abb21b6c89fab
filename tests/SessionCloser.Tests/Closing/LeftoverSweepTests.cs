using System.Diagnostics;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.Transactions;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// Issue 10, defect 4: what a killed run leaves (temp files of the store, the journal and a backup) is removed by
/// the next close when its process is gone and the file is older than OpenClaw's 5 minutes; nothing else is touched.
/// </summary>
public sealed class LeftoverSweepTests : IDisposable
{
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string Uuid = "0f0e0d0c-0b0a-4908-8706-050403020100";

    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }

    private string Leftover(string name, string content, TimeSpan age)
    {
        var path = _state.WriteFile(name, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    private void Seed() => _state.Session("agent:project-lead:acme", A).Session("agent:project-lead:beta", "bbbbbbbb-0000-4000-8000-000000000002").Save();

    [Fact]
    public void Temp_files_of_a_dead_run_are_removed_and_reported_and_a_live_or_recent_writers_are_left()
    {
        Seed();
        var dead = DeadPid();
        var old = TimeSpan.FromMinutes(10);
        var store = _state.StoreText;
        string[] removed =
        [
            Leftover($"sessions.json.{dead}.{Uuid}.tmp", store, old),
            Leftover($"sessions.json.session-closer-journal.{dead}.{Uuid}.tmp", "{\"version\":1", old),
            Leftover($"sessions.json.bak-2026-11-23T10-00-00.000Z.{dead}.{Uuid}.tmp", store[..10], old),
            Leftover($"sessions.json.bak-2026-11-23T10-00-00.000Z-3.{dead}.{Uuid}.tmp", "", old),
        ];
        string[] kept =
        [
            Leftover($"sessions.json.{Environment.ProcessId}.{Uuid}.tmp", store, old), // a live process
            Leftover($"sessions.json.1.{Uuid}.tmp", store, old), // a live process (init)
            Leftover($"sessions.json.{dead}.{Uuid.Replace('0', '1')}.tmp", store, TimeSpan.FromMinutes(1)), // too recent: maybe a writer in another pid namespace
            Leftover($"sessions.json.{dead}.{Uuid.ToUpperInvariant()}.tmp", store, old), // not a name session-closer writes
            Leftover($"sessions.json.{Uuid}.tmp", store, old), // OpenClaw's pid-less name: OpenClaw's sweep, not ours
            Leftover($"sessions.json.other.{dead}.{Uuid}.tmp", store, old),
            Leftover($"sessions.json.bak-batch-20260101-120000.{dead}.{Uuid}.tmp", store, old),
            Leftover($"other.json.{dead}.{Uuid}.tmp", store, old),
            Leftover($"sessions.json.{dead}.{Uuid}.tmp.keep", store, old),
        ];
        var target = Leftover("target-of-link", store, old);
        var link = Path.Join(_state.SessionsDir, $"sessions.json.{dead}.{Uuid.Replace('0', '2')}.tmp");
        File.CreateSymbolicLink(link, target);

        var report = _state.Close("acme");

        report.Outcomes.Single().Status.Should().Be(OutcomeStatus.Closed);
        removed.Should().OnlyContain(path => !File.Exists(path));
        kept.Should().OnlyContain(path => File.Exists(path));
        File.Exists(link).Should().BeTrue();
        File.Exists(target).Should().BeTrue();
        report.Warnings.Should().HaveCount(removed.Length);
        foreach (var path in removed)
        {
            report.Warnings.Should().ContainSingle(w => w.StartsWith($"removed {path} (a temp file of process {dead}, which is gone", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_temp_names_our_writers_use_are_the_ones_the_sweep_recognises()
    {
        Seed();
        var dead = DeadPid();
        var now = DateTimeOffset.UtcNow.AddMinutes(10);
        string[] targets = [_state.StorePath, CloseJournal.PathFor(_state.StorePath), StoreBackups.PathFor(_state.StorePath, now), StoreBackups.PathFor(_state.StorePath, now) + "-2", _state.StorePath + ".lock"];
        foreach (var target in targets)
        {
            var mine = new FileInfo(_state.WriteFile(Path.GetFileName(AtomicFile.TempPathFor(target))));
            var theirs = new FileInfo(_state.WriteFile(mine.Name.Replace($".{Environment.ProcessId}.", $".{dead}.", StringComparison.Ordinal)));

            LeftoverSweep.Reason(mine, "sessions.json", now).Should().BeNull("{0} belongs to this live process", mine.Name);
            LeftoverSweep.Reason(theirs, "sessions.json", now).Should().NotBeNull("{0} is a dead process's temp file", theirs.Name);
        }
    }

    [Fact]
    public void A_dry_run_removes_nothing()
    {
        Seed();
        var leftover = Leftover($"sessions.json.{DeadPid()}.{Uuid}.tmp", _state.StoreText, TimeSpan.FromMinutes(10));

        var report = _state.Run(CloseMode.Close, ["acme"], r => r with { DryRun = true });

        File.Exists(leftover).Should().BeTrue();
        report.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Leftovers_go_even_when_nothing_is_closed()
    {
        Seed();
        var leftover = Leftover($"sessions.json.session-closer-journal.{DeadPid()}.{Uuid}.tmp", "{", TimeSpan.FromMinutes(10));

        var report = _state.Close("no-such-project");

        report.ExitCode.Should().Be(ExitCode.NotFound);
        File.Exists(leftover).Should().BeFalse();
        report.Warnings.Should().ContainSingle().Which.Should().StartWith($"removed {leftover}");
    }

    [Fact]
    public void Nothing_is_swept_while_the_store_does_not_parse_as_the_temp_file_may_be_its_last_good_copy()
    {
        Seed();
        var leftover = Leftover($"sessions.json.{DeadPid()}.{Uuid}.tmp", _state.StoreText, TimeSpan.FromMinutes(10));
        File.WriteAllText(_state.StorePath, "{\"agent:project-lead:acme\": {");

        var act = () => _state.Close("acme");

        act.Should().Throw<SessionCloserException>();
        File.Exists(leftover).Should().BeTrue();
    }
}
