using System.Text;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Artifacts;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.Transactions;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// Issue 10, defect 2: the next run obeys the journal of an interrupted one, so a journal that is damaged or forged
/// (paths outside the sessions directory, escapes through `..` or symlinks, archive names that are not
/// <c>&lt;from&gt;.deleted.&lt;stamp&gt;</c>, wrong types) must be refused whole, before any rename, and left in place.
/// </summary>
public sealed class ForgedJournalTests : IDisposable
{
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string B = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string M = "mmmmmmmm-0000-4000-8000-000000000000";
    private const string Stamp = "2026-04-13T06-18-42.123Z";

    private readonly ClosingState _state = new();

    /// <summary>The store as it was before the interrupted run replaced it.</summary>
    private string _beforeRun = "";

    public void Dispose() => _state.Dispose();

    private string RealSessions => RealPath.TryResolve(_state.SessionsDir)!;

    private string JournalPath => _state.StorePath + CloseJournal.Suffix;

    /// <summary>A file outside the sessions directory that a forged journal aims at.</summary>
    private string Victim => Path.Join(_state.Root, "outside", "victim.jsonl");

    public static TheoryData<string> Forgeries() =>
    [
        "absolute path outside", "dot-dot escape", "relative path", "symlinked directory escape", "symlinked file escape",
        "the store itself", "the lock file", "an archive", "wrong target name", "target in another directory",
        "target escapes by dot-dot", "stamp with colons", "stamp without milliseconds", "impossible date in stamp",
        "NUL in from", "from listed twice", "forged entry after a valid one", "from is a number", "to is null",
        "kind is a number", "unknown kind", "renames is an object", "rename is a string", "hash is a number",
        "hash too short", "hash in upper case", "createdAt is not a time", "version 2", "missing renames",
        "duplicate from property", "root is an array", "truncated JSON", "empty file", "huge array",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_forged_journal_is_refused_with_nothing_renamed_and_left_in_place(string forgery)
    {
        var journal = Forge(forgery);
        File.WriteAllText(JournalPath, journal, new UTF8Encoding(false));
        var before = _state.Snapshot();

        var act = () => _state.Close("nothing-here");

        var error = act.Should().Throw<SessionCloserException>().Which;
        error.ExitCode.Should().Be(ExitCode.StoreError);
        error.Message.Should().StartWith(JournalPath).And.Contain("was refused: ").And.Contain("Nothing was renamed");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
        File.ReadAllText(JournalPath).Should().Be(journal);
    }

    [Fact]
    public void A_valid_journal_is_still_recovered()
    {
        File.WriteAllText(JournalPath, Forge("valid"));

        var report = _state.Close("nothing-here");

        report.Recovered.Should().Contain("archived 2 remaining file(s)");
        File.Exists(Path.Join(_state.SessionsDir, A + ".jsonl.deleted." + Stamp)).Should().BeTrue();
        File.Exists(Path.Join(_state.SessionsDir, B + ".jsonl.deleted." + Stamp)).Should().BeTrue();
        File.Exists(Path.Join(_state.SessionsDir, A + ".jsonl")).Should().BeFalse();
        File.Exists(JournalPath).Should().BeFalse();
        File.Exists(Victim).Should().BeTrue();
    }

    [Fact]
    public void A_journal_of_a_run_that_changed_nothing_is_still_checked_before_it_is_discarded()
    {
        File.WriteAllText(JournalPath, Forge("absolute path outside"));

        // The run was killed before it replaced the store: a good journal would just be discarded.
        File.WriteAllText(_state.StorePath, _beforeRun, new UTF8Encoding(false));
        var before = _state.Snapshot();

        var act = () => _state.Close("nothing-here");

        act.Should().Throw<SessionCloserException>().Which.Message.Should().Contain("outside the sessions directory");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    /// <summary>
    /// The state of a run killed after it replaced the store (acme and beta removed) but before it renamed their
    /// transcripts, and its journal, forged as <paramref name="forgery"/> says. The journal is written by
    /// <see cref="CloseJournal.Write"/> first, so every case starts from what a real run writes.
    /// </summary>
    private string Forge(string forgery)
    {
        var afterRun = _state.Session("agent:project-lead:main", M).Save().StoreText;
        _beforeRun = _state.Session("agent:project-lead:acme", A).Session("agent:project-lead:beta", B).Save().StoreText;
        File.WriteAllText(_state.StorePath, afterRun, new UTF8Encoding(false));
        Directory.CreateDirectory(Path.GetDirectoryName(Victim)!);
        File.WriteAllText(Victim, "precious\n");

        var fromA = Path.Join(RealSessions, A + ".jsonl");
        var fromB = Path.Join(RealSessions, B + ".jsonl");
        new CloseJournal(
            _state.StorePath,
            CloseJournal.Sha256(Encoding.UTF8.GetBytes(_beforeRun)),
            CloseJournal.Sha256(File.ReadAllBytes(_state.StorePath)),
            DateTimeOffset.UtcNow,
            [new(fromA, $"{fromA}.deleted.{Stamp}", ArtifactKind.Transcript), new(fromB, $"{fromB}.deleted.{Stamp}", ArtifactKind.Transcript)]).Write();
        var text = File.ReadAllText(JournalPath);
        var root = JsonNode.Parse(text)!.AsObject();
        var first = root["renames"]![0]!.AsObject();
        var second = root["renames"]![1]!.AsObject();
        void Aim(string from, string? to = null)
        {
            first["from"] = from;
            first["to"] = to ?? $"{from}.deleted.{Stamp}";
        }

        switch (forgery)
        {
            case "valid":
                return text;
            case "absolute path outside":
                Aim(Victim);
                break;
            case "dot-dot escape":
                Aim(RealSessions + "/../../../outside/victim.jsonl");
                break;
            case "relative path":
                Aim("../../../outside/victim.jsonl");
                break;
            case "symlinked directory escape":
                File.CreateSymbolicLink(Path.Join(_state.SessionsDir, "linked"), Path.GetDirectoryName(Victim)!);
                Aim(Path.Join(RealSessions, "linked", "victim.jsonl"));
                break;
            case "symlinked file escape":
                File.CreateSymbolicLink(Path.Join(_state.SessionsDir, "escape.jsonl"), Victim);
                Aim(Path.Join(RealSessions, "escape.jsonl"));
                break;
            case "the store itself":
                Aim(Path.Join(RealSessions, "sessions.json"));
                break;
            case "the lock file":
                Aim(Path.Join(RealSessions, A + ".jsonl.lock"));
                break;
            case "an archive":
                Aim(Path.Join(RealSessions, $"{A}.jsonl.reset.{Stamp}"));
                break;
            case "wrong target name":
                first["to"] = fromA + ".archived";
                break;
            case "target in another directory":
                first["to"] = Path.Join(Path.GetDirectoryName(Victim)!, $"{A}.jsonl.deleted.{Stamp}");
                break;
            case "target escapes by dot-dot":
                first["to"] = $"{fromA}.deleted.{Stamp}/../../../outside/x";
                break;
            case "stamp with colons":
                first["to"] = $"{fromA}.deleted.2026-04-13T06:18:42.123Z";
                break;
            case "stamp without milliseconds":
                first["to"] = $"{fromA}.deleted.2026-04-13T06-18-42Z";
                break;
            case "impossible date in stamp":
                first["to"] = $"{fromA}.deleted.2026-13-45T25-61-61.123Z";
                break;
            case "NUL in from":
                Aim(fromA + "\0x");
                break;
            case "from listed twice":
                second["from"] = fromA;
                second["to"] = $"{fromA}.deleted.{Stamp}";
                break;
            case "forged entry after a valid one":
                second["from"] = Victim;
                second["to"] = $"{Victim}.deleted.{Stamp}";
                break;
            case "from is a number":
                first["from"] = 42;
                break;
            case "to is null":
                first["to"] = null;
                break;
            case "kind is a number":
                first["kind"] = 0;
                break;
            case "unknown kind":
                first["kind"] = "Passwd";
                break;
            case "renames is an object":
                root["renames"] = new JsonObject { ["from"] = Victim };
                break;
            case "rename is a string":
                root["renames"]!.AsArray()[0] = Victim;
                break;
            case "hash is a number":
                root["oldStoreSha256"] = 123;
                break;
            case "hash too short":
                root["newStoreSha256"] = "abc";
                break;
            case "hash in upper case":
                root["newStoreSha256"] = root["newStoreSha256"]!.GetValue<string>().ToUpperInvariant();
                break;
            case "createdAt is not a time":
                root["createdAt"] = "yesterday";
                break;
            case "version 2":
                root["version"] = 2;
                break;
            case "missing renames":
                root.Remove("renames");
                break;
            case "duplicate from property":
                return text.Replace($"\"from\": {first["from"]!.ToJsonString()},", $"\"from\": {first["from"]!.ToJsonString()}, \"from\": {JsonValue.Create(Victim).ToJsonString()},", StringComparison.Ordinal);
            case "root is an array":
                return $"[{text}]";
            case "truncated JSON":
                return text[..(text.Length / 2)];
            case "empty file":
                return "";
            case "huge array":
                return text.Replace("\"renames\": [", "\"renames\": [" + string.Concat(Enumerable.Repeat("{},", JournalReader.MaxRenames)), StringComparison.Ordinal);
            default:
                throw new ArgumentOutOfRangeException(nameof(forgery), forgery, "no such forgery");
        }

        return root.ToJsonString();
    }
}
