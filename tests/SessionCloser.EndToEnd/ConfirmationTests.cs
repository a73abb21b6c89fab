using System.Text;
using AwesomeAssertions;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd;

/// <summary>
/// keep-only on a terminal shows the plan and asks first. <c>script</c> (util-linux) gives the command a real
/// pseudo-terminal for stdin and stdout, and the answer is typed into it.
/// </summary>
public sealed class ConfirmationTests : IDisposable
{
    private readonly TempState _state = TempState.Generate(12, ["project-lead"], seed: 3);

    public void Dispose() => _state.Dispose();

    private string Keep => _state.State.Sessions.First(s => s.Family == SessionKeyFamily.Project).Key;

    private async Task<BufferedCommandResult> KeepOnlyOnATerminalAsync(string answer)
    {
        // script runs its -c argument with sh: every word is quoted here, and all of them are test-made paths.
        var command = $"'{Path.Join(Repo.Root, "bin", "keep-only-sessions")}' --state-dir '{_state.StateDir}' '{Keep}'";
        return await Cli.Wrap("script")
            .WithArguments(["-qec", command, "/dev/null"])
            .WithStandardInputPipe(PipeSource.FromString(answer + "\n"))
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["OPENCLAW_STATE_DIR"] = null, ["TERM"] = "xterm" })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Answering_no_changes_nothing()
    {
        var before = DirectorySnapshot.Take(_state.StateDir);

        var result = await KeepOnlyOnATerminalAsync("n");

        result.StandardOutput.Should().Contain("Close ").And.Contain("session(s) of agent project-lead?").And.Contain("nothing was changed", Repo.Describe(result));
        result.ExitCode.Should().Be(4);
        before.DiffTo(DirectorySnapshot.Take(_state.StateDir)).Should().BeEmpty();
    }

    [Fact]
    public async Task Answering_yes_closes_everything_else()
    {
        var result = await KeepOnlyOnATerminalAsync("y");

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        result.StandardOutput.Should().Contain("CLOSED ").And.Contain($"KEPT {Keep}");
        using var store = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_state.State.Agent("project-lead").StorePath));
        store.RootElement.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo([Keep, "agent:project-lead:main"]);
    }
}
