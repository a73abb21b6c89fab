using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd;

/// <summary>
/// A misspelt option is a usage error through every bin/ entry point, wherever it stands, and changes nothing. Each
/// case also names a real closable session, so a misspelling read as a session (the old behaviour) would close it.
/// </summary>
public sealed class UnknownOptionTests : IDisposable
{
    private const string Usage = "Run 'session-closer --help' for usage.\n";

    private readonly TempState _state = TempState.Generate(40, ["project-lead", "main"], seed: 11);

    public void Dispose() => _state.Dispose();

    private GeneratedSession Target => _state.State.Sessions.First(s => s.AgentId == "project-lead" && s.Family == SessionKeyFamily.Project && s.LockPath is null);

    private string TargetId => Target.Key["agent:project-lead:".Length..];

    /// <summary>{state} is the state directory, {id} the project id of a closable session.</summary>
    public static TheoryData<string, string, string> Misspellings => new()
    {
        { "close-project", "--agent project-lead --dryrun {id} --state-dir {state}", "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)" },
        { "close-project", "--dryrun --state-dir {state} {id}", "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)" },
        { "close-project", "--state-dir {state} {id} --dry-runn", "unknown option '--dry-runn' for 'close' (did you mean '--dry-run'?)" },
        { "close-project", "--state-dir {state} -yes {id}", "unknown option '-yes' for 'close' (did you mean '--yes'?)" },
        { "close-project", "--state-dir {state} - {id}", "unknown option '-' for 'close' (an argument that starts with '-' goes after '--')" },
        { "close-project", "--state-dir {state} --session-key -{id}", "unknown option '-{id}' for 'close' (a value of --session-key that starts with '-' is written --session-key=-{id})" },
        { "close-project-batch", "--state-dir {state} -n {id}", "unknown option '-n' for 'close' (an argument that starts with '-' goes after '--')" },
        { "close-project-batch", "--state-dir {state} {id} --jsno no-such-project", "unknown option '--jsno' for 'close' (did you mean '--json'?)" },
        { "keep-only-sessions", "--state-dir {state} --dryrun --allow-missing {id}", "unknown option '--dryrun' for 'keep-only' (did you mean '--dry-run'?)" },
        { "keep-only-sessions", "--state-dir {state} --yes {id} --allow-mising", "unknown option '--allow-mising' for 'keep-only' (did you mean '--allow-missing'?)" },
        { "session-closer", "close --frobnicate --state-dir {state} {id}", "unknown option '--frobnicate' for 'close' (an argument that starts with '-' goes after '--')" },
        { "session-closer", "close --json --state-dir {state} {id} --dryrun", "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)" },
        { "session-closer", "keep-only --state-dir {state} --yes {id} --forse", "unknown option '--forse' for 'keep-only' (did you mean '--force'?)" },
        { "session-closer", "list --state-dir {state} --all", "unknown option '--all' for 'list' (did you mean '--all-agents'?)" },
        { "session-closer", "list --dry-run --state-dir {state}", "unknown option '--dry-run' for 'list'" },
        { "session-closer", "--dry-run close --state-dir {state} {id}", "unknown option '--dry-run' for 'session-closer' (options go after the command: session-closer <command> [options])" },
    };

    [Theory]
    [MemberData(nameof(Misspellings))]
    public async Task A_misspelt_option_is_a_usage_error_that_names_it_and_changes_nothing(string script, string arguments, string message)
    {
        var before = DirectorySnapshot.Take(_state.Root);

        var result = await Repo.RunAsync(script, Words(arguments));

        result.ExitCode.Should().Be(2, Repo.Describe(result));
        if (Words(arguments).Contains("--json"))
        {
            // --json answers with the same error as one object (docs/cli.md, "When a --json run fails").
            using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
            json.RootElement.GetProperty("failure").GetString().Should().Be(Fill(message));
            json.RootElement.GetProperty("error").GetProperty("kind").GetString().Should().Be("usage");
        }
        else
        {
            result.StandardOutput.Should().BeEmpty();
        }

        result.StandardError.Should().EndWith($"session-closer: {Fill(message)}\n{Usage}");
        before.DiffTo(DirectorySnapshot.Take(_state.Root)).Should().BeEmpty();
    }

    [Fact]
    public async Task After_a_double_dash_a_word_starting_with_a_dash_is_a_project_id()
    {
        var before = DirectorySnapshot.Take(_state.Root);

        var result = await Repo.RunAsync("close-project", ["--state-dir", _state.StateDir, "--dry-run", TargetId, "--", "--dryrun"]);

        result.ExitCode.Should().Be(3, Repo.Describe(result));
        result.StandardOutput.Should().StartWith($"WOULD_CLOSE {Target.Key} sessionId={Target.SessionId}\n").And.EndWith("NOT_FOUND --dryrun\n");
        before.DiffTo(DirectorySnapshot.Take(_state.Root)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_attached_value_may_start_with_a_dash()
    {
        var before = DirectorySnapshot.Take(_state.Root);

        var result = await Repo.RunAsync("close-project-batch", ["--state-dir", _state.StateDir, "--session-key=-no-such-key"]);

        result.ExitCode.Should().Be(3, Repo.Describe(result));
        result.StandardOutput.Should().Be("NOT_FOUND -no-such-key\n");
        before.DiffTo(DirectorySnapshot.Take(_state.Root)).Should().BeEmpty();
    }

    private string Fill(string text) => text.Replace("{state}", _state.StateDir, StringComparison.Ordinal).Replace("{id}", TargetId, StringComparison.Ordinal);

    private string[] Words(string arguments) => [.. arguments.Split(' ').Select(Fill)];
}
