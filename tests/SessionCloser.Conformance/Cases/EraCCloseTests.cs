using System.Globalization;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;
using SessionCloser.Gateway;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// close and keep-only on a real 2026.9.6 state (era C: sessions in the agent's SQLite, owned by the gateway),
/// through the real <c>bin/session-closer</c>. With the gateway running, the sessions to choose from are the
/// database's (read-only: archived sessions and cron <c>:run:</c> sessions too) plus the gateway's list; keep-only
/// leaves exactly the kept and protected sessions (as <c>openclaw sessions --json --limit all</c> shows), and a cron
/// run closed by key reports its sessionId and the archive the gateway wrote. With the gateway stopped, a dry run
/// plans the same sessions from the database, and a real run is refused (exit 4) with the start command, one JSON
/// object on stdout, and the database byte for byte as it was.
/// </summary>
public sealed class EraCCloseTests
{
    private const string Agent = "project-lead";

    [Fact]
    public async Task Keep_only_closes_cron_runs_and_archived_sessions_and_a_stopped_gateway_plans_the_same_and_changes_nothing()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (sandbox, gateway) = await OpenClawSandbox.StartWithGatewayAsync(OpenClawInstall.EraC);
        await using var stopsEverything = sandbox;
        var database = EraDetection.AgentDatabase(sandbox.StateDir, Agent);
        var ids = new Dictionary<string, string>();
        string[] names = ["main", "keeper", "alpha", "beta", "shelved", "cron:nightly:run:r1", "cron:nightly:run:r2", "cron:weekly:run:r3"];
        await using (var client = await gateway.ConnectAsync(new GatewayClientOptions { DeviceIdentityPath = Path.Combine(sandbox.Root, "test-device.json") }, cancel))
        {
            foreach (var name in names)
            {
                ids[name] = (await client.CreateSessionAsync($"agent:{Agent}:{name}", cancellationToken: cancel)).SessionId;
            }

            await client.ArchiveSessionAsync($"agent:{Agent}:shelved", ids["shelved"], cancel);
        }

        var (listed, listing) = await OpenClawListing.ListAsync(sandbox, Agent);
        listed.Keys.Should().BeEquivalentTo(names.Select(n => $"agent:{Agent}:{n}"), "OpenClaw lists archived and cron run sessions too:\n" + listing.Describe());

        // A cron run closed by key: its sessionId, and the archive the gateway answered (no <sid>.jsonl ever existed).
        var cron = await RunAsync(sandbox, "close", "--json", $"agent:{Agent}:cron:weekly:run:r3");
        cron.ExitCode.Should().Be(0, cron.Describe());
        var cronJson = cron.Json();
        ((string?)cronJson["storePath"]).Should().Be(database, "in era C the store is the agent's database");
        var cronResult = cronJson["results"]!.AsArray().Single()!;
        ((string?)cronResult["sessionId"]).Should().Be(ids["cron:weekly:run:r3"]);
        var file = cronResult["files"]!.AsArray().Single()!;
        file["from"].Should().BeNull("the transcript was in the database, not in a file:\n" + cron.Describe());
        var archive = (string)file["to"]!;
        archive.Should().StartWith(Path.Combine(sandbox.SessionsDir(Agent), ids["cron:weekly:run:r3"] + ".jsonl.deleted."));
        File.Exists(archive).Should().BeTrue($"the gateway wrote {archive}");
        var text = await RunAsync(sandbox, "close", $"agent:{Agent}:cron:nightly:run:r2", "--dry-run");
        text.StandardOutput.Should().StartWith($"WOULD_CLOSE agent:{Agent}:cron:nightly:run:r2 sessionId={ids["cron:nightly:run:r2"]}\n", text.Describe());

        var online = await RunAsync(sandbox, "keep-only", "--json", "--dry-run", "keeper");
        online.ExitCode.Should().Be(0, online.Describe());
        var expected = new[] { "alpha", "beta", "shelved", "cron:nightly:run:r1", "cron:nightly:run:r2" }.Select(n => ($"agent:{Agent}:{n}", ids[n])).ToList();
        Planned(online).Should().BeEquivalentTo(expected, "keep-only plans archived sessions and cron runs too:\n" + online.Describe());
        online.Json()["warnings"]!.AsArray().Should().BeEmpty(online.Describe());

        // The gateway stopped: a dry run plans the same from the database; a real run is refused and changes nothing.
        // A clean stop (it checkpoints the database); under load it takes longer than the harness's default 20 s grace.
        (await gateway.StopAsync(TimeSpan.FromMinutes(3))).Should().Be(0, gateway.Log);
        var databaseBytes = await File.ReadAllBytesAsync(database, cancel);
        var offline = await RunAsync(sandbox, "keep-only", "--json", "--dry-run", "keeper");
        offline.ExitCode.Should().Be(0, offline.Describe());
        Planned(offline).Should().BeEquivalentTo(expected, "the stopped gateway's database gives the same plan:\n" + offline.Describe());
        var offlineJson = offline.Json();
        ((string?)offlineJson["backend"]).Should().Be("gateway");
        ((bool?)offlineJson["route"]!["gatewayLive"]).Should().BeFalse();
        ((string?)offlineJson["storePath"]).Should().Be(database);
        var before = DirectorySnapshot.Take(sandbox.StateDir);
        var refusedJson = await RunAsync(sandbox, "keep-only", "--json", "keeper");
        var refused = await RunAsync(sandbox, "close", "alpha");
        before.DiffTo(DirectorySnapshot.Take(sandbox.StateDir)).Should().BeEmpty("a refused close changes nothing:\n" + refusedJson.Describe() + refused.Describe());
        (await File.ReadAllBytesAsync(database, cancel)).Should().Equal(databaseBytes, "session-closer never writes OpenClaw's database");
        refused.ExitCode.Should().Be(4, refused.Describe());
        refused.StandardError.Should().Contain("SQLite").And.Contain("start it ('openclaw gateway')", refused.Describe());
        refusedJson.ExitCode.Should().Be(4, refusedJson.Describe());
        var refusal = refusedJson.Json();
        ((string?)refusal["command"]).Should().Be("keep-only");
        ((int?)refusal["exitCode"]).Should().Be(4);
        ((string?)refusal["failure"]).Should().Contain("openclaw gateway", refusedJson.Describe());
        ((string?)refusal["storePath"]).Should().Be(database);

        // Running again: keep-only leaves exactly the kept and protected sessions.
        gateway = await sandbox.StartGatewayAsync();
        var keep = await RunAsync(sandbox, "keep-only", "--json", "keeper");
        keep.ExitCode.Should().Be(0, keep.Describe());
        Closed(keep).Should().BeEquivalentTo(expected, keep.Describe());
        keep.Json()["warnings"]!.AsArray().Should().BeEmpty(keep.Describe());
        var (after, afterListing) = await OpenClawListing.ListAsync(sandbox, Agent);
        after.Should().BeEquivalentTo(new Dictionary<string, string?> { [$"agent:{Agent}:main"] = ids["main"], [$"agent:{Agent}:keeper"] = ids["keeper"] }, afterListing.Describe());
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"2026.9.6: keep-only deleted {expected.Count} sessions through the gateway in {keep.Duration.TotalSeconds:F1} s ({keep.Duration.TotalSeconds / expected.Count:F1} s per session, CLI start included); gateway restart {gateway.StartupTime.TotalSeconds:F1} s"));
    }

    private static Task<CommandResult> RunAsync(OpenClawSandbox sandbox, string command, params string[] args) =>
        sandbox.RunBinAsync("session-closer", [command, "--agent", Agent, .. args]);

    private static List<(string Key, string SessionId)> Planned(CommandResult result) => Closed(result);

    private static List<(string Key, string SessionId)> Closed(CommandResult result) =>
        [.. result.Json()["results"]!.AsArray().Where(r => (string?)r!["status"] == "closed").Select(r => ((string)r!["key"]!, (string)r["sessionId"]!))];
}
