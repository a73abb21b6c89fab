using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// A key that exists in the store can always be closed by passing it exactly, whatever it holds: control
/// characters, surrounding whitespace (issue 10, defect 6). Text lines show such characters as <c>\uXXXX</c>;
/// <c>--json</c> carries the key exactly.
/// </summary>
public sealed class ExactKeyTests : IDisposable
{
    private const string Sid = "99999999-9999-4999-8999-999999999999";

    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    public static TheoryData<string, string> Keys => new()
    {
        { "agent:project-lead:a\u0001b", "agent:project-lead:a\\u0001b" },
        { "agent:project-lead:tab\there", "agent:project-lead:tab\\u0009here" },
        { "agent:project-lead:line\nbreak", "agent:project-lead:line\\u000abreak" },
        { "agent:project-lead:cr\r", "agent:project-lead:cr\\u000d" },
        { "agent:project-lead:esc\u001b[31m", "agent:project-lead:esc\\u001b[31m" },
        { "agent:project-lead:del\u007f", "agent:project-lead:del\\u007f" },
        { "agent:project-lead:nel\u0085", "agent:project-lead:nel\\u0085" },
        { "agent:project-lead:ls\u2028", "agent:project-lead:ls\\u2028" },
        { " agent:project-lead:leading-space", " agent:project-lead:leading-space" },
        { "agent:project-lead:trailing-space ", "agent:project-lead:trailing-space " },
        { "\tagent:project-lead:leading-tab", "\\u0009agent:project-lead:leading-tab" },
        { "   ", "   " },
        { "\u0001", "\\u0001" },
    };

    /// <summary>The hand-made store with one more entry under <paramref name="key"/>, escaped as JSON.stringify escapes it.</summary>
    private void AddEntry(string key)
    {
        var store = HandMadeState.Store;
        var entry = $"  {JsonSerializer.Serialize(key)}: {{\"sessionId\": \"{Sid}\", \"updatedAt\": {FixedClock.NowMs}}},\n";
        File.WriteAllText(_state.StorePath, store.Insert(store.IndexOf('\n', StringComparison.Ordinal) + 1, entry));
    }

    private static string[] StoredKeys(string storePath)
    {
        using var store = JsonDocument.Parse(File.ReadAllText(storePath));
        return [.. store.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_exact_key_closes_that_entry_and_nothing_else(string key, string shown)
    {
        AddEntry(key);

        var result = _state.RunIn("close", "--", key);

        result.Should().Be(new CliResult(
            0,
            $"CLOSED {shown} sessionId={Sid}\n",
            $"session-closer: closed 1 session(s), archived 0 file(s); backup {_state.StorePath}.bak-{FixedClock.Stamp}\n"));
        StoredKeys(_state.StorePath).Should().BeEquivalentTo(StoredKeys($"{_state.StorePath}.bak-{FixedClock.Stamp}").Where(k => k != key));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Json_names_the_exact_key(string key, string shown)
    {
        AddEntry(key);

        var result = _state.RunIn("close", "--json", "--dry-run", "--", key);

        result.ExitCode.Should().Be(0, $"{shown}: {result}");
        var closed = Json.Parse(result.Out).GetProperty("results").EnumerateArray().Single();
        (closed.Text("status"), closed.Text("key"), closed.Text("argument")).Should().Be(("closed", key, key));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Keep_only_keeps_the_exact_key(string key, string shown)
    {
        AddEntry(key);

        var result = _state.RunIn("keep-only", "--dry-run", "--", key);

        result.ExitCode.Should().Be(0, $"{shown}: {result}");
        result.Out.Should().Contain($"KEPT {shown}\n").And.NotContain($"WOULD_CLOSE {shown} ");
    }

    [Fact]
    public void A_control_character_in_an_argument_that_is_no_stored_key_is_still_a_usage_error()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--", "acme\u0001");

        result.Should().Be(new CliResult(2, "", "session-closer: 'acme\\u0001' is not a session key or project id: it contains control character U+0001.\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }
}
