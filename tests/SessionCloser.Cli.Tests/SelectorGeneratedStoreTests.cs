using System.Text.Json;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// A selector run over every agent of a generated three-agent state, in era A (2026.4, locked store) and era B
/// (2026.7): the plan picks exactly the old cron runs (those with a live run are refused, never closed), the run
/// closes exactly the plan, and each store's restore brings its store back byte for byte.
/// </summary>
public sealed class SelectorGeneratedStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sc-cli-sel-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("2026.4.14", "A")]
    [InlineData("2026.7.35", "B")]
    public void Closes_exactly_the_old_cron_runs_of_every_agent_and_restore_undoes_each_store(string version, string era)
    {
        var stateDir = Path.Join(_root, "state");
        var state = StoreGenerator.Generate(stateDir, new StoreGeneratorOptions { SessionCount = 120, Seed = 7, MaxTranscriptBytes = 600 });
        var config = JsonNode.Parse(File.ReadAllText(state.ConfigPath))!.AsObject();
        config["meta"] = new JsonObject { ["lastTouchedVersion"] = version };
        File.WriteAllText(state.ConfigPath, config.ToJsonString() + "\n");
        var stores = state.Agents.ToDictionary(a => a.AgentId, a => File.ReadAllBytes(a.StorePath));
        var dayAgo = FixedClock.NowMs - 86_400_000;
        var oldRuns = state.Sessions.Where(s => s.Family == SessionKeyFamily.CronRun && s.UpdatedAt <= dayAgo).Select(s => s.Key).ToHashSet();
        oldRuns.Should().NotBeEmpty("the generator writes old cron runs");
        string[] line = ["close", "--state-dir", stateDir, "--all-agents", "--kind", "cron-run", "--older-than", "1d"];

        var plan = Json.Parse(Run([.. line, "--dry-run", "--json"]).Out);

        var planned = Sessions(plan);
        planned.Should().HaveCount(state.Sessions.Count);
        plan.GetProperty("stores").EnumerateArray().Should().OnlyContain(s => s.Text("era") == era && s.Text("backend") == "files");
        var closing = planned.Where(s => s.Status == "closed").Select(s => s.Key).ToHashSet();
        var refused = planned.Where(s => s.Status == "skipped").ToList();
        closing.Should().NotBeEmpty();
        closing.Union(refused.Select(s => s.Key)).Should().BeEquivalentTo(oldRuns);
        refused.Should().OnlyContain(s => s.Reason!.Contains("run is in progress") && state.Session(s.Key).LockPath != null);
        planned.Where(s => s.Status == "kept").Should().OnlyContain(s => !oldRuns.Contains(s.Key) && s.Reason != null);

        var run = Run([.. line, "--yes", "--json"]);

        var result = Json.Parse(run.Out);
        Sessions(result).Where(s => s.Status == "closed").Select(s => s.Key).Should().BeEquivalentTo(closing);
        foreach (var agent in state.Agents)
        {
            var left = StoreKeys(agent.StorePath);
            left.Should().BeEquivalentTo(state.Sessions.Where(s => s.AgentId == agent.AgentId && !closing.Contains(s.Key)).Select(s => s.Key));
        }

        foreach (var key in closing.Where(k => state.Session(k).TranscriptExists))
        {
            var transcript = state.Session(key).TranscriptPath;
            File.Exists(transcript).Should().BeFalse(key);
            File.Exists($"{transcript}.deleted.{FixedClock.Stamp}").Should().BeTrue(key);
        }

        foreach (var store in result.GetProperty("stores").EnumerateArray().Where(s => s.GetProperty("operationId").ValueKind == JsonValueKind.String))
        {
            Run("restore", store.Text("operationId")!, "--agent", store.Text("agent")!, "--state-dir", stateDir);
        }

        foreach (var agent in state.Agents)
        {
            File.ReadAllBytes(agent.StorePath).Should().Equal(stores[agent.AgentId], agent.AgentId);
        }
    }

    private static List<(string Key, string? Status, string? Reason)> Sessions(JsonElement document) =>
        [.. document.GetProperty("stores").EnumerateArray().SelectMany(s => s.GetProperty("sessions").EnumerateArray())
            .Select(s => (s.Text("key")!, s.Text("status"), s.Text("reason")))];

    private static IReadOnlyList<string> StoreKeys(string path)
    {
        using var store = JsonDocument.Parse(File.ReadAllText(path));
        return [.. store.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    private CliResult Run(params string[] args)
    {
        var result = CliRun.Run(_root, args);
        result.ExitCode.Should().Be(0, result.ToString());
        return result;
    }
}
