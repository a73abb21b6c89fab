using System.Text.RegularExpressions;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// File kinds have one spelling everywhere: close --json, restore --json and the operation record say
/// <c>transcript</c>, <c>topic-transcript</c>, …; records written before that (<c>Transcript</c>, <c>TopicTranscript</c>)
/// are still restored.
/// </summary>
public sealed partial class FileKindNameTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    private string RecordPath(string id) => Path.Join(_state.StateDir, "session-closer", "operations", id + ".json");

    [Fact]
    public void Close_json_the_record_and_restore_json_use_the_same_kind_names()
    {
        var close = Json.Parse(_state.RunIn("close", "--json", "acme").Out);
        var id = close.Text("operationId")!;
        var closeKinds = close.GetProperty("results")[0].GetProperty("files").EnumerateArray().Select(f => f.Text("kind")).ToList();

        var recordKinds = Json.Parse(File.ReadAllText(RecordPath(id))).GetProperty("renames").EnumerateArray().Select(r => r.Text("kind")).ToList();
        var restore = Json.Parse(_state.RunIn("restore", "--json", id).Out);
        var restoreKinds = restore.GetProperty("results")[0].GetProperty("files").EnumerateArray().Select(f => f.Text("kind")).ToList();

        closeKinds.Should().BeEquivalentTo(["transcript", "topic-transcript"]);
        recordKinds.Should().BeEquivalentTo(closeKinds);
        restoreKinds.Should().BeEquivalentTo(closeKinds);
    }

    [Fact]
    public void A_record_written_with_the_old_enum_names_is_still_restored()
    {
        var id = Json.Parse(_state.RunIn("close", "--json", "acme").Out).Text("operationId")!;
        var record = File.ReadAllText(RecordPath(id));
        var old = KindField().Replace(record, m => m.Value.Replace("\"topic-transcript\"", "\"TopicTranscript\"", StringComparison.Ordinal).Replace("\"transcript\"", "\"Transcript\"", StringComparison.Ordinal));
        old.Should().Contain("\"kind\": \"TopicTranscript\"").And.Contain("\"kind\": \"Transcript\"").And.NotContain("\"kind\": \"transcript\"");
        File.WriteAllText(RecordPath(id), old);

        var restore = _state.RunIn("restore", "--json", id);

        restore.ExitCode.Should().Be(0, restore.ToString());
        Json.Parse(restore.Out).GetProperty("results")[0].GetProperty("files").EnumerateArray().Select(f => f.Text("kind")).Should().BeEquivalentTo(["transcript", "topic-transcript"]);
        File.ReadAllText(_state.StorePath).Should().Be(HandMadeState.Store);
    }

    [Fact]
    public void An_unknown_kind_in_a_record_is_refused_naming_the_names()
    {
        var id = Json.Parse(_state.RunIn("close", "--json", "acme").Out).Text("operationId")!;
        File.WriteAllText(RecordPath(id), File.ReadAllText(RecordPath(id)).Replace("\"kind\": \"transcript\"", "\"kind\": \"Transcripts\"", StringComparison.Ordinal));

        var restore = _state.RunIn("restore", id);

        restore.ExitCode.Should().Be(5);
        restore.Error.Should().Contain("\"Transcripts\" is not one of transcript, topic-transcript, fork-transcript, checkpoint-transcript, trajectory-sidecar");
    }

    [GeneratedRegex("\"kind\": \"[a-z-]+\"")]
    private static partial Regex KindField();
}
