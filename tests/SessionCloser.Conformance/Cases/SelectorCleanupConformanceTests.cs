using System.Globalization;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using AwesomeAssertions.Execution;
using SessionCloser.Fixtures.Selectors;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Issue 12 against the real 2026.7.35: on a realistic generated multi-agent state (every kind, ages 0–90 days, the
/// leftovers of a real install), <c>session-closer close --all-agents --older-than … --match … --yes</c> and then
/// <c>session-closer purge-archives --older-than … --all-agents --yes</c> leave stores that OpenClaw's own
/// <c>sessions cleanup --dry-run --json</c> (per agent and <c>--all-agents</c>) finds nothing missing in and nothing
/// to repair, with exactly the sessions the oracle keeps.
/// </summary>
public sealed class SelectorCleanupConformanceTests
{
    private static readonly string[] Agents = ["main", "project-lead", "ops"];

    [Fact]
    public async Task After_a_selector_close_and_purge_archives_OpenClaw_cleanup_finds_nothing_missing_and_nothing_to_repair()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraB, Agents);
        var state = SelectorState.Generate(sandbox.StateDir, FileEra.B, DateTimeOffset.UtcNow, Agents, seed: 35, sessionCount: 90, writeConfig: false, missingTranscripts: false);
        var query = new SelectorQuery { OlderThan = TimeSpan.FromDays(7), Match = ["agent:*:cron:*", "agent:*:subagent:*", "agent:*:explicit:*"] };
        var expected = SelectorOracle.Picks(state.Sessions, query, DateTimeOffset.UtcNow);
        expected.Should().NotBeEmpty();

        var before = await CleanupAsync(sandbox, ["--all-agents"]);
        Stores(before).Should().HaveCount(Agents.Length, before.Describe());
        Stores(before).Should().OnlyContain(s => Missing(s) == 0, "the generated state has every transcript:\n" + before.Describe());

        var close = await sandbox.RunBinAsync("session-closer", ["close", "--state-dir", sandbox.StateDir, "--all-agents", .. query.Arguments(), "--yes", "--json"]);
        close.ExitCode.Should().Be(0, close.Describe());
        SweepJson.Lines(close.Json(), "closed").Select(l => (l.AgentId, l.Key)).Should().BeEquivalentTo(expected.Select(s => (s.AgentId, s.Key)), close.Describe());

        var oldArchives = state.Leftovers.DeletedArchives.Concat(state.Leftovers.ResetArchives).Where(a => File.GetLastWriteTimeUtc(a) < DateTime.UtcNow.AddDays(-3)).ToList();
        var purge = await sandbox.RunBinAsync("session-closer", ["purge-archives", "--state-dir", sandbox.StateDir, "--older-than", "3d", "--all-agents", "--yes", "--json"]);
        purge.ExitCode.Should().Be(0, purge.Describe());

        var all = await CleanupAsync(sandbox, ["--all-agents"]);
        using (new AssertionScope(close.Describe() + purge.Describe() + all.Describe()))
        {
            foreach (var summary in Stores(all))
            {
                Missing(summary).Should().Be(0, $"no entry of {summary["agentId"]} lost its transcript");
                Repairs(summary).Should().Be(0, $"nothing of {summary["agentId"]} needs repair");
            }

            foreach (var agent in Agents)
            {
                var gone = expected.Where(s => s.AgentId == agent).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
                JsonNode.Parse(File.ReadAllText(state.StorePath(agent)))!.AsObject().Select(p => p.Key)
                    .Should().BeEquivalentTo(state.Of(agent).Select(s => s.Key).Where(k => !gone.Contains(k)), $"{agent} keeps what the oracle keeps");
            }

            oldArchives.Should().NotBeEmpty();
            oldArchives.Should().OnlyContain(a => !File.Exists(a), "purge-archives deletes archives older than 3 days");
        }

        foreach (var agent in Agents)
        {
            var one = await CleanupAsync(sandbox, ["--agent", agent]);
            var summary = Stores(one).Should().ContainSingle(one.Describe()).Subject;
            Missing(summary).Should().Be(0, one.Describe());
            Repairs(summary).Should().Be(0, one.Describe());
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2026.7.35 conformance: closed {expected.Count} of {state.Sessions.Count} sessions in {close.Duration.TotalSeconds:F1} s, purge {purge.Duration.TotalSeconds:F1} s"));
    }

    private static Task<CommandResult> CleanupAsync(OpenClawSandbox sandbox, IReadOnlyList<string> target) =>
        sandbox.OpenClawAsync(["sessions", "cleanup", "--dry-run", "--json", .. target], TimeSpan.FromMinutes(3));

    /// <summary>The per-store summaries: <c>stores</c> of an <c>--all-agents</c> answer, or the one summary.</summary>
    private static List<JsonObject> Stores(CommandResult result)
    {
        result.ExitCode.Should().Be(0, result.Describe());
        var json = result.Json().AsObject();
        return json["stores"] is JsonArray stores ? [.. stores.OfType<JsonObject>()] : [json];
    }

    private static int Missing(JsonObject summary) => Count(summary["missing"]);

    /// <summary>What OpenClaw would repair: <c>repaired</c> (sessionFile repairs) and any repair action.</summary>
    private static int Repairs(JsonObject summary) =>
        Count(summary["repaired"]) + (summary["actions"] as JsonArray ?? []).Count(a => ((string?)a?["action"])?.StartsWith("repair", StringComparison.Ordinal) == true);

    private static int Count(JsonNode? node) => node switch
    {
        null => 0,
        JsonArray array => array.Count,
        JsonValue value when value.TryGetValue<int>(out var n) => n,
        JsonObject obj => obj.Count,
        _ => throw new InvalidOperationException($"unexpected count {node.ToJsonString()}"),
    };
}
