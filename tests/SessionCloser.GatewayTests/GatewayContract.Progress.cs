using AwesomeAssertions;
using SessionCloser.Closing;

namespace SessionCloser.GatewayTests;

/// <summary>
/// A close through the gateway tells its progress sink each outcome as that session's delete answers, in the
/// report's order: what the CLI prints line by line (and counts on its progress line) while the run goes on.
/// </summary>
public abstract partial class GatewayContract<TGateway>
{
    [Fact]
    public async Task The_gateway_closer_reports_each_outcome_as_its_delete_answers_in_report_order()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:stream-{Guid.NewGuid():N}"[..40];
        var first = await client.CreateSessionAsync(prefix + "-1", cancellationToken: Ct);
        var second = await client.CreateSessionAsync(prefix + "-2", cancellationToken: Ct);
        var third = await client.CreateSessionAsync(prefix + "-3", cancellationToken: Ct);
        var catalog = new Backends.GatewayCatalog(
            [new(first.Key, first.SessionId, 3, HasActiveRun: false), new(second.Key, second.SessionId, 2, HasActiveRun: false), new(third.Key, third.SessionId, 1, HasActiveRun: false)],
            StoreFile: null);
        var missing = prefix + "-missing";
        var steps = new List<CloseProgress>();
        var progress = new Synchronous(steps.Add);
        var request = new CloseRequest
        {
            StorePath = "(gateway)",
            AgentId = "main",
            Mode = CloseMode.Close,
            Arguments = [first.Key, missing, second.Key, third.Key],
            Progress = progress,
        };

        var report = await new Backends.GatewayCloser(client, TimeProvider.System).CloseAsync(request, catalog, Ct);

        // Done is what had been answered when the step was told: each line left before the next delete was sent.
        steps.Select(s => (s.Done, s.Total, s.Outcome?.Status, s.Outcome?.Subject)).Should().Equal(
            (0, 3, null, null),
            (1, 3, OutcomeStatus.Closed, first.Key),
            (1, 3, OutcomeStatus.NotFound, missing),
            (2, 3, OutcomeStatus.Closed, second.Key),
            (3, 3, OutcomeStatus.Closed, third.Key));
        steps.Where(s => s.Outcome is not null).Select(s => s.Outcome).Should().Equal(report.Outcomes, ReferenceEquals, "the lines are the report's own outcomes, in its order");
        (await client.SessionExistsAsync(third.Key, Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task A_dry_run_through_the_gateway_tells_the_sink_nothing()
    {
        await using var client = await Gateway.ConnectAsync();
        var session = await client.CreateSessionAsync($"agent:main:explicit:streamdry-{Guid.NewGuid():N}"[..40], cancellationToken: Ct);
        var catalog = new Backends.GatewayCatalog([new(session.Key, session.SessionId, 1, HasActiveRun: false)], StoreFile: null);
        var steps = new List<CloseProgress>();
        var request = new CloseRequest { StorePath = "(gateway)", AgentId = "main", Mode = CloseMode.Close, Arguments = [session.Key], DryRun = true, Progress = new Synchronous(steps.Add) };

        var report = await new Backends.GatewayCloser(client, TimeProvider.System).CloseAsync(request, catalog, Ct);

        report.Outcomes.Should().ContainSingle().Which.Status.Should().Be(OutcomeStatus.Closed);
        steps.Should().BeEmpty();
        (await client.SessionExistsAsync(session.Key, Ct)).Should().BeTrue();
    }

    /// <summary>Told on the closer's own thread, at once (Progress&lt;T&gt; would post to a context and lose the order).</summary>
    private sealed class Synchronous(Action<CloseProgress> report) : IProgress<CloseProgress>
    {
        public void Report(CloseProgress value) => report(value);
    }
}
