using System.Diagnostics;
using System.Text;
using AwesomeAssertions;
using SessionCloser.Artifacts;
using SessionCloser.Inventory;
using SessionCloser.Store;
using SessionCloser.Tests.Fixtures;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Inventory;

/// <summary>Every kind of file a sessions directory holds is classified once, with its bytes, its time and whose it is.</summary>
public sealed class SessionsDirectoryInventoryTests : IDisposable
{
    private const string Live = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string Custom = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string Orphan = "cccccccc-0000-4000-8000-000000000003";
    private const string Uuid = "0f0e0d0c-0b0a-4908-8706-050403020100";
    private const string Stamp = "2026-10-01T08-09-10.123Z";
    private static readonly DateTimeOffset StampTime = new(2026, 10, 1, 8, 9, 10, 123, TimeSpan.Zero);

    private readonly TempDir _temp = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public SessionsDirectoryInventoryTests()
    {
        StateDir = _temp.Sub("state");
        Sessions = Path.Combine(StateDir, "agents", "main", "sessions");
        Directory.CreateDirectory(Sessions);
    }

    private string StateDir { get; }

    private string Sessions { get; }

    private string StorePath => Path.Combine(Sessions, "sessions.json");

    public void Dispose() => _temp.Dispose();

    private string Write(string relative, string content = "x", TimeSpan? age = null)
    {
        var path = Path.Combine(Sessions, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, (_now - (age ?? TimeSpan.FromHours(1))).UtcDateTime);
        return path;
    }

    private SessionStoreSnapshot WriteStore() =>
        StoreWrite($$"""
        {
          "agent:main:main": { "sessionId": "{{Live}}", "updatedAt": 1 },
          "agent:main:custom": { "sessionId": "{{Custom}}", "sessionFile": "custom transcript.log", "updatedAt": 2 }
        }
        """);

    private SessionStoreSnapshot StoreWrite(string json)
    {
        File.WriteAllText(StorePath, json);
        return StoreReader.ReadFile(StorePath);
    }

    private SessionsDirectoryInventory Scan(LoggedFiles? logged = null, Action<int>? progress = null)
    {
        var scope = InventoryScope.OfStore(StorePath, StoreReader.ReadFile(StorePath).Entries, _now) with { Logged = logged ?? LoggedFiles.None };
        return SessionsDirectoryInventory.Scan(scope, progress, TestContext.Current.CancellationToken);
    }

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }

    private static InventoriedFile File_(SessionsDirectoryInventory inventory, string relative) =>
        inventory.Files.Single(f => f.RelativePath == relative);

    [Fact]
    public void Every_class_of_file_is_recognised_with_its_bytes()
    {
        WriteStore();
        var dead = DeadPid();
        Write($"{Live}.jsonl", "live transcript");
        Write($"{Live}-topic-42.jsonl", "live topic");
        Write("custom transcript.log", "named by sessionFile");
        Write($"{Custom}.trajectory.jsonl", "sidecar of a live session id");
        Write($"{Orphan}.jsonl", "orphan");
        Write($"2026-01-02T03-04-05-678Z_{Orphan}.jsonl", "orphan fork");
        Write($"{Orphan}.checkpoint.{Uuid}.jsonl", "orphan checkpoint");
        Write($"{Orphan}.trajectory-path.json", "{}");
        Write($"{Orphan}.jsonl.deleted.{Stamp}", "deleted archive");
        Write($"{Orphan}.jsonl.reset.2026-10-01T08-09-10Z", "reset archive, no ms");
        Write($"{Orphan}.jsonl.bak.{Stamp}", "bak archive");
        Write($"{Orphan}.jsonl.deleted.{Stamp}.0123456789abcdef0123456789abcdef.zst", "9.6 export");
        Write($"sessions.json.bak-{Stamp}", "own backup");
        Write($"sessions.json.bak-{Stamp}-2", "own backup, same ms");
        Write("sessions.json.bak-batch-20260101-120000", "script backup");
        Write("sessions.json.bak-keep-only-20260201-080000", "script backup");
        Write("sessions.json.bak-close-2026-03-01T10:00:00Z", "script backup");
        Write("sessions.json.bak.1700000000000", "openclaw rotation");
        Write("sessions.json.bak", "someone's copy");
        Write("sessions.json.lock", $$"""{"pid": {{dead}}, "createdAt": "2026-01-01T00:00:00.000Z"}""");
        Write($"{Live}.jsonl.lock", $$"""{"pid": {{Environment.ProcessId}}, "createdAt": "{{_now:O}}"}""");
        Write($"sessions.json.{dead}.{Uuid}.tmp", "dead temp", TimeSpan.FromMinutes(10));
        Write($"sessions.json.{Uuid}.tmp", "openclaw temp, recent", TimeSpan.FromMinutes(1));
        Write("sessions.json.session-closer-journal", "{}");
        Write("skills-prompts/sha256/ab/" + new string('a', 2) + new string('0', 62) + ".txt", "blob");
        Write("cold/x.jsonl.zst", "cold");
        Write("notes.txt", "other");
        Write("sub/dir/deep.jsonl", "nested, not a session file");

        var inventory = Scan();

        inventory.Exists.Should().BeTrue();
        var byPath = inventory.Files.ToDictionary(f => f.RelativePath);
        byPath.Should().HaveCount(Directory.EnumerateFiles(Sessions, "*", SearchOption.AllDirectories).Count());
        foreach (var file in inventory.Files)
        {
            file.Bytes.Should().Be(new FileInfo(Path.Combine(Sessions, file.RelativePath)).Length, file.RelativePath);
        }

        Classes(inventory, FileClass.Store).Should().Equal("sessions.json");
        Classes(inventory, FileClass.LiveTranscript).Should().BeEquivalentTo($"{Live}.jsonl", $"{Live}-topic-42.jsonl", "custom transcript.log", $"{Custom}.trajectory.jsonl");
        Classes(inventory, FileClass.OrphanTranscript).Should().BeEquivalentTo(
            $"{Orphan}.jsonl", $"2026-01-02T03-04-05-678Z_{Orphan}.jsonl", $"{Orphan}.checkpoint.{Uuid}.jsonl", $"{Orphan}.trajectory-path.json");
        Classes(inventory, FileClass.Archive).Should().HaveCount(4);
        Classes(inventory, FileClass.StoreBackup).Should().HaveCount(7);
        Classes(inventory, FileClass.Lock).Should().HaveCount(2);
        Classes(inventory, FileClass.Temp).Should().HaveCount(2);
        Classes(inventory, FileClass.Journal).Should().Equal("sessions.json.session-closer-journal");
        Classes(inventory, FileClass.SkillPromptBlob).Should().ContainSingle();
        Classes(inventory, FileClass.ColdTranscript).Should().Equal("cold/x.jsonl.zst");
        Classes(inventory, FileClass.Other).Should().BeEquivalentTo("notes.txt", "sub/dir/deep.jsonl");

        byPath[$"{Orphan}.jsonl"].ArtifactKind.Should().Be(ArtifactKind.Transcript);
        byPath[$"{Orphan}.checkpoint.{Uuid}.jsonl"].ArtifactKind.Should().Be(ArtifactKind.CheckpointTranscript);
        byPath[$"2026-01-02T03-04-05-678Z_{Orphan}.jsonl"].SessionId.Should().Be(Orphan);
        byPath["sessions.json.lock"].Stale.Should().BeTrue("its pid is gone");
        byPath[$"{Live}.jsonl.lock"].Stale.Should().BeFalse("this process holds it and it is new");
        byPath[$"sessions.json.{dead}.{Uuid}.tmp"].Stale.Should().BeTrue();
        byPath[$"sessions.json.{Uuid}.tmp"].Stale.Should().BeFalse("a writer may still be at it: younger than 5 minutes");
    }

    [Fact]
    public void Trajectory_sidecars_named_after_an_entrys_transcript_file_are_live_whatever_its_name()
    {
        // A fork file stamped with milliseconds is no fork by OpenClaw's name rule, yet its entry names it as sessionFile.
        var fork = $"2026-05-05T17-11-09.290Z_{Live}";
        StoreWrite($$"""{ "agent:main:fork": { "sessionId": "{{Live}}", "sessionFile": "{{fork}}.jsonl", "updatedAt": 1 } }""");
        Write(fork + ".trajectory.jsonl");
        Write(fork + ".trajectory-path.json");
        Write("2026-05-05T17-11-09.290Z_other.trajectory.jsonl");

        var inventory = Scan();

        Classes(inventory, FileClass.LiveTranscript).Should().BeEquivalentTo(fork + ".trajectory.jsonl", fork + ".trajectory-path.json");
        Classes(inventory, FileClass.OrphanTranscript).Should().Equal("2026-05-05T17-11-09.290Z_other.trajectory.jsonl");
    }

    [Fact]
    public void Archives_carry_their_reason_the_time_in_their_name_and_the_file_they_were()
    {
        WriteStore();
        Write($"{Orphan}.jsonl.deleted.{Stamp}", age: TimeSpan.FromDays(400));
        Write($"{Orphan}.jsonl.reset.2026-10-01T08-09-10Z");
        Write($"{Orphan}-topic-7.jsonl.bak.{Stamp}");
        Write($"{Orphan}.jsonl.deleted.{Stamp}.0123456789abcdef0123456789abcdef.zst");
        Write($"{Orphan}.jsonl.reset.{Stamp}.deleted.2026-11-01T00-00-00.000Z");
        Write($"{Orphan}.jsonl.deleted.20250101");

        var inventory = Scan();

        var deleted = File_(inventory, $"{Orphan}.jsonl.deleted.{Stamp}");
        deleted.Should().Match<InventoriedFile>(f => f.Class == FileClass.Archive && f.ArchiveReason == "deleted" && f.TimeFromName
            && f.Time == StampTime && f.ArchivedFrom == $"{Orphan}.jsonl" && f.SessionId == Orphan && f.Maker == FileMaker.OpenClaw);
        File_(inventory, $"{Orphan}.jsonl.reset.2026-10-01T08-09-10Z").Should().Match<InventoriedFile>(f => f.ArchiveReason == "reset" && f.Time == StampTime.AddMilliseconds(-123));
        File_(inventory, $"{Orphan}-topic-7.jsonl.bak.{Stamp}").Should().Match<InventoriedFile>(f => f.ArchiveReason == "bak" && f.SessionId == Orphan);
        File_(inventory, $"{Orphan}.jsonl.deleted.{Stamp}.0123456789abcdef0123456789abcdef.zst").Should().Match<InventoriedFile>(f => f.Class == FileClass.Archive && f.ArchivedFrom == $"{Orphan}.jsonl");
        File_(inventory, $"{Orphan}.jsonl.reset.{Stamp}.deleted.2026-11-01T00-00-00.000Z")
            .Should().Match<InventoriedFile>(f => f.ArchiveReason == "deleted" && f.ArchivedFrom == $"{Orphan}.jsonl.reset.{Stamp}", "the last marker wins, as in OpenClaw");
        File_(inventory, $"{Orphan}.jsonl.deleted.20250101").Class.Should().Be(FileClass.Other, "OpenClaw does not read that stamp either");
    }

    [Fact]
    public void Store_backups_say_whose_they_are_and_when()
    {
        WriteStore();
        Write($"sessions.json.bak-{Stamp}");
        Write($"sessions.json.bak-{Stamp}-2");
        Write("sessions.json.bak-batch-20260101-120000");
        Write("sessions.json.bak-keep-only-20260201-080000");
        Write("sessions.json.bak-close-2026-03-01T10:00:00Z");
        Write("sessions.json.bak-close-garbage", age: TimeSpan.FromDays(3));
        Write("sessions.json.bak.1700000000000");
        Write("sessions.json.bak");
        Write($"sessions.json.bak-2026-13-01T00-00-00.000Z", age: TimeSpan.FromDays(2));

        var inventory = Scan();

        Maker(inventory, $"sessions.json.bak-{Stamp}").Should().Be((FileMaker.SessionCloser, StampTime, true));
        Maker(inventory, $"sessions.json.bak-{Stamp}-2").Should().Be((FileMaker.SessionCloser, StampTime, true));
        Maker(inventory, "sessions.json.bak-batch-20260101-120000").Should().Be((FileMaker.OriginalScripts, new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), true));
        Maker(inventory, "sessions.json.bak-keep-only-20260201-080000").Should().Be((FileMaker.OriginalScripts, new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero), true));
        Maker(inventory, "sessions.json.bak-close-2026-03-01T10:00:00Z").Should().Be((FileMaker.OriginalScripts, new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), true));
        Maker(inventory, "sessions.json.bak-close-garbage").Should().Be((FileMaker.OriginalScripts, Mtime("sessions.json.bak-close-garbage"), false));
        Maker(inventory, "sessions.json.bak.1700000000000").Should().Be((FileMaker.OpenClaw, DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), true));
        Maker(inventory, "sessions.json.bak").Item1.Should().Be(FileMaker.Unknown);
        Maker(inventory, "sessions.json.bak-2026-13-01T00-00-00.000Z").Should().Be((FileMaker.Unknown, Mtime("sessions.json.bak-2026-13-01T00-00-00.000Z"), false), "month 13 is no date");
    }

    [Fact]
    public void Archives_and_backups_an_operation_record_names_are_session_closers()
    {
        WriteStore();
        var own = Write($"{Orphan}.jsonl.deleted.{Stamp}");
        Write($"{Live}.jsonl.deleted.{Stamp}");
        var gatewayArchive = Write($"{Custom}.jsonl.deleted.{Stamp}.0123456789abcdef0123456789abcdef.zst");
        var backup = Write($"sessions.json.bak-{Stamp}");
        var log = new OperationLog(StateDir);
        log.Write(Record(log, "main") with
        {
            Renames = [new RecordedRename(Path.Combine(Sessions, $"{Orphan}.jsonl"), own, ArtifactKind.Transcript, "agent:main:old")],
            BackupPath = backup,
        });
        log.Write(Record(log, "main") with
        {
            Backend = RecordedBackend.Gateway,
            Gateway = [new GatewayAction("agent:main:gone", Custom, "sessions.delete", GatewayAction.Deleted, "{}", [gatewayArchive])],
        });

        var logged = LoggedFiles.Read(log, "main");
        var inventory = Scan(logged);

        File_(inventory, Path.GetFileName(own)).Should().Match<InventoriedFile>(f => f.Maker == FileMaker.SessionCloser && f.RecordId == log.Ids()[1]);
        File_(inventory, Path.GetFileName(gatewayArchive)).Should().Match<InventoriedFile>(f => f.Maker == FileMaker.SessionCloser && f.RecordId == log.Ids()[0]);
        File_(inventory, $"{Live}.jsonl.deleted.{Stamp}").Should().Match<InventoriedFile>(f => f.Maker == FileMaker.OpenClaw && f.RecordId == null);
        File_(inventory, Path.GetFileName(backup)).RecordId.Should().Be(log.Ids()[1]);
        LoggedFiles.Read(log, "other").RecordOf(own).Should().BeNull("another agent's records say nothing about this directory");
    }

    [Fact]
    public void Symlinks_are_reported_and_never_followed()
    {
        WriteStore();
        var outside = _temp.Sub("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, $"{Orphan}.jsonl"), "outside the directory");
        File.WriteAllText(Path.Combine(outside, "big.jsonl.deleted." + Stamp), new string('x', 5000));
        var inside = Write($"{Live}.jsonl", "live");
        File.CreateSymbolicLink(Path.Combine(Sessions, $"{Orphan}.jsonl"), Path.Combine(outside, $"{Orphan}.jsonl"));
        File.CreateSymbolicLink(Path.Combine(Sessions, "alias.jsonl"), inside);
        File.CreateSymbolicLink(Path.Combine(Sessions, "dangling.jsonl.deleted." + Stamp), Path.Combine(outside, "nothing"));
        Directory.CreateSymbolicLink(Path.Combine(Sessions, "linked-dir"), outside);

        var inventory = Scan();

        var links = inventory.Of(FileClass.Symlink).ToDictionary(f => f.RelativePath);
        links.Keys.Should().BeEquivalentTo($"{Orphan}.jsonl", "alias.jsonl", "dangling.jsonl.deleted." + Stamp, "linked-dir");
        links.Values.Should().OnlyContain(f => f.Bytes == 0);
        links[$"{Orphan}.jsonl"].LinkStaysInside.Should().BeFalse();
        links["alias.jsonl"].LinkStaysInside.Should().BeTrue();
        links["dangling.jsonl.deleted." + Stamp].LinkStaysInside.Should().BeFalse();
        links["linked-dir"].LinkTarget.Should().Be(outside);
        inventory.Files.Should().NotContain(f => f.RelativePath.StartsWith("linked-dir/", StringComparison.Ordinal), "a linked directory is not entered");
        inventory.Files.Sum(f => f.Bytes).Should().Be(new FileInfo(StorePath).Length + 4);
    }

    [Fact]
    public void Odd_names_are_classified_by_the_same_rules()
    {
        WriteStore();
        string[] odd = ["with space.jsonl", "ünïcödé.jsonl", "line\nbreak.jsonl", ".jsonl", "-topic-.jsonl", ".hidden", "a.jsonl.lock.tmp", "x.deleted.", "sessions.json.lock.bak"];
        foreach (var name in odd)
        {
            Write(name, name);
        }

        var inventory = Scan();

        Classes(inventory, FileClass.OrphanTranscript).Should().BeEquivalentTo("with space.jsonl", "ünïcödé.jsonl", "line\nbreak.jsonl", ".jsonl", "-topic-.jsonl");
        File_(inventory, ".hidden").Class.Should().Be(FileClass.Other);
        File_(inventory, "a.jsonl.lock.tmp").Class.Should().Be(FileClass.Other, "not a temp name of any store writer");
        File_(inventory, "x.deleted.").Class.Should().Be(FileClass.Other);
        File_(inventory, "sessions.json.lock.bak").Class.Should().Be(FileClass.Other, "no backup name of the store");
        inventory.Files.Select(f => f.Bytes).Sum().Should().Be(odd.Sum(n => Encoding.UTF8.GetByteCount(n)) + new FileInfo(StorePath).Length);
    }

    [Fact]
    public void An_empty_directory_has_no_files_and_a_missing_one_says_so()
    {
        var empty = SessionsDirectoryInventory.Scan(new InventoryScope(Sessions, _now), cancellationToken: TestContext.Current.CancellationToken);
        empty.Exists.Should().BeTrue();
        empty.Files.Should().BeEmpty();

        var heard = new List<int>();
        var missing = SessionsDirectoryInventory.Scan(new InventoryScope(_temp.Sub("nowhere"), _now), heard.Add, TestContext.Current.CancellationToken);
        missing.Exists.Should().BeFalse();
        missing.Files.Should().BeEmpty();
        heard.Should().Equal(0);
        Directory.Exists(_temp.Sub("nowhere")).Should().BeFalse("scanning creates nothing");
    }

    [Fact]
    public void Without_entries_in_era_C_a_database_session_id_keeps_its_files_live()
    {
        Write($"{Live}.jsonl");
        Write($"{Orphan}.jsonl");
        var scope = new InventoryScope(Sessions, _now) { References = References.OfSessionIds([Live]) };

        var inventory = SessionsDirectoryInventory.Scan(scope, cancellationToken: TestContext.Current.CancellationToken);

        Classes(inventory, FileClass.LiveTranscript).Should().Equal($"{Live}.jsonl");
        Classes(inventory, FileClass.OrphanTranscript).Should().Equal($"{Orphan}.jsonl");
    }

    [Fact]
    public void Progress_counts_the_files_scanned_up_to_the_total()
    {
        WriteStore();
        for (var i = 0; i < 600; i++)
        {
            Write($"{i:D4}.jsonl.deleted.{Stamp}");
        }

        var heard = new List<int>();
        var inventory = Scan(progress: heard.Add);

        heard.Should().BeInAscendingOrder().And.HaveCountGreaterThan(2);
        heard[^1].Should().Be(inventory.Files.Count).And.Be(601);
    }

    private static List<string> Classes(SessionsDirectoryInventory inventory, FileClass fileClass) => [.. inventory.Of(fileClass).Select(f => f.RelativePath)];

    private static (FileMaker?, DateTimeOffset, bool) Maker(SessionsDirectoryInventory inventory, string name) =>
        File_(inventory, name) is var f && f.Class == FileClass.StoreBackup ? (f.Maker, f.Time, f.TimeFromName) : throw new InvalidOperationException($"{name} is {f.Class}");

    private DateTimeOffset Mtime(string name) => new(File.GetLastWriteTimeUtc(Path.Combine(Sessions, name)), TimeSpan.Zero);

    private OperationRecord Record(OperationLog log, string agentId) => new()
    {
        Id = log.NextId(_now),
        Command = RecordedCommand.Close,
        AgentId = agentId,
        StateDir = StateDir,
        StorePath = StorePath,
        Backend = RecordedBackend.Files,
        Era = "B",
        StartedAt = _now,
        Complete = true,
    };
}
