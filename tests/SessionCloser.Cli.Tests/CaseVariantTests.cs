using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// Case variants (<c>alpha</c> and <c>ALPHA</c>) are one session but two stored entries: the lines name every
/// key closed, and the summary says how many keys when that differs from the sessions (issue 10, defect 6).
/// </summary>
public sealed class CaseVariantTests : IDisposable
{
    private const string LowerKey = "agent:project-lead:alpha";
    private const string UpperKey = "agent:project-lead:ALPHA";
    private const string LowerSid = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    private const string UpperSid = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

    private readonly HandMadeState _state = new();

    public CaseVariantTests()
    {
        var store = HandMadeState.Store;
        var entries = $$"""
              "{{LowerKey}}": {"sessionId": "{{LowerSid}}", "updatedAt": {{FixedClock.NowMs - 5_000}}},
              "{{UpperKey}}": {"sessionId": "{{UpperSid}}", "updatedAt": {{FixedClock.NowMs - 1_000}}},

            """;
        File.WriteAllText(_state.StorePath, store.Insert(store.IndexOf('\n', StringComparison.Ordinal) + 1, entries));
        File.WriteAllText(_state.Transcript(LowerSid), "{}\n");
        File.WriteAllText(_state.Transcript(UpperSid), "{}\n");
    }

    public void Dispose() => _state.Dispose();

    private string Backup => $"{_state.StorePath}.bak-{FixedClock.Stamp}";

    [Fact]
    public void Close_prints_a_closed_line_for_each_key_and_counts_both()
    {
        var result = _state.RunIn("close", "alpha");

        result.Should().Be(new CliResult(
            0,
            $"CLOSED {LowerKey} sessionId={LowerSid}\nCLOSED {UpperKey} sessionId={UpperSid}\n",
            $"session-closer: closed 1 session(s) (2 keys), archived 2 file(s); backup {Backup}\n"));
        File.ReadAllText(_state.StorePath).Should().NotContain("alpha").And.NotContain("ALPHA");
    }

    [Fact]
    public void A_dry_run_names_each_key_it_would_close()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--dry-run", "ALPHA", "acme");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Split('\n').Where(l => l.StartsWith("WOULD_CLOSE", StringComparison.Ordinal)).Should().Equal(
            $"WOULD_CLOSE {LowerKey} sessionId={LowerSid}",
            $"WOULD_CLOSE {UpperKey} sessionId={UpperSid}",
            $"WOULD_CLOSE {HandMadeState.AcmeKey} sessionId={HandMadeState.AcmeSid}");
        result.Error.Should().EndWith($"dry run: would close 2 session(s) (3 keys) and archive 4 file(s) in {_state.StorePath}; nothing was changed\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Json_lists_every_key_with_its_own_session_id_and_counts_keys()
    {
        var result = _state.RunIn("close", "--json", "alpha");

        result.ExitCode.Should().Be(0, result.ToString());
        var root = Json.Parse(result.Out);
        CloseCommandTests.AssertSummary(root, closed: 1, notFound: 0, kept: 0, skipped: 0, archivedFiles: 2, closedKeys: 2);
        var closed = root.GetProperty("results").EnumerateArray().Single();
        (closed.Text("key"), closed.Text("sessionId")).Should().Be((UpperKey, UpperSid), "the newest variant names the session");
        Json.Strings(closed.GetProperty("keys")).Should().Equal(LowerKey, UpperKey);
        closed.GetProperty("variants").EnumerateArray().Select(v => (v.Text("key"), v.Text("sessionId"))).Should().Equal((LowerKey, LowerSid), (UpperKey, UpperSid));
    }

    [Fact]
    public void Keep_only_names_each_key_it_closes()
    {
        var result = _state.RunIn("keep-only", "acme");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Contain($"CLOSED {LowerKey} sessionId={LowerSid}\nCLOSED {UpperKey} sessionId={UpperSid}\n");
        result.Error.Should().Contain("closed 5 session(s) (6 keys)");
    }
}
