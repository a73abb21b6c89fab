using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Errors;
using SessionCloser.Operations;
using SessionCloser.Tests.Closing;

namespace SessionCloser.Tests.Selecting;

/// <summary><c>list</c> with selectors: the same evaluation as a selector close, but protected sessions are shown.</summary>
public sealed class ListSelectorTests : IDisposable
{
    private const long Day = 86_400_000;

    private readonly ClosingState _state = new ClosingState()
        .Session("agent:project-lead:main", "s-main", updatedAt: ClosingState.Recent - (40 * Day))
        .Session("agent:project-lead:team", "s-team", e => e["chatType"] = "group", updatedAt: ClosingState.Recent - (40 * Day))
        .Session("agent:project-lead:acme", "s-acme", e => e["archivedAt"] = ClosingState.Recent - Day, updatedAt: ClosingState.Recent - (40 * Day))
        .Session("agent:project-lead:child", "s-child", e => e["spawnedBy"] = "agent:project-lead:main", updatedAt: ClosingState.Recent - Day)
        .Save();

    public void Dispose() => _state.Dispose();

    private OperationContext Context => new(
        new OpenClawEnvironment(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = _state.Root,
                ["OPENCLAW_STATE_DIR"] = _state.Root,
                ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9",
            },
            osHomeDirectory: _state.Root,
            currentDirectory: _state.Root),
        new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(ClosingState.Recent)));

    private async Task<IEnumerable<string>> ListAsync(SessionSelector selector, ArchiveFilter archive = ArchiveFilter.All)
    {
        var report = await ListOperation.RunAsync(Context, new ListOptions { AgentId = "project-lead", Selector = selector, Archive = archive }, TestContext.Current.CancellationToken);
        return report.Stores.Single().Sessions.Select(s => s.Key);
    }

    [Fact]
    public async Task Selectors_filter_rows_and_show_protected_sessions()
    {
        (await ListAsync(new SessionSelector { OlderThan = TimeSpan.FromDays(30) })).Should().BeEquivalentTo(
            ["agent:project-lead:main", "agent:project-lead:team", "agent:project-lead:acme"], "list filters, it does not protect");
        (await ListAsync(new SessionSelector { Kinds = ["subagent"] })).Should().Equal("agent:project-lead:child");
        (await ListAsync(new SessionSelector { Kinds = ["group"] })).Should().Equal("agent:project-lead:team");
        (await ListAsync(new SessionSelector { Archive = ArchiveFilter.ArchivedOnly })).Should().Equal("agent:project-lead:acme");
        (await ListAsync(new SessionSelector { Match = ["*:t*"], Except = ["team"] })).Should().BeEmpty();
        (await ListAsync(new SessionSelector { OlderThan = TimeSpan.FromDays(30) }, ArchiveFilter.ActiveOnly)).Should().BeEquivalentTo(
            ["agent:project-lead:main", "agent:project-lead:team"], "--active still applies beside the selectors");
    }

    [Fact]
    public async Task A_bad_selector_is_a_usage_error()
    {
        var act = () => ListAsync(new SessionSelector { Kinds = ["cronrun"] });

        var error = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        error.ExitCode.Should().Be(ExitCode.Usage);
        error.Message.Should().Contain("cron-run").And.Contain("subagent");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
