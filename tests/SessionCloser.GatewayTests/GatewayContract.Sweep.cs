using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Operations;

namespace SessionCloser.GatewayTests;

/// <summary>A close by selectors through the gateway: the plan from the gateway's catalog, the run pinned to it.</summary>
public abstract partial class GatewayContract<TGateway>
{
    [Fact]
    public async Task A_selector_run_closes_exactly_its_plan_through_the_gateway_and_skips_a_session_gone_since()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:sw-{Guid.NewGuid():N}"[..40];
        var first = await client.CreateSessionAsync(prefix + "-a", cancellationToken: Ct);
        var second = await client.CreateSessionAsync(prefix + "-b", cancellationToken: Ct);
        var kept = await client.CreateSessionAsync(prefix + "-keep", label: "keep me", cancellationToken: Ct);
        var options = new CloseOptions
        {
            Mode = CloseMode.Close,
            Arguments = [],
            AgentId = "main",
            Selector = new SessionSelector { Match = [prefix + "-*"], Kinds = ["explicit"], Except = [kept.Key] },
        };

        await using var sweep = await SweepOperation.OpenAsync(SandboxContext("close", "--match", prefix + "-*"), options, Ct);
        var plan = await sweep.PlanAsync(Ct);

        var store = plan.Stores.Should().ContainSingle().Subject;
        store.Route.Backend.Should().Be(CloseBackend.Gateway);
        var outcomes = store.Preview.Outcomes.ToDictionary(o => o.Subject);
        outcomes.Values.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject).Should().BeEquivalentTo([first.Key, second.Key]);
        outcomes[kept.Key].Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Kept && o.Reason == "--except " + kept.Key && o.Kind == "explicit");
        outcomes.Values.Where(o => !o.Subject.StartsWith(prefix, StringComparison.Ordinal)).Should().OnlyContain(o => o.Status == OutcomeStatus.Kept,
            "every other session of the gateway is left, with why");

        // Gone between the plan and the run: skipped, never another session picked in its place.
        await client.DeleteSessionAsync(second.Key, second.SessionId, cancellationToken: Ct);
        var result = await sweep.RunAsync(plan, Ct);

        var closed = result.Stores.Should().ContainSingle().Subject.Report;
        closed.Backend.Should().Be(CloseBackend.Gateway);
        closed.Outcomes.Single(o => o.Subject == first.Key).Status.Should().Be(OutcomeStatus.Closed);
        closed.Outcomes.Single(o => o.Subject == second.Key).Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Skipped && o.Reason!.StartsWith(SessionChooser.ChangedSincePlan));
        closed.Outcomes.Should().HaveCount(2);
        closed.OperationId.Should().NotBeNull("the store's close is one operation in the log");
        result.ExitCode.Should().Be(ExitCode.Refused);
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Select(r => r.Key).Should().Equal([kept.Key]);
    }
}
