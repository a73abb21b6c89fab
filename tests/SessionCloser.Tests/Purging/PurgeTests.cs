using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Config;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Purging;
using SessionCloser.Tests.Closing;
using SessionCloser.Tests.Database;
using SessionCloser.Tests.Undo;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Purging;

/// <summary>
/// purge-archives on the files: which archives and backups go, every rule that keeps one (referenced, newer, needed
/// by a restore, a symlink, someone's own copy), --force and the marks it leaves in the log, restore refusing after
/// it, files vanishing mid-run, and a killed purge finished by the next.
/// </summary>
public sealed class PurgeTests : IDisposable
{
    private const string Old = "2026-01-02T03-04-05.678Z";
    private const string Fresh = "2026-03-30T00-00-00.000Z";

    /// <summary>"Now" for the purge: Old is ~88 days before, Fresh 2 days.</summary>
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    private PurgeTarget Target(StorageEra era = StorageEra.JsonFile, string? database = null) =>
        new(_state.AgentId, [_state.AgentId], _state.StorePath, era, database);

    private FilePurger Purger(string olderThan = "30d", bool force = false, DateTimeOffset? now = null)
    {
        var at = now ?? Now;
        var rules = new PurgeRules(at, OpenClawDuration.ParseMs(olderThan)!.Value, force);
        return new FilePurger(new Clock(at), UndoState.Logging(_state.Root), rules, t => PurgeScan.Candidates(t, at)) { LockTimeout = TimeSpan.FromSeconds(5) };
    }

    private PurgeStoreResult Purge(string olderThan = "30d", bool force = false, PurgeTarget? target = null)
    {
        var purger = Purger(olderThan, force);
        var t = target ?? Target();
        return purger.Run(t, purger.Plan(t), CancellationToken.None);
    }

    private static PurgeFile Named(IEnumerable<PurgeFile> files, string name) => files.Single(f => f.Name == name);

    [Fact]
    public void Every_kind_of_old_archive_and_backup_goes_and_nothing_else_is_touched()
    {
        _state.Session("agent:project-lead:live", "sid-live").Save();
        string[] doomed =
        [
            $"sid-gone.jsonl.deleted.{Old}",
            $"sid-reset.jsonl.reset.{Old}",
            $"sid-bak.jsonl.bak.{Old}",
            $"sid-zst.jsonl.deleted.{Old}.0123456789abcdef0123456789abcdef.zst",
            $"sessions.json.bak-{Old}",
            "sessions.json.bak-batch-20260101-120000",
            "sessions.json.bak-keep-only-20260102-080000",
            "sessions.json.bak-close-2026-01-03T10:00:00Z",
            "sessions.json.bak.1767225600000",
        ];
        foreach (var name in doomed)
        {
            _state.WriteFile(name, new string('x', 100));
        }

        string[] others = ["sid-orphan.jsonl", "sid-live.jsonl.lock", "notes.txt", "sessions.json.lock.bak"];
        foreach (var name in others)
        {
            _state.WriteFile(name);
        }

        _state.WriteFile($"cold/sid-cold.jsonl.deleted.{Old}");
        var before = _state.Snapshot();

        var result = Purge();

        result.Files.Where(f => f.Status == PurgeFileStatus.Deleted).Select(f => f.Name).Should().BeEquivalentTo(doomed);
        result.DeletedBytes.Should().Be(100 * doomed.Length);
        _state.FileNames.Should().BeEquivalentTo(others.Append("sessions.json").Append("sid-live.jsonl"));
        File.Exists(Path.Join(_state.SessionsDir, "cold", $"sid-cold.jsonl.deleted.{Old}")).Should().BeTrue("files in subdirectories are never candidates");
        // Besides the operation log, only the doomed files changed: each is gone, nothing else moved a byte.
        before.DiffTo(_state.Snapshot()).Where(d => !d.StartsWith("session-closer", StringComparison.Ordinal))
            .Should().HaveCount(doomed.Length).And.OnlyContain(d => d.EndsWith(" => (absent)", StringComparison.Ordinal));
        Named(result.Files, "sessions.json.bak-batch-20260101-120000").Reason.Should().Be(PurgeRules.OriginalScriptsBackup);
        Named(result.Files, $"sessions.json.bak-{Old}").Reason.Should().Be(PurgeRules.SessionCloserBackup);
        Named(result.Files, "sessions.json.bak.1767225600000").Reason.Should().Be(PurgeRules.OpenClawBackup);
        Named(result.Files, $"sid-reset.jsonl.reset.{Old}").Reason.Should().Be("reset");

        var record = _state.Log().Read(result.OperationId!);
        record.Command.Should().Be(RecordedCommand.Purge);
        record.Complete.Should().BeTrue();
        record.Purged.Should().HaveCount(doomed.Length).And.OnlyContain(p => p.Status == PurgedFile.Deleted && p.Bytes == 100 && p.NeededBy == null);
    }

    [Fact]
    public void A_file_newer_than_the_duration_stays_and_says_so()
    {
        _state.WriteFile($"sid-a.jsonl.deleted.{Fresh}");
        _state.WriteFile($"sid-b.jsonl.deleted.{Old}");

        var plan = Purger().Plan(Target());

        Named(plan.Files, $"sid-a.jsonl.deleted.{Fresh}").Should().Match<PurgeFile>(f => f.Action == PurgeAction.Keep && f.Why == "newer than 30d (2d old)");
        Named(plan.Files, $"sid-b.jsonl.deleted.{Old}").Should().Match<PurgeFile>(f => f.Action == PurgeAction.Delete && f.Why == "older than 30d (88d old)");
        Purger(olderThan: "90d").Plan(Target()).DeleteCount.Should().Be(0);
    }

    [Fact]
    public void A_dry_plan_changes_nothing()
    {
        _state.Session("agent:project-lead:a", "sid-a").Save();
        _state.WriteFile($"sid-b.jsonl.deleted.{Old}");
        var before = _state.Snapshot();

        Purger().Plan(Target()).DeleteCount.Should().Be(1);

        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void A_file_an_entry_references_stays_named_by_its_key()
    {
        var referenced = $"sid-a.jsonl.reset.{Old}";
        _state.Session("agent:project-lead:a", "sid-a", e => e["sessionFile"] = referenced, transcript: false).Save();
        _state.WriteFile(referenced);

        var result = Purge();

        Named(result.Files, referenced).Should().Match<PurgeFile>(f => f.Status == PurgeFileStatus.Kept && f.ReferencedBy == "agent:project-lead:a" && f.Why == "referenced by agent:project-lead:a");
        File.Exists(Path.Join(_state.SessionsDir, referenced)).Should().BeTrue();
        result.OperationId.Should().BeNull("nothing was deleted, so no record");
    }

    [Fact]
    public void An_archive_of_a_session_still_in_the_store_stays()
    {
        _state.Session("agent:project-lead:a", "sid-a").Save();
        var archive = _state.WriteFile($"sid-a.jsonl.bak.{Old}");

        var plan = Purger().Plan(Target());

        Named(plan.Files, Path.GetFileName(archive)).Should().Match<PurgeFile>(f => f.Action == PurgeAction.Keep && f.ReferencedBy == "agent:project-lead:a");
    }

    [Fact]
    public void In_era_C_the_database_rows_reference_their_files_read_only()
    {
        var database = Path.Join(_state.Root, "agents", _state.AgentId, "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        FixtureDatabase.Create(database, [
            new FixtureRow("agent:project-lead:a", "sid-a", 1) { EntryJson = $$"""{"sessionId":"sid-a","updatedAt":1,"sessionFile":"kept.jsonl.deleted.{{Old}}"}""" },
            new FixtureRow("agent:project-lead:b", "sid-b", 1),
        ]);
        var databaseBefore = File.ReadAllBytes(database);
        _state.WriteFile($"kept.jsonl.deleted.{Old}");
        _state.WriteFile($"sid-b.jsonl.deleted.{Old}.0123456789abcdef0123456789abcdef.zst");
        _state.WriteFile($"sid-c.jsonl.deleted.{Old}.zst");

        var result = Purge(target: Target(StorageEra.SqliteBehindGateway, database));

        result.Files.Where(f => f.Status == PurgeFileStatus.Deleted).Select(f => f.Name).Should().Equal($"sid-c.jsonl.deleted.{Old}.zst");
        Named(result.Files, $"kept.jsonl.deleted.{Old}").ReferencedBy.Should().Be("agent:project-lead:a");
        Named(result.Files, $"sid-b.jsonl.deleted.{Old}.0123456789abcdef0123456789abcdef.zst").ReferencedBy.Should().Be("agent:project-lead:b");
        File.ReadAllBytes(database).Should().Equal(databaseBefore);
        File.Exists(_state.StorePath + ".lock").Should().BeFalse();
        File.Exists(_state.StorePath).Should().BeFalse("era C never gets a sessions.json");
    }

    [Fact]
    public void An_archive_a_restore_needs_stays_unless_forced_and_then_the_operation_cannot_be_restored()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Save();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        var archive = close.Outcomes.Single().Files.Single().To;

        // Years later, the archive is old.
        var later = DateTimeOffset.UtcNow.AddDays(400);
        var plain = Purger(now: later);
        var kept = plain.Run(Target(), plain.Plan(Target()), CancellationToken.None);

        Named(kept.Files, Path.GetFileName(archive)).Should().Match<PurgeFile>(f =>
            f.Status == PurgeFileStatus.Kept && f.NeededBy == close.OperationId && f.Why == $"needed by operation {close.OperationId} for restore; --force to purge it");
        File.Exists(archive).Should().BeTrue();

        var forcing = Purger(force: true, now: later);
        var forced = forcing.Run(Target(), forcing.Plan(Target()), CancellationToken.None);

        Named(forced.Files, Path.GetFileName(archive)).Status.Should().Be(PurgeFileStatus.Deleted);
        File.Exists(archive).Should().BeFalse();
        forced.Unrestorable.Should().Equal(close.OperationId);
        var log = _state.Log();
        log.Read(close.OperationId!).PurgedBy.Should().Equal(forced.OperationId);
        log.Read(forced.OperationId!).Purged.Single().Should().Match<PurgedFile>(p => p.NeededBy == close.OperationId && p.Status == PurgedFile.Deleted && p.Path == archive);
        HistoryEntry.Of(log.Read(close.OperationId!)).PurgedBy.Should().Equal(forced.OperationId);
        HistoryEntry.Of(log.Read(forced.OperationId!)).Should().Match<HistoryEntry>(h => h.Command == "purge" && h.FilesDeleted == 1 && h.BytesDeleted > 0);

        var storeBefore = File.ReadAllBytes(_state.StorePath);
        var refused = () => _state.Restore(close.OperationId!);
        refused.Should().Throw<SessionCloserException>().Where(e => e.ExitCode == ExitCode.Refused && e.Message.Contains(forced.OperationId!, StringComparison.Ordinal) && e.Message.Contains("can no longer be undone", StringComparison.Ordinal));
        var purgeRestore = () => _state.Restore(forced.OperationId!);
        purgeRestore.Should().Throw<SessionCloserException>().Where(e => e.ExitCode == ExitCode.Refused && e.Message.Contains("is a purge-archives run", StringComparison.Ordinal));
        File.ReadAllBytes(_state.StorePath).Should().Equal(storeBefore);

        // Once given up, its other archives need no --force.
        RestoreNeeds.Of(log).NeededBy(archive).Should().BeNull();
    }

    [Fact]
    public void A_restored_operation_needs_nothing_more()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Save();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        var archive = close.Outcomes.Single().Files.Single().To;
        RestoreNeeds.Of(_state.Log()).NeededBy(archive).Should().Be(close.OperationId);

        _state.Restore(close.OperationId!);

        RestoreNeeds.Of(_state.Log()).NeededBy(archive).Should().BeNull();
    }

    [Fact]
    public void A_symlink_with_an_archive_name_is_never_followed_or_deleted()
    {
        var outside = Path.Join(_state.Root, "outside.txt");
        File.WriteAllText(outside, "precious");
        File.CreateSymbolicLink(Path.Join(_state.SessionsDir, $"link.jsonl.deleted.{Old}"), outside);

        var result = Purge();

        Named(result.Files, $"link.jsonl.deleted.{Old}").Should().Match<PurgeFile>(f => f.Status == PurgeFileStatus.Kept && f.Why.StartsWith("a symlink", StringComparison.Ordinal));
        new FileInfo(Path.Join(_state.SessionsDir, $"link.jsonl.deleted.{Old}")).LinkTarget.Should().Be(outside);
        File.ReadAllText(outside).Should().Be("precious");
    }

    [Fact]
    public void Someone_elses_copy_of_the_store_is_kept()
    {
        _state.WriteFile("sessions.json.bak-mine");

        var plan = Purger().Plan(Target());

        Named(plan.Files, "sessions.json.bak-mine").Should().Match<PurgeFile>(f => f.Action == PurgeAction.Keep && f.Reason == PurgeRules.UnknownBackup);
    }

    [Fact]
    public void A_file_gone_before_the_run_got_to_it_is_fine()
    {
        var gone = _state.WriteFile($"sid-a.jsonl.deleted.{Old}");
        _state.WriteFile($"sid-b.jsonl.deleted.{Old}");
        var purger = Purger();
        var plan = purger.Plan(Target());
        File.Delete(gone); // OpenClaw's own cleanup, between the plan and the run

        var result = purger.Run(Target(), plan, CancellationToken.None);

        Named(result.Files, Path.GetFileName(gone)).Status.Should().Be(PurgeFileStatus.AlreadyGone);
        Named(result.Files, $"sid-b.jsonl.deleted.{Old}").Status.Should().Be(PurgeFileStatus.Deleted);
        new PurgeResult { Plan = new PurgePlan { OlderThan = "30d", Cutoff = Now, Force = false, Stores = [plan] }, Stores = [result] }.ExitCode.Should().Be(ExitCode.Success);
    }

    [Fact]
    public void A_file_that_appeared_after_the_plan_waits_for_the_next_run()
    {
        var purger = Purger();
        _state.WriteFile($"sid-a.jsonl.deleted.{Old}");
        var plan = purger.Plan(Target());
        var late = _state.WriteFile($"sid-b.jsonl.deleted.{Old}");

        var result = purger.Run(Target(), plan, CancellationToken.None);

        Named(result.Files, Path.GetFileName(late)).Status.Should().Be(PurgeFileStatus.Kept);
        File.Exists(late).Should().BeTrue("only what the approved plan showed is deleted");
    }

    [Fact]
    public void A_signal_between_deletes_keeps_the_rest_and_the_record_says_so()
    {
        var first = _state.WriteFile($"sid-a.jsonl.deleted.{Old}");
        var purger = Purger();
        var plan = purger.Plan(Target());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var run = () => purger.Run(Target(), plan, cancelled.Token);

        run.Should().Throw<OperationCanceledException>("a signal before the record is written stops with nothing changed");
        File.Exists(first).Should().BeTrue();
        _state.Log().Ids().Should().BeEmpty();
    }

    [Fact]
    public void A_killed_purge_is_finished_by_the_next_run_and_its_log_tells_the_truth()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Save();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        var needed = close.Outcomes.Single().Files.Single().To;
        var deletedBeforeKill = _state.WriteFile($"sid-x.jsonl.deleted.{Old}");
        var leftByKill = _state.WriteFile($"sid-y.jsonl.deleted.{Old}");
        var log = _state.Log();
        var dead = DeadPid();
        var killed = UndoState.Logging(_state.Root).Start(RecordedCommand.Purge, _state.AgentId, _state.StorePath, RecordedBackend.Files, Now) with
        {
            ProcessId = dead,
            Purged =
            [
                new PurgedFile(deletedBeforeKill, 2, "deleted archive: older than 30d", PurgedFile.Pending, null),
                new PurgedFile(leftByKill, 2, "deleted archive: older than 30d", PurgedFile.Pending, null),
                new PurgedFile(needed, 2, "deleted archive: needed, --force", PurgedFile.Pending, close.OperationId),
            ],
        };
        log.Write(killed);
        File.Delete(deletedBeforeKill);

        var purger = Purger(now: DateTimeOffset.UtcNow.AddDays(400));
        purger.HasInterrupted(Target()).Should().BeTrue();
        var result = purger.Run(Target(), purger.Plan(Target()), CancellationToken.None);

        result.Recovered.Should().Contain($"finished the interrupted purge {killed.Id}");
        var finished = log.Read(killed.Id);
        finished.Complete.Should().BeTrue();
        finished.FinishedByRecovery.Should().BeTrue();
        finished.Purged.Select(p => p.Status).Should().Equal(PurgedFile.Deleted, PurgedFile.Deleted, PurgedFile.Deleted);
        File.Exists(leftByKill).Should().BeFalse();
        File.Exists(needed).Should().BeFalse("the killed run was forced and had marked its target");
        log.Read(close.OperationId!).PurgedBy.Should().Equal(killed.Id);
        purger.HasInterrupted(Target()).Should().BeFalse();
    }

    [Fact]
    public void A_forced_purge_that_deletes_none_of_an_operations_archives_after_all_leaves_it_restorable()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Save();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        var needed = close.Outcomes.Single().Files.Single().To;
        var log = _state.Log();
        var killed = UndoState.Logging(_state.Root).Start(RecordedCommand.Purge, _state.AgentId, _state.StorePath, RecordedBackend.Files, Now) with
        {
            ProcessId = DeadPid(),
            Purged = [new PurgedFile(needed, 2, "deleted archive", PurgedFile.Pending, close.OperationId)],
        };
        log.Write(killed);

        // The next run is before the archive is old enough (by its own clock): the file no longer qualifies.
        var purger = Purger(now: DateTimeOffset.UtcNow);
        purger.Run(Target(), purger.Plan(Target()), CancellationToken.None);

        log.Read(killed.Id).Purged.Single().Status.Should().Be(PurgedFile.Kept);
        File.Exists(needed).Should().BeTrue();
        log.Read(close.OperationId!).PurgedBy.Should().BeEmpty("none of its archives went: it is restorable, and restores");
        _state.Restore(close.OperationId!).ExitCode.Should().Be(ExitCode.Success);
    }

    [Fact]
    public void A_purge_record_reads_back_exactly()
    {
        var log = _state.Log();
        var record = UndoState.Logging(_state.Root).Start(RecordedCommand.Purge, _state.AgentId, _state.StorePath, RecordedBackend.Files, Now) with
        {
            Purged = [new PurgedFile(Path.Join(_state.SessionsDir, "a.jsonl.deleted." + Old), 12, "deleted archive: older than 30d (88d old)", PurgedFile.Deleted, null)],
            Complete = true,
        };
        log.Write(record);

        var read = log.Read(record.Id);

        read.Purged.Should().Equal(record.Purged);
        read.Command.Should().Be(RecordedCommand.Purge);
        read.PurgedBy.Should().BeEmpty();
    }

    private static int DeadPid()
    {
        for (var pid = 4_000_000; ; pid--)
        {
            if (!FileSystem.Libc.ProcessExists(pid))
            {
                return pid;
            }
        }
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
