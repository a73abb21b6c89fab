using System.Text;
using AwesomeAssertions;
using SessionCloser.Artifacts;
using SessionCloser.Closing;
using SessionCloser.Tests.Closing;
using SessionCloser.Transactions;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Undo;

/// <summary>The record a close writes: where, with what mode, what it holds; its round trip; the log's retention.</summary>
public sealed class OperationLogTests : IDisposable
{
    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void A_close_keeps_a_complete_0600_record_outside_the_sessions_directory_with_every_removed_entry_exactly()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Session("agent:project-lead:c", "sid-c").Save();
        var before = File.ReadAllBytes(_state.StorePath);

        var report = _state.CloseLogged(CloseMode.Close, "b");

        var log = _state.Log();
        log.Directory.Should().Be(Path.Join(_state.Root, "session-closer", "operations"));
        File.GetUnixFileMode(log.PathOf(report.OperationId!)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(log.Directory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(Path.GetDirectoryName(log.Directory)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var record = log.Read(report.OperationId!);
        record.Complete.Should().BeTrue();
        record.Command.Should().Be(RecordedCommand.Close);
        record.Backend.Should().Be(RecordedBackend.Files);
        record.Era.Should().Be("B");
        record.CommandLine.Should().Equal("test");
        record.StoreSha256Before.Should().Be(CloseJournal.Sha256(before));
        record.StoreSha256After.Should().Be(CloseJournal.Sha256(File.ReadAllBytes(_state.StorePath)));
        record.BackupPath.Should().Be(report.BackupPath);
        var removed = record.Removed.Single();
        (removed.Key, removed.SessionId, removed.Index, removed.KeyBefore, removed.KeyAfter).Should().Be(("agent:project-lead:b", "sid-b", 1, "agent:project-lead:a", "agent:project-lead:c"));
        Encoding.UTF8.GetString(removed.Member.Span).Should().Be("\"agent:project-lead:b\": {\n    \"sessionId\": \"sid-b\",\n    \"updatedAt\": 1795000000000\n  }");
        Encoding.UTF8.GetString(removed.Value).Should().StartWith("{").And.EndWith("}");
        record.Renames.Should().ContainSingle().Which.Should().Be(new RecordedRename(
            Path.Join(_state.SessionsDir, "sid-b.jsonl"), report.Outcomes.Single().Files.Single().To, ArtifactKind.Transcript, "agent:project-lead:b"));
        record.StoreBytesBefore.Should().BeNull("an OpenClaw-written store is rebuilt from its entries");
    }

    [Fact]
    public void Completing_a_record_copies_its_entries_from_the_file_and_gives_the_bytes_a_whole_write_gives()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Session("agent:project-lead:c", "sid-c").Save();
        var report = _state.CloseLogged(CloseMode.KeepOnly, "a");

        var log = _state.Log();
        var record = log.Read(report.OperationId!);
        record.Complete.Should().BeTrue();
        record.Removed.Should().HaveCount(2);
        File.ReadAllBytes(log.PathOf(record.Id)).Should().Equal(OperationRecordWriter.ToJson(record));

        // The same log instance rewriting a record with the same entries copies them; with other entries, writes them.
        var fresh = new OperationLog(_state.Root);
        var started = record with { Complete = false, BackupPath = null, FinishedAt = null };
        fresh.Write(started);
        File.ReadAllBytes(log.PathOf(record.Id)).Should().Equal(OperationRecordWriter.ToJson(started));
        fresh.Write(started with { Complete = true, BackupPath = "/b\ud800", FinishedAt = record.StartedAt });
        File.ReadAllBytes(log.PathOf(record.Id)).Should().Equal(OperationRecordWriter.ToJson(started with { Complete = true, BackupPath = "/b\ud800", FinishedAt = record.StartedAt }));
        fresh.Write(started with { Removed = [.. started.Removed.Take(1)] });
        File.ReadAllBytes(log.PathOf(record.Id)).Should().Equal(OperationRecordWriter.ToJson(started with { Removed = [.. started.Removed.Take(1)] }));
        fresh.Read(record.Id).Removed.Should().ContainSingle();
    }

    [Fact]
    public void A_close_that_changes_nothing_keeps_no_record()
    {
        _state.Session("agent:project-lead:a", "sid-a").Save();

        _state.CloseLogged(CloseMode.Close, "nope").OperationId.Should().BeNull();

        Directory.Exists(_state.Log().Directory).Should().BeFalse();
    }

    [Fact]
    public void A_record_reads_back_as_written_lone_surrogates_and_all()
    {
        var record = new OperationRecord
        {
            Id = OperationIds.New(DateTimeOffset.Parse("2026-12-02T01:02:03.456Z", System.Globalization.CultureInfo.InvariantCulture)),
            Command = RecordedCommand.Restore,
            CommandLine = ["restore", "--agent", "x\ud800y"],
            AgentId = "project-lead",
            StateDir = _state.Root,
            StorePath = _state.StorePath,
            Backend = RecordedBackend.Gateway,
            Era = "C",
            ProcessId = 42,
            StartedAt = DateTimeOffset.Parse("2026-12-02T01:02:03.456Z", System.Globalization.CultureInfo.InvariantCulture),
            Restores = "20261202T010203000Z-abcdef",
            Removed = [new RemovedEntry("k\udc00", "s", "k\udc00", Encoding.UTF8.GetBytes("\"k\\udc00\":{\"sessionId\":\"s\"}"), 10, 3, null, "n")],
            Added = [new AddedEntry("k\udc00", null, "k\udc00", Encoding.UTF8.GetBytes("\"k\\udc00\": 1"))],
            Gateway = [new GatewayAction("agent:main:x", "sid", "sessions.delete", "deleted", """{"ok":true}""", ["/tmp/a.jsonl.deleted.2026-12-02T01-02-03.456Z"])],
        };
        var path = Path.Join(_state.Root, record.Id + ".json");
        File.WriteAllBytes(path, OperationRecordWriter.ToJson(record));

        var read = OperationRecordReader.Read(path);

        read.CommandLine.Should().Equal(record.CommandLine);
        (read.Id, read.Command, read.Backend, read.Era, read.ProcessId, read.StartedAt, read.Restores).Should().Be((record.Id, record.Command, record.Backend, record.Era, 42, record.StartedAt, record.Restores));
        var removed = read.Removed.Single();
        (removed.Key, removed.SessionId, removed.Index, removed.KeyBefore, removed.KeyAfter, removed.ValueStart).Should().Be(("k\udc00", "s", 3, null, "n", 10));
        removed.Member.ToArray().Should().Equal(record.Removed[0].Member.ToArray());
        read.Added.Single().Member.Should().Equal(record.Added[0].Member);
        read.Gateway.Single().Should().BeEquivalentTo(record.Gateway[0]);
        OperationRecordWriter.ToJson(read).Should().Equal(File.ReadAllBytes(path));
        OperationIds.IsValid(record.Id).Should().BeTrue();
        record.Id.Should().StartWith("20261202T010203456Z-");
    }

    [Fact]
    public void Retention_keeps_the_newest_and_the_young_never_an_incomplete_record_or_the_one_just_written()
    {
        var now = DateTimeOffset.Parse("2026-12-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var log = new OperationLog(_state.Root) { KeepCount = 3, KeepAge = TimeSpan.FromDays(90) };
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            // Days ago: 200, 190, ..., 130 (old), then one incomplete old one and the young ones below.
            var id = OperationIds.New(now.AddDays(-200 + (10 * i)));
            ids.Add(id);
            log.Write(Minimal(id, complete: i != 1));
        }

        var young = OperationIds.New(now.AddDays(-5));
        log.Write(Minimal(young, complete: true));
        var justWritten = ids[0];

        var pruned = log.Prune(now, justWritten);

        // Newest 3 by id: young, ids[7], ids[6]. Older than 90 days and complete: ids[2..5] (ids[0] just written, ids[1] incomplete).
        pruned.Should().BeEquivalentTo(ids[2..6]);
        log.Ids().Should().BeEquivalentTo([young, ids[7], ids[6], ids[1], ids[0]]);
    }

    private OperationRecord Minimal(string id, bool complete) => new()
    {
        Id = id,
        Command = RecordedCommand.Close,
        AgentId = "project-lead",
        StateDir = _state.Root,
        StorePath = _state.StorePath,
        Backend = RecordedBackend.Files,
        Era = "B",
        StartedAt = OperationIds.TryParseTime(id, out var when) ? when : default,
        Complete = complete,
    };
}
