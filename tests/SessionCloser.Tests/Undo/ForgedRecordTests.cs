using System.Text;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Tests.Closing;

namespace SessionCloser.Tests.Undo;

/// <summary>A damaged or forged record is refused whole (exit 5) before a restore changes anything.</summary>
public sealed class ForgedRecordTests : IDisposable
{
    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    public static TheoryData<string, string, string> Forgeries => new()
    {
        { "not JSON", "{", "it is not valid JSON" },
        { "a rename out of the sessions directory", "\"from\": \"SESSIONS/sid-a.jsonl\"", "\"from\": \"/etc/passwd\"" },
        { "a rename onto the store", "\"from\": \"SESSIONS/sid-a.jsonl\"", "\"from\": \"SESSIONS/sessions.json\"" },
        { "a member that is not its key's", "\"key\": \"agent:project-lead:a\"", "\"key\": \"agent:project-lead:zz\"" },
        { "a sessionId that is not the member's", "\"sessionId\": \"sid-a\"", "\"sessionId\": \"sid-zz\"" },
        { "a store of another agent", "\"storePath\": \"SESSIONS/sessions.json\"", "\"storePath\": \"/tmp/sessions.json\"" },
        { "a wrong version", "\"version\": 1", "\"version\": 2" },
        { "an id that is not the file's", "\"id\": \"ID\"", "\"id\": \"20990101T000000000Z-000000\"" },
        { "a bad hash", "\"storeSha256Before\": \"", "\"storeSha256Before\": \"XX" },
        { "a bad kind", "\"kind\": \"transcript\"", "\"kind\": \"Store\"" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_forged_record_is_refused_with_exit_5_and_nothing_changes(string what, string find, string replace)
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Save();
        var id = _state.CloseLogged(CloseMode.Close, "a").OperationId!;
        var path = _state.Log().PathOf(id);
        var text = File.ReadAllText(path);
        var (from, to) = (Expand(find, id), Expand(replace, id));
        var forged = what == "not JSON" ? text[..(text.Length / 2)] : text.Replace(from, to, StringComparison.Ordinal);
        forged.Should().NotBe(text, what);
        File.WriteAllText(path, forged, new UTF8Encoding(false));
        var before = _state.Snapshot();

        var restore = () => _state.Restore(id);

        restore.Should().Throw<SessionCloserException>().Where(e => e.ExitCode == ExitCode.StoreError && e.Message.Contains("operation record) was refused", StringComparison.Ordinal), what);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    private string Expand(string text, string id) => text.Replace("SESSIONS", _state.SessionsDir, StringComparison.Ordinal).Replace("ID", id, StringComparison.Ordinal);
}
