using AwesomeAssertions;
using SessionCloser.Closing;
using static SessionCloser.Tests.Selecting.SelectorTestStore;

namespace SessionCloser.Tests.Selecting;

/// <summary>Each selector alone and combined, each protection, with the reason every session left gets.</summary>
public sealed class SelectorEvaluationTests
{
    private const long Day = 86_400_000;
    private const long Now = 100 * Day;

    private static readonly TestRecord[] Store =
    [
        TestRecord.Of("agent:a:main", Now - (50 * Day)),
        TestRecord.Of("main", Now - (50 * Day)),
        TestRecord.Of("global", Now - (50 * Day)),
        TestRecord.Of("unknown", Now - (50 * Day)),
        TestRecord.Of("agent:a:acme", Now - (40 * Day), label: "Acme"),
        TestRecord.Of("agent:a:project-beta", Now - (5 * Day)),
        TestRecord.Of("agent:a:cron:nightly", Now - (40 * Day)),
        TestRecord.Of("agent:a:cron:nightly:run:r1", Now - (3 * Day)),
        TestRecord.Of("agent:a:cron:nightly:run:r2", Now - (2 * Day)),
        TestRecord.Of("agent:a:cron:nightly:run:r3", Now - (1 * Day)),
        TestRecord.Of("agent:a:cron:weekly:run:w1", Now - (20 * Day)),
        TestRecord.Of("agent:a:subagent:s1", Now - (30 * Day)),
        TestRecord.Of("agent:a:child", Now - (30 * Day), spawned: true),
        TestRecord.Of("agent:a:telegram:group:g1", Now - (60 * Day)),
        TestRecord.Of("agent:a:discord:channel:c1", Now - (60 * Day)),
        TestRecord.Of("agent:a:room", Now - (60 * Day), chatType: "group"),
        TestRecord.Of("agent:a:slack:direct:u1:thread:t1", Now - (60 * Day)),
        TestRecord.Of("agent:a:old-archived", Now - (70 * Day), archived: true),
        TestRecord.Of("agent:b:other", Now - (70 * Day)),
        TestRecord.Of("agent:a:no-time", updatedAt: null),
    ];

    private static SelectorCriteria Criteria => new() { NowMs = Now };

    [Fact]
    public void Older_than_picks_by_updatedAt_and_counts_a_session_without_one_as_oldest()
    {
        var verdicts = Evaluate(Criteria with { OlderThanMs = 30 * Day }, Store);

        verdicts.Where(v => v.Value.Picked).Select(v => v.Key).Should().BeEquivalentTo(
            "agent:a:acme", "agent:a:cron:nightly", "agent:a:subagent:s1", "agent:a:child", "agent:a:old-archived", "agent:a:no-time");
        verdicts["agent:a:project-beta"].Reason.Should().Be("newer than 30d (updated 5d ago)");
    }

    [Fact]
    public void Every_protected_session_stays_with_its_reason()
    {
        var verdicts = Evaluate(Criteria with { OlderThanMs = 1 }, Store);

        verdicts["agent:a:main"].Reason.Should().Be("main session");
        verdicts["main"].Reason.Should().Be("main session");
        verdicts["global"].Reason.Should().Be("protected");
        verdicts["unknown"].Reason.Should().Be("protected");
        verdicts["agent:a:telegram:group:g1"].Reason.Should().Be("group session (use --include-groups)");
        verdicts["agent:a:discord:channel:c1"].Reason.Should().Be("channel session (use --include-groups)");
        verdicts["agent:a:room"].Reason.Should().Be("group session (use --include-groups)", "chatType group makes the kind group");
        verdicts["agent:a:slack:direct:u1:thread:t1"].Reason.Should().Be("thread session (use --include-groups)");
        verdicts["agent:b:other"].Reason.Should().Be("another agent's session");
    }

    [Fact]
    public void Include_groups_lets_groups_be_picked_but_never_the_main_session()
    {
        var picked = Picked(Criteria with { OlderThanMs = 1, IncludeGroups = true }, Store);

        picked.Should().Contain(["agent:a:telegram:group:g1", "agent:a:discord:channel:c1", "agent:a:room", "agent:a:slack:direct:u1:thread:t1"]);
        picked.Should().NotContain(["agent:a:main", "main", "global", "unknown", "agent:b:other"]);
    }

    [Fact]
    public void A_chatType_thread_entry_is_protected_though_its_key_is_not()
    {
        var verdicts = Evaluate(Criteria with { OlderThanMs = 1 }, [TestRecord.Of("agent:a:x", 1, chatType: "thread")]);

        verdicts["agent:a:x"].Reason.Should().Be("thread chat (chatType thread; use --include-groups)");
    }

    [Fact]
    public void Kind_uses_the_key_refined_by_the_entry()
    {
        Picked(Criteria with { Kinds = ["subagent"] }, Store).Should().BeEquivalentTo(["agent:a:subagent:s1", "agent:a:child"], "a spawned child is a subagent");
        Picked(Criteria with { Kinds = ["cron-run"] }, Store).Should().BeEquivalentTo(
            "agent:a:cron:nightly:run:r1", "agent:a:cron:nightly:run:r2", "agent:a:cron:nightly:run:r3", "agent:a:cron:weekly:run:w1");
        Picked(Criteria with { Kinds = ["cron"] }, Store).Should().BeEquivalentTo(["agent:a:cron:nightly"], "cron is the job's own session, not its runs");
        Picked(Criteria with { Kinds = ["project"] }, Store).Should().Contain(["agent:a:acme", "agent:a:project-beta"], "project is both spellings");
        Evaluate(Criteria with { Kinds = ["cron"] }, Store)["agent:a:acme"].Reason.Should().Be("kind project not selected");
    }

    [Fact]
    public void Kinds_are_OR_and_match_globs_are_OR()
    {
        Picked(Criteria with { Kinds = ["cron", "subagent"] }, Store).Should().BeEquivalentTo(["agent:a:cron:nightly", "agent:a:subagent:s1", "agent:a:child"]);
        Picked(Criteria with { Match = [Glob("agent:a:acme"), Glob("*:w1")] }, Store).Should().BeEquivalentTo(["agent:a:acme", "agent:a:cron:weekly:run:w1"]);
        Evaluate(Criteria with { Match = [Glob("nothing")] }, Store)["agent:a:acme"].Reason.Should().Be("matches no --match");
    }

    [Fact]
    public void Archived_and_active_use_the_archived_mark()
    {
        Picked(Criteria with { Archived = true }, Store).Should().BeEquivalentTo(["agent:a:old-archived"]);
        Picked(Criteria with { Archived = false }, Store).Should().NotContain("agent:a:old-archived").And.Contain("agent:a:acme");
        Evaluate(Criteria with { Archived = true }, Store)["agent:a:acme"].Reason.Should().Be("not archived (--archived)");
        Evaluate(Criteria with { Archived = false }, Store)["agent:a:old-archived"].Reason.Should().Be("archived (--active)");
    }

    [Fact]
    public void Except_resolves_like_close_arguments()
    {
        var verdicts = Evaluate(Criteria with { OlderThanMs = 1, Except = ["acme", "agent:a:cron:nightly", "beta", "nothing-here"] }, Store);

        verdicts["agent:a:acme"].Reason.Should().Be("--except acme", "a project id resolves to its key");
        verdicts["agent:a:cron:nightly"].Reason.Should().Be("--except agent:a:cron:nightly");
        verdicts["agent:a:project-beta"].Reason.Should().Be("--except beta", "the legacy project- spelling resolves too");
        verdicts["agent:a:subagent:s1"].Picked.Should().BeTrue();
    }

    [Fact]
    public void Keep_last_keeps_the_newest_of_each_group_counted_over_every_session()
    {
        // Only cron runs older than 1.5 days are wanted, but the newest 2 runs of each job stay, counted over all runs.
        var verdicts = Evaluate(Criteria with { Kinds = ["cron-run"], KeepLast = 2, OlderThanMs = (long)(1.5 * Day) }, Store);

        verdicts.Where(v => v.Value.Picked).Select(v => v.Key).Should().BeEquivalentTo(["agent:a:cron:nightly:run:r1"]);
        verdicts["agent:a:cron:nightly:run:r2"].Reason.Should().Be("one of the newest 2 cron-run sessions of job nightly");
        verdicts["agent:a:cron:nightly:run:r3"].Reason.Should().StartWith("newer than", "the first condition that fails is named");
        verdicts["agent:a:cron:weekly:run:w1"].Reason.Should().Be("one of the newest 2 cron-run sessions of job weekly");
    }

    [Fact]
    public void Keep_last_groups_other_kinds_by_label()
    {
        TestRecord[] store =
        [
            TestRecord.Of("agent:a:p1", 1, label: "Acme"), TestRecord.Of("agent:a:p2", 2, label: "Acme"), TestRecord.Of("agent:a:p3", 3, label: "Acme"),
            TestRecord.Of("agent:a:q1", 1), TestRecord.Of("agent:a:q2", 2),
        ];

        var verdicts = Evaluate(Criteria with { KeepLast = 1 }, store);

        verdicts.Where(v => v.Value.Picked).Select(v => v.Key).Should().BeEquivalentTo(["agent:a:p1", "agent:a:p2", "agent:a:q1"]);
        verdicts["agent:a:p3"].Reason.Should().Be("one of the newest 1 project sessions labelled \"Acme\"");
        verdicts["agent:a:q2"].Reason.Should().Be("one of the newest 1 project sessions");
    }

    [Fact]
    public void Conditions_combine_with_AND()
    {
        var picked = Picked(Criteria with { OlderThanMs = 25 * Day, Kinds = ["subagent", "cron-run"], Match = [Glob("agent:a:*")] }, Store);

        picked.Should().BeEquivalentTo(["agent:a:subagent:s1", "agent:a:child"]);
    }

    [Fact]
    public void List_evaluation_shows_protected_sessions_that_meet_the_conditions()
    {
        var picked = Picked(Criteria with { OlderThanMs = 45 * Day }, Store, protect: false);

        picked.Should().Contain(["agent:a:main", "main", "global", "agent:a:telegram:group:g1", "agent:b:other"]);
        picked.Should().NotContain("agent:a:acme");
    }

    [Fact]
    public void Any_agent_lets_a_shared_store_pick_every_agents_sessions()
    {
        Picked(Criteria with { OlderThanMs = 1, AnyAgent = true }, Store).Should().Contain("agent:b:other");
    }
}
