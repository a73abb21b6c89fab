using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Config;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Listing;
using SessionCloser.Operations;
using SessionCloser.Tests.Closing;

namespace SessionCloser.Tests.Operations;

/// <summary>
/// The engine's entry points used the way a second front end would: no CLI, only options in and reports out.
/// Every decision (route, era rules, protected sessions, display kinds, exit code) comes back in the report.
/// </summary>
public sealed class OperationTests : IDisposable
{
    private readonly ClosingState _state = new ClosingState()
        .Session("agent:project-lead:main", "s-main")
        .Session("agent:project-lead:acme", "s-acme", e => e["label"] = "Acme")
        .Session("agent:project-lead:team", "s-team", e => e["chatType"] = "group", updatedAt: ClosingState.Recent - 1000)
        .Session("agent:project-lead:child", "s-child", e => e["spawnedBy"] = "agent:project-lead:acme", updatedAt: ClosingState.Recent - 2000)
        .Session("agent:project-lead:quiet", "s-quiet", e => e["spawnedBy"] = "", transcript: false, updatedAt: ClosingState.Recent - 3000)
        .Save();

    public void Dispose() => _state.Dispose();

    private OperationContext Context => new(
        new OpenClawEnvironment(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = _state.Root,
                ["OPENCLAW_STATE_DIR"] = _state.Root,
                ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9", // nothing listens: the files backend
            },
            osHomeDirectory: _state.Root,
            currentDirectory: _state.Root),
        TimeProvider.System);

    [Fact]
    public async Task List_reports_rows_with_kinds_and_marks_decided_by_the_engine()
    {
        var report = await ListOperation.RunAsync(Context, new ListOptions { AgentId = "project-lead" }, TestContext.Current.CancellationToken);

        report.Source.Should().Be(ListSource.StoreFiles);
        report.Path.Should().Be(_state.StorePath);
        var rows = report.Stores.Should().ContainSingle().Which.Sessions.ToDictionary(s => s.Key);
        rows["agent:project-lead:main"].Flags.Should().Be(SessionMarks.Protected);
        rows["agent:project-lead:acme"].Should().Match<ListedSession>(s => s.Label == "Acme" && s.DisplayKind == "direct" && s.Flags == SessionMarks.None);
        rows["agent:project-lead:team"].DisplayKind.Should().Be("group");
        rows["agent:project-lead:child"].DisplayKind.Should().Be("spawn-child");
        rows["agent:project-lead:quiet"].Should().Match<ListedSession>(s => s.DisplayKind == "direct" && s.Flags == SessionMarks.MissingTranscript,
            "an empty spawnedBy is falsy in JavaScript, and its transcript is missing");
    }

    [Fact]
    public async Task List_refuses_an_agent_named_beside_every_agent()
    {
        var act = () => ListOperation.RunAsync(Context, new ListOptions { AgentId = "project-lead", AllAgents = true }, TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<SessionCloserException>()).Which.ExitCode.Should().Be(ExitCode.Usage);
    }

    [Fact]
    public async Task Close_routes_to_the_files_previews_and_then_closes()
    {
        var options = new CloseOptions { Mode = CloseMode.KeepOnly, Arguments = ["acme"], AgentId = "project-lead" };
        await using var operation = await CloseOperation.OpenAsync(Context, options, TestContext.Current.CancellationToken);
        operation.Route.Backend.Should().Be(CloseBackend.Files);
        operation.Route.Era.Should().Be(StorageEra.Unknown);

        var before = _state.Snapshot();
        var preview = await operation.PreviewAsync(TestContext.Current.CancellationToken);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty("a preview changes nothing");
        preview.DryRun.Should().BeTrue();

        var result = await operation.RunAsync(TestContext.Current.CancellationToken);
        result.Report.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject)
            .Should().BeEquivalentTo(preview.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject))
            .And.BeEquivalentTo(["agent:project-lead:team", "agent:project-lead:child", "agent:project-lead:quiet"]);
        result.ExitCode.Should().Be(ExitCode.Success);
        result.Restart.Should().BeNull("no restart was asked for");
        _state.StoreText.Should().Contain("agent:project-lead:acme").And.Contain("agent:project-lead:main").And.NotContain("agent:project-lead:team");
    }

    [Theory]
    [InlineData(0, 30.0, false)]
    [InlineData(10, -1.0, false)]
    [InlineData(10, 3601.0, false)]
    [InlineData(10, 30.0, true)]
    public async Task Close_refuses_options_that_cannot_work_before_reading_anything(int keepBackups, double lockSeconds, bool archiveWithFiles)
    {
        var options = new CloseOptions
        {
            Mode = CloseMode.Close,
            Arguments = ["acme"],
            KeepBackups = keepBackups,
            LockTimeout = TimeSpan.FromSeconds(lockSeconds),
            Archive = archiveWithFiles,
            Backend = archiveWithFiles ? BackendPreference.Files : BackendPreference.Auto,
            StateDir = Path.Join(_state.Root, "does-not-exist"),
        };

        var act = () => CloseOperation.OpenAsync(Context, options, TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<SessionCloserException>()).Which.ExitCode.Should().Be(ExitCode.Usage);
    }
}
