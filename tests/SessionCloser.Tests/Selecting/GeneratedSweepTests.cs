using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Config;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Fixtures;
using SessionCloser.Operations;

namespace SessionCloser.Tests.Selecting;

/// <summary>
/// A selector run over every agent of a generated multi-agent state, in eras A (locked file) and B (file), in process:
/// the plan picks exactly the sessions the selectors describe, the run closes exactly the plan with one operation
/// record per store, and <c>restore</c> of each record gives every store and file back.
/// </summary>
public sealed class GeneratedSweepTests : IDisposable
{
    private static readonly StoreGeneratorOptions Generated = new() { SessionCount = 90, AgentIds = ["project-lead", "main", "ops"], Seed = 12 };

    private readonly string _root = Directory.CreateTempSubdirectory("sc-sweep-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("2026.4.29", StorageEra.LockedJsonFile)]
    [InlineData("2026.7.35", StorageEra.JsonFile)]
    public async Task Every_agent_closes_exactly_the_plan_and_restore_undoes_each_store(string version, StorageEra era)
    {
        var token = TestContext.Current.CancellationToken;
        var state = StoreGenerator.Generate(Path.Join(_root, "state"), Generated);
        var config = JsonNode.Parse(File.ReadAllText(state.ConfigPath))!.AsObject();
        config["meta"] = new JsonObject { ["lastTouchedVersion"] = version };
        File.WriteAllText(state.ConfigPath, config.ToJsonString());
        var context = Context(state);
        var before = DirectorySnapshot.Take(state.StateDir);
        var stores = state.Agents.ToDictionary(a => a.AgentId, a => File.ReadAllText(a.StorePath));
        var week = TimeSpan.FromDays(7);
        var options = new CloseOptions
        {
            Mode = CloseMode.Close,
            Arguments = [],
            AllAgents = true,
            Force = true, // generated transcript locks carry random pids that may happen to be alive
            Selector = new SessionSelector { OlderThan = week, Kinds = ["cron-run", "subagent"] },
            LockTimeout = TimeSpan.FromSeconds(10),
        };

        await using var sweep = await SweepOperation.OpenAsync(context, options, token);
        sweep.Routes.Should().OnlyContain(r => r.Era == era);
        var plan = await sweep.PlanAsync(token);

        DirectorySnapshot.Take(state.StateDir).DiffTo(before).Should().BeEmpty("a plan changes nothing");
        plan.Stores.Select(s => s.AgentId).Should().BeEquivalentTo(state.Agents.Select(a => a.AgentId));
        var nowMs = Generated.Now.ToUnixTimeMilliseconds();
        var expected = state.Sessions
            .Where(s => s.Family is SessionKeyFamily.CronRun or SessionKeyFamily.Subagent && nowMs - s.UpdatedAt >= week.TotalMilliseconds)
            .Select(s => (s.AgentId, s.Key)).ToHashSet();
        expected.Should().NotBeEmpty("the generated state has old cron runs and subagents");
        var picked = plan.Stores.SelectMany(s => s.Preview.Outcomes.Where(o => o.Status != OutcomeStatus.Kept).SelectMany(o => o.Keys.Select(k => (s.AgentId, k)))).ToHashSet();
        picked.Should().BeEquivalentTo(expected, "the plan picks exactly the old cron runs and subagents of every agent");
        plan.Stores.SelectMany(s => s.Preview.Outcomes).Should().OnlyContain(o => o.Kind != null && (o.Status != OutcomeStatus.Kept || o.Reason != null));
        plan.ArchiveBytes.Should().BeGreaterThan(0);

        var result = await sweep.RunAsync(plan, token);

        result.ExitCode.Should().Be(ExitCode.Success);
        result.Stores.Should().HaveCount(plan.Stores.Count(s => s.Preview.Count(OutcomeStatus.Closed) > 0));
        foreach (var storePlan in plan.Stores)
        {
            var closing = storePlan.Preview.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).SelectMany(o => o.Keys).ToHashSet();
            var remaining = JsonNode.Parse(File.ReadAllText(state.Agent(storePlan.AgentId).StorePath))!.AsObject().Select(p => p.Key);
            var original = JsonNode.Parse(stores[storePlan.AgentId])!.AsObject().Select(p => p.Key);
            remaining.Should().BeEquivalentTo(original.Where(k => !closing.Contains(k)), $"agent {storePlan.AgentId} lost exactly its planned sessions");
        }

        var log = Path.Join(state.StateDir, "session-closer", "operations");
        Directory.EnumerateFiles(log, "*.json").Should().HaveCount(result.Stores.Count, "one operation record per store");
        foreach (var store in result.Stores)
        {
            store.Report.OperationId.Should().NotBeNull();
            var restored = await RestoreOperation.RunAsync(context, new RestoreOptions { AgentId = store.Report.AgentId, OperationId = store.Report.OperationId }, token);
            restored.ExitCode.Should().Be(ExitCode.Success);
        }

        state.Agents.Should().OnlyContain(a => File.ReadAllText(a.StorePath) == stores[a.AgentId], "each store is back byte for byte");
        DirectorySnapshot.Take(state.StateDir).DiffTo(before)
            .Where(d => !d.Contains(".bak-", StringComparison.Ordinal) && !d.Contains("session-closer", StringComparison.Ordinal) && !d.Contains("sessions.json", StringComparison.Ordinal))
            .Should().BeEmpty("every archived file is back under its own name");
    }

    private static OperationContext Context(GeneratedState state) => new(
        new OpenClawEnvironment(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = state.StateDir,
                ["OPENCLAW_STATE_DIR"] = state.StateDir,
                ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9", // nothing listens: the files backend
            },
            osHomeDirectory: state.StateDir,
            currentDirectory: state.StateDir),
        new FixedTime(Generated.Now));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
