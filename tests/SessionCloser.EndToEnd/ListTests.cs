using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.EndToEnd;

public sealed class ListTests : IDisposable
{
    private readonly TempState _state = TempState.Generate(2000, ["project-lead"], transcripts: false);

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task List_json_shows_every_session_of_a_2000_entry_store_with_key_sessionId_and_updatedAt()
    {
        var viaOption = await Repo.RunAsync("session-closer", ["list", "--agent", "project-lead", "--state-dir", _state.StateDir, "--json"]);
        var viaEnvironment = await Repo.RunAsync("session-closer", ["list", "--agent", "project-lead", "--json"], new Dictionary<string, string?> { ["OPENCLAW_STATE_DIR"] = _state.StateDir });

        viaOption.ExitCode.Should().Be(0, Repo.Describe(viaOption));
        using var document = JsonDocument.Parse(viaOption.StandardOutput);
        var root = document.RootElement;
        root.GetProperty("path").GetString().Should().Be(_state.State.Agent("project-lead").StorePath);
        root.GetProperty("count").GetInt32().Should().Be(2000);
        var listed = root.GetProperty("sessions").EnumerateArray()
            .Select(s => (Key: s.GetProperty("key").GetString(), SessionId: s.GetProperty("sessionId").GetString(), UpdatedAt: s.GetProperty("updatedAt").GetInt64()))
            .ToList();
        listed.Should().BeEquivalentTo(_state.State.Sessions.Select(s => (Key: (string?)s.Key, SessionId: (string?)s.SessionId, s.UpdatedAt)));
        listed.Select(s => s.UpdatedAt).Should().BeInDescendingOrder("newest first, as openclaw sessions lists them");

        viaEnvironment.ExitCode.Should().Be(0, Repo.Describe(viaEnvironment));
        WithoutAges(viaEnvironment.StandardOutput).Should().Be(WithoutAges(viaOption.StandardOutput));
    }

    [Fact]
    public async Task List_for_people_names_the_store_and_counts_sessions()
    {
        var result = await Repo.RunAsync("session-closer", ["list", "--state-dir", _state.StateDir]);

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        result.StandardOutput.Should().Contain(_state.State.Agent("project-lead").StorePath).And.Contain("Sessions listed: 2000").And.Contain("agent:project-lead:main");
        result.StandardOutput.Should().NotContain("\u001b[", "no colour when the output is not a terminal");
    }

    [Fact]
    public async Task An_unknown_agent_is_a_usage_error_naming_the_known_ones()
    {
        var result = await Repo.RunAsync("session-closer", ["list", "--agent", "nobody", "--state-dir", _state.StateDir]);

        result.ExitCode.Should().Be(2);
        result.StandardError.Should().Contain("unknown agent \"nobody\"").And.Contain("project-lead");
    }

    /// <summary>ageMs depends on when each run happened; everything else must be identical.</summary>
    private static string WithoutAges(string json) => string.Join('\n', json.Split('\n').Where(l => !l.Contains("\"ageMs\"", StringComparison.Ordinal)));
}
