using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Operations;
using SessionCloser.Tests.Closing;

namespace SessionCloser.Tests.Selecting;

/// <summary>A selector run on one agent's file store, in process: plan, then run exactly the plan.</summary>
public sealed class SweepOperationTests : IDisposable
{
    private const long Day = 86_400_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(ClosingState.Recent);

    private readonly ClosingState _state = new ClosingState()
        .Session("agent:project-lead:main", "s-main", updatedAt: ClosingState.Recent - (40 * Day))
        .Session("agent:project-lead:cron:nightly", "s-cron", updatedAt: ClosingState.Recent - (40 * Day))
        .Session("agent:project-lead:cron:nightly:run:r1", "s-r1", updatedAt: ClosingState.Recent - (3 * Day))
        .Session("agent:project-lead:cron:nightly:run:r2", "s-r2", updatedAt: ClosingState.Recent - (2 * Day))
        .Session("agent:project-lead:cron:nightly:run:r3", "s-r3", updatedAt: ClosingState.Recent - (1 * Day) + 1000)
        .Session("agent:project-lead:team", "s-team", e => e["chatType"] = "group", updatedAt: ClosingState.Recent - (40 * Day))
        .Session("agent:project-lead:acme", "s-acme", updatedAt: ClosingState.Recent - (10 * Day))
        .Save();

    public void Dispose() => _state.Dispose();

    private OperationContext Context => SelectingContext.Files(_state.Root, Now);

    private static CloseOptions Options(SessionSelector selector) => new()
    {
        Mode = CloseMode.Close,
        Arguments = [],
        AgentId = "project-lead",
        Selector = selector,
        LockTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task The_plan_picks_old_sessions_and_says_why_each_other_stays()
    {
        var before = _state.Snapshot();
        await using var sweep = await SweepOperation.OpenAsync(Context, Options(new SessionSelector { OlderThan = TimeSpan.FromDays(1.5) }), TestContext.Current.CancellationToken);
        var plan = await sweep.PlanAsync(TestContext.Current.CancellationToken);

        before.DiffTo(_state.Snapshot()).Should().BeEmpty("a plan changes nothing");
        var store = plan.Stores.Should().ContainSingle().Subject;
        store.Route.Backend.Should().Be(CloseBackend.Files);
        var outcomes = store.Preview.Outcomes.ToDictionary(o => o.Subject);
        outcomes.Values.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject).Should().BeEquivalentTo(
            "agent:project-lead:cron:nightly", "agent:project-lead:cron:nightly:run:r1", "agent:project-lead:cron:nightly:run:r2", "agent:project-lead:acme");
        outcomes["agent:project-lead:main"].Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Kept && o.Reason == "main session" && o.Kind == "main");
        outcomes["agent:project-lead:team"].Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Kept && o.Reason == "group session (use --include-groups)" && o.Kind == "group");
        outcomes["agent:project-lead:cron:nightly:run:r3"].Reason.Should().StartWith("newer than 1d12h");
        outcomes["agent:project-lead:cron:nightly:run:r1"].Should().Match<SessionOutcome>(o => o.Kind == "cron-run" && o.UpdatedAt == ClosingState.Recent - (3 * Day));
        store.ArchiveBytes.Should().Be(new[] { "s-cron", "s-r1", "s-r2", "s-acme" }.Sum(id => new FileInfo(Path.Join(_state.SessionsDir, id + ".jsonl")).Length));
        plan.ClosingCount.Should().Be(4);
    }

    [Fact]
    public async Task The_run_closes_exactly_the_plan_with_one_record_that_restore_undoes()
    {
        var originalStore = _state.StoreText;
        var originalFiles = _state.FileNames.ToList();
        await using var sweep = await SweepOperation.OpenAsync(Context, Options(new SessionSelector { Kinds = ["cron-run"], KeepLast = 1 }), TestContext.Current.CancellationToken);
        var plan = await sweep.PlanAsync(TestContext.Current.CancellationToken);
        plan.Stores[0].Preview.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject)
            .Should().BeEquivalentTo("agent:project-lead:cron:nightly:run:r1", "agent:project-lead:cron:nightly:run:r2");
        plan.Stores[0].Preview.Outcomes.Single(o => o.Subject.EndsWith("r3", StringComparison.Ordinal)).Reason.Should().Be("one of the newest 1 cron-run sessions of job nightly");

        var result = await sweep.RunAsync(plan, TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(ExitCode.Success);
        var closed = result.Stores.Should().ContainSingle().Subject.Report;
        closed.Outcomes.Should().OnlyContain(o => o.Status == OutcomeStatus.Closed && o.Kind == "cron-run" && o.Argument == null);
        closed.Outcomes.Select(o => o.Subject).Should().BeEquivalentTo("agent:project-lead:cron:nightly:run:r1", "agent:project-lead:cron:nightly:run:r2");
        _state.StoreText.Should().NotContain("run:r1").And.NotContain("run:r2").And.Contain("run:r3");
        closed.OperationId.Should().NotBeNull();

        var restored = await RestoreOperation.RunAsync(Context, new RestoreOptions { AgentId = "project-lead", OperationId = closed.OperationId }, TestContext.Current.CancellationToken);
        restored.ExitCode.Should().Be(ExitCode.Success);
        _state.StoreText.Should().Be(originalStore, "restore puts the store back byte for byte");
        _state.FileNames.Where(f => !f.Contains(".bak-", StringComparison.Ordinal)).Should().BeEquivalentTo(originalFiles, "every transcript is back under its own name");
    }

    [Fact]
    public async Task A_session_changed_between_plan_and_run_is_skipped_never_replaced()
    {
        await using var sweep = await SweepOperation.OpenAsync(Context, Options(new SessionSelector { Match = ["agent:*:cron:*:run:*"] }), TestContext.Current.CancellationToken);
        var plan = await sweep.PlanAsync(TestContext.Current.CancellationToken);
        plan.ClosingCount.Should().Be(3);

        // r2 is reset (another sessionId under the same key), r3 is deleted, a new run r4 appears: none of them may be closed.
        var text = _state.StoreText.Replace("\"s-r2\"", "\"s-r2b\"", StringComparison.Ordinal);
        var store = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        store.Remove("agent:project-lead:cron:nightly:run:r3");
        store["agent:project-lead:cron:nightly:run:r4"] = new System.Text.Json.Nodes.JsonObject { ["sessionId"] = "s-r4", ["updatedAt"] = 1 };
        File.WriteAllText(_state.StorePath, SessionCloser.Fixtures.JsJson.Stringify(store));

        var result = await sweep.RunAsync(plan, TestContext.Current.CancellationToken);

        var outcomes = result.Stores.Single().Report.Outcomes.ToDictionary(o => o.Subject);
        outcomes["agent:project-lead:cron:nightly:run:r1"].Status.Should().Be(OutcomeStatus.Closed);
        outcomes["agent:project-lead:cron:nightly:run:r2"].Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Skipped && o.Reason!.StartsWith(SessionChooser.ChangedSincePlan));
        outcomes["agent:project-lead:cron:nightly:run:r3"].Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Skipped && o.Reason!.StartsWith(SessionChooser.ChangedSincePlan));
        outcomes.Should().NotContainKey("agent:project-lead:cron:nightly:run:r4");
        _state.StoreText.Should().Contain("s-r2b").And.Contain("run:r4");
        result.ExitCode.Should().Be(ExitCode.Refused);
    }

    public static TheoryData<string, CloseOptions> BadOptions => new()
    {
        { "at least one selector", Options(new SessionSelector()) },
        { "at least one selector", Options(new SessionSelector { IncludeGroups = true }) },
        { "--all-agents closes by selectors", Options(new SessionSelector()) with { AgentId = null, AllAgents = true } },
        { "--agent and --all-agents", Options(new SessionSelector { KeepLast = 1 }) with { AllAgents = true } },
        { "not both", Options(new SessionSelector { KeepLast = 1 }) with { Arguments = ["acme"] } },
        { "keep-only takes no selectors", Options(new SessionSelector { KeepLast = 1 }) with { Mode = CloseMode.KeepOnly } },
        { "--keep-last must be at least 1", Options(new SessionSelector { KeepLast = 0 }) },
        { "--older-than must be longer than 0", Options(new SessionSelector { OlderThan = TimeSpan.Zero }) },
        { "the kinds are main, project, direct", Options(new SessionSelector { Kinds = ["cron,bogus"] }) },
        { "no closing ]", Options(new SessionSelector { Match = ["agent:[x"] }) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Bad_options_are_usage_errors_before_anything_is_read(string problem, CloseOptions options)
    {
        var before = _state.Snapshot();
        var act = () => SweepOperation.OpenAsync(Context, options, TestContext.Current.CancellationToken);

        var error = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        error.ExitCode.Should().Be(ExitCode.Usage);
        error.Message.Should().Contain(problem);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_except_that_names_no_session_refuses_the_plan_and_changes_nothing()
    {
        // A typo in --except would close the session it meant to keep: refused as keep-only refuses an unknown keep id.
        var before = _state.Snapshot();
        await using var sweep = await SweepOperation.OpenAsync(Context, Options(new SessionSelector { OlderThan = TimeSpan.FromDays(1.5), Except = ["acme", "acne"] }), TestContext.Current.CancellationToken);

        var refusal = await FluentActions.Awaiting(() => sweep.PlanAsync(TestContext.Current.CancellationToken)).Should().ThrowAsync<SessionCloserException>();

        refusal.Which.ExitCode.Should().Be(ExitCode.Refused);
        refusal.Which.Message.Should().StartWith("--except acne names no session of agent project-lead.");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_except_that_names_a_session_keeps_it_and_adds_no_other_line()
    {
        await using var sweep = await SweepOperation.OpenAsync(Context, Options(new SessionSelector { OlderThan = TimeSpan.FromDays(1.5), Except = ["acme"] }), TestContext.Current.CancellationToken);

        var plan = await sweep.PlanAsync(TestContext.Current.CancellationToken);

        var outcomes = plan.Stores.Should().ContainSingle().Subject.Preview.Outcomes;
        outcomes.Should().NotContain(o => o.Status == OutcomeStatus.NotFound);
        outcomes.Single(o => o.Subject == "agent:project-lead:acme").Should().Match<SessionOutcome>(o => o.Status == OutcomeStatus.Kept && o.Reason == "--except acme");
    }

    [Fact]
    public async Task An_unknown_agent_is_refused_as_close_refuses_it()
    {
        var act = () => SweepOperation.OpenAsync(Context, Options(new SessionSelector { KeepLast = 1 }) with { AgentId = "nobody" }, TestContext.Current.CancellationToken);

        var error = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        error.ExitCode.Should().Be(ExitCode.Usage);
        error.Message.Should().Contain("unknown agent \"nobody\"").And.Contain("project-lead");
    }

    [Fact]
    public async Task A_signal_before_the_run_closes_nothing_and_names_the_stores_not_started()
    {
        var before = _state.StoreText;
        await using var sweep = await SweepOperation.OpenAsync(Context, Options(new SessionSelector { Kinds = ["cron-run"] }), TestContext.Current.CancellationToken);
        var plan = await sweep.PlanAsync(TestContext.Current.CancellationToken);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await sweep.RunAsync(plan, cancelled.Token);

        result.Stores.Should().BeEmpty();
        result.NotStarted.Should().Equal("project-lead");
        result.ExitCode.Should().Be(ExitCode.Interrupted);
        _state.StoreText.Should().Be(before);
    }
}
