using System.Text;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Undo;

/// <summary>The gateway section of an operation record: what a close through the gateway keeps, read back exactly and checked.</summary>
public sealed class GatewayActionRecordTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("sc-gwrecord-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    private OperationRecord Record(params GatewayAction[] actions) => new()
    {
        Id = OperationIds.New(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero)),
        Command = RecordedCommand.Close,
        AgentId = "main",
        StateDir = _stateDir,
        StorePath = Path.Combine(_stateDir, "agents", "main", "sessions", "sessions.json"),
        Backend = RecordedBackend.Gateway,
        Era = "B",
        StartedAt = new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero),
        Gateway = actions,
    };

    private static byte[] Member(string key, string sessionId) => Encoding.UTF8.GetBytes($"\"{key}\": {{\n    \"sessionId\": \"{sessionId}\",\n    \"updatedAt\": 1\n  }}");

    [Fact]
    public void The_row_as_listed_and_the_stored_entry_bytes_read_back_exactly()
    {
        var log = new OperationLog(_stateDir);
        var listed = """{"key":"agent:main:explicit:a","pinned":true,"label":"ünï \"q\""}""";
        var archived = new GatewayAction("agent:main:explicit:a", "sid-a", "sessions.patch", GatewayAction.Archived, """{"ok":true}""", [], listed, Member("agent:main:explicit:a", "sid-a"));
        var deleted = new GatewayAction("agent:main:explicit:b", "sid-b", "sessions.delete", GatewayAction.Pending, null, []);
        var record = Record(archived, deleted);

        log.Write(record);
        var read = log.Read(record.Id);

        read.Gateway.Should().HaveCount(2);
        var first = read.Gateway[0];
        (first.Key, first.SessionId, first.Method, first.Result, first.Reported, first.Listed).Should().Be(
            (archived.Key, archived.SessionId, archived.Method, archived.Result, archived.Reported, listed));
        first.StoreMember.Should().Equal(archived.StoreMember);
        (read.Gateway[1].Result, read.Gateway[1].Listed, read.Gateway[1].StoreMember).Should().Be((GatewayAction.Pending, null, null));
    }

    [Fact]
    public void A_record_written_before_listed_and_storeMember_existed_reads_them_as_null()
    {
        var log = new OperationLog(_stateDir);
        var record = Record(new GatewayAction("agent:main:explicit:a", "sid-a", "sessions.delete", GatewayAction.Deleted, "{}", ["/tmp/x.jsonl.deleted.2026-12-02T01-00-00.000Z"], "{}", null));
        log.Write(record);
        var path = log.PathOf(record.Id);
        var text = File.ReadAllText(path);
        var older = Regex.Replace(text, ",\\s*\"listed\": [^\\n]*\\n\\s*\"storeMember\": null", "");
        older.Should().NotContain("listed").And.NotContain("storeMember");
        File.WriteAllText(path, older);

        var action = log.Read(record.Id).Gateway.Should().ContainSingle().Which;

        (action.Result, action.Listed, action.StoreMember).Should().Be((GatewayAction.Deleted, null, null));
    }

    [Fact]
    public void A_stored_entry_that_is_not_the_member_of_its_key_is_refused()
    {
        var log = new OperationLog(_stateDir);
        var record = Record(new GatewayAction("agent:main:explicit:a", "sid-a", "sessions.patch", GatewayAction.Archived, null, [], null, Member("agent:main:explicit:OTHER", "sid-a")));
        log.Write(record);

        var read = () => log.Read(record.Id);

        read.Should().Throw<SessionCloserException>().Which.Message.Should().Contain("gateway[0].storeMember");
    }
}
