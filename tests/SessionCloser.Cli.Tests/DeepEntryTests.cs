using System.Text;
using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// An entry nested far deeper than 4,096 levels, which JSON.parse reads (it has no depth limit): listed, copied
/// byte for byte when another session closes, and closable itself (issue 10, defect 6).
/// </summary>
public sealed class DeepEntryTests : IDisposable
{
    private const string DeepSid = "88888888-8888-4888-8888-888888888888";
    private const string DeepKey = "agent:project-lead:deep";

    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    /// <summary>An array nested <paramref name="depth"/> levels inside the entry's <c>responseUsage</c> (a field list --json copies).</summary>
    private static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    private static string EntryText(int depth) =>
        $$"""{"sessionId": "{{DeepSid}}", "responseUsage": {{Nested(depth)}}, "updatedAt": {{FixedClock.NowMs - 1_000}}}""";

    /// <summary>project-lead's hand-made store with the deep entry added as its second key.</summary>
    private string WriteStore(int depth)
    {
        var store = HandMadeState.Store.Insert(HandMadeState.Store.IndexOf("\n  \"", StringComparison.Ordinal) + 1, $"  \"{DeepKey}\": {EntryText(depth)},\n");
        File.WriteAllText(_state.StorePath, store);
        return store;
    }

    [Theory]
    [InlineData(4_097)]
    [InlineData(100_000)]
    public void List_json_copies_the_deep_field_as_stored(int depth)
    {
        WriteStore(depth);

        var result = _state.RunIn("list", "--agent", "project-lead", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var json = JsonDocument.Parse(result.Out, new JsonDocumentOptions { MaxDepth = int.MaxValue });
        var row = json.RootElement.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("key").GetString() == DeepKey);
        row.GetProperty("sessionId").GetString().Should().Be(DeepSid);
        row.GetProperty("responseUsage").GetRawText().Should().Be(Nested(depth));
    }

    [Fact]
    public void Closing_another_session_leaves_the_deep_entry_byte_for_byte()
    {
        var before = WriteStore(100_000);

        var result = _state.RunIn("close", "acme");

        result.ExitCode.Should().Be(0, result.ToString());
        var after = File.ReadAllText(_state.StorePath, Encoding.UTF8);
        after.Should().Contain($"\"{DeepKey}\": {EntryText(100_000)},");
        File.ReadAllText($"{_state.StorePath}.bak-{FixedClock.Stamp}").Should().Be(before);
    }

    [Fact]
    public void The_deep_entry_itself_closes_and_the_rest_stays_as_it_was()
    {
        WriteStore(100_000);

        var result = _state.RunIn("close", "deep");

        result.Should().Be(new CliResult(
            0,
            $"CLOSED {DeepKey} sessionId={DeepSid}\n",
            $"session-closer: closed 1 session(s), archived 0 file(s); backup {_state.StorePath}.bak-{FixedClock.Stamp}\n"));
        File.ReadAllText(_state.StorePath, Encoding.UTF8).Should().Be(HandMadeState.Store.TrimEnd('\n'), "the writer frames as JSON.stringify, without a final newline");
    }
}
