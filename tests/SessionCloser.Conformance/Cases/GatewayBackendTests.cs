using System.Diagnostics;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Gateway;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Closing through a real running gateway (loopback, token auth) with the original <c>bin/</c> commands: 2026.4.14
/// (era A, scopes only for session-closer's signed device key), 2026.4.29 (era A, reached with the
/// <c>gateway-client/backend</c> identity), 2026.7.35 (era B) and 2026.9.6 (era C, SQLite).
/// Sessions are made with the gateway's own <c>sessions.create</c>. close, batch and keep-only remove exactly the
/// requested sessions, as the gateway's own <c>sessions.list</c> and the <c>.deleted</c> archives on disk show; the
/// main session is refused; the gateway keeps running (same pid, healthy).
/// </summary>
public sealed class GatewayBackendTests
{
    private const string Agent = "project-lead";

    /// <summary>2026.4.14 grants scopes only to a signed device: session-closer signs in with its own key.</summary>
    public static TheoryData<string> Versions => ["2026.4.14", OpenClawInstall.EraA, OpenClawInstall.EraB, OpenClawInstall.EraC];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Close_batch_and_keep_only_through_the_gateway_remove_exactly_the_requested_sessions(string version)
    {
        var cancel = TestContext.Current.CancellationToken;
        var (sandbox, gateway) = await OpenClawSandbox.StartWithGatewayAsync(version);
        await using var stopsEverything = sandbox;
        await using var client = await gateway.ConnectAsync(new GatewayClientOptions { DeviceIdentityPath = Path.Combine(sandbox.Root, "test-device.json") }, cancel);
        var ids = new Dictionary<string, string>();
        foreach (var key in (string[])["agent:main:main", $"agent:{Agent}:alpha", $"agent:{Agent}:beta", $"agent:{Agent}:project-gamma", $"agent:{Agent}:delta", $"agent:{Agent}:shelved", $"agent:{Agent}:keeper"])
        {
            ids[key] = (await client.CreateSessionAsync(key, cancellationToken: cancel)).SessionId;
        }

        // A cron run session: sessions.list never shows these (7.35, 9.6); the store file (eras A/B) or the database (era C) does.
        var cronRun = $"agent:{Agent}:cron:nightly:run:{Guid.NewGuid()}";
        await client.CreateSessionAsync(cronRun, cancellationToken: cancel);
        var pid = gateway.Pid;
        var sessionsDir = sandbox.SessionsDir(Agent);

        // One session, by project id, as JSON.
        var single = await RunAsync(sandbox, "close-project", "--agent", Agent, "--json", "alpha");
        single.ExitCode.Should().Be(0, single.Describe());
        var singleJson = single.Json();
        ((string?)singleJson["backend"]).Should().Be("gateway", single.Describe());
        ((string?)singleJson["route"]!["gatewayVersion"]).Should().Be(version);
        var closed = singleJson["results"]!.AsArray().Single()!;
        ((string?)closed["status"]).Should().Be("closed");
        ((string?)closed["sessionId"]).Should().Be(ids[$"agent:{Agent}:alpha"]);
        ArchivesOf(closed).Should().ContainSingle().Which.Should().StartWith(Path.Combine(sessionsDir, ids[$"agent:{Agent}:alpha"] + ".jsonl.deleted."));
        ArchivesOf(closed).Should().AllSatisfy(path => File.Exists(path).Should().BeTrue($"the gateway archived the transcript as {path}"));
        (await ListedAsync(client)).Should().BeEquivalentTo(Expected(ids, "beta", "project-gamma", "delta", "shelved", "keeper"));

        // A batch, with the original text lines.
        var batch = await RunAsync(sandbox, "close-project-batch", "--agent", Agent, "beta", "gamma", "no-such-project");
        batch.ExitCode.Should().Be(3, "one argument matched nothing:\n" + batch.Describe());
        batch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            [$"CLOSED agent:{Agent}:beta sessionId={ids[$"agent:{Agent}:beta"]}", $"CLOSED agent:{Agent}:project-gamma sessionId={ids[$"agent:{Agent}:project-gamma"]}", "NOT_FOUND no-such-project"],
            batch.Describe());
        (await ListedAsync(client)).Should().BeEquivalentTo(Expected(ids, "delta", "shelved", "keeper"));
        foreach (var key in (string[])["beta", "project-gamma"])
        {
            Directory.EnumerateFiles(sessionsDir, ids[$"agent:{Agent}:{key}"] + ".jsonl.deleted.*").Should().ContainSingle($"{key}'s transcript is archived by the gateway");
        }

        // --archive (2026.7.1+): the session leaves the active list and shows among the archived ones.
        var shelve = await RunAsync(sandbox, "close-project", "--agent", Agent, "--archive", "shelved");
        if (client.IsOlderThan(2026, 7, 1))
        {
            shelve.ExitCode.Should().Be(4, $"{version} cannot archive sessions:\n" + shelve.Describe());
            shelve.StandardError.Should().Contain("2026.7.1");
        }
        else
        {
            shelve.ExitCode.Should().Be(0, shelve.Describe());
            shelve.StandardOutput.Trim().Should().Be($"CLOSED agent:{Agent}:shelved sessionId={ids[$"agent:{Agent}:shelved"]}");
            (await ListedAsync(client)).Should().NotContainKey($"agent:{Agent}:shelved");
            (await ListedAsync(client, archived: true)).Should().Contain($"agent:{Agent}:shelved", ids[$"agent:{Agent}:shelved"]);
        }

        if (version == OpenClawInstall.EraB)
        {
            // Editing an era-B store behind its gateway's back races it: refused, and nothing changes.
            var before = await File.ReadAllBytesAsync(sandbox.StorePath(Agent), cancel);
            var files = await RunAsync(sandbox, "close-project", "--agent", Agent, "--backend", "files", "delta");
            files.ExitCode.Should().Be(4, files.Describe());
            files.StandardError.Should().Contain("no cross-process lock").And.Contain("--force");
            (await File.ReadAllBytesAsync(sandbox.StorePath(Agent), cancel)).Should().Equal(before);
        }

        // keep-only: everything of the agent but the keeper (archived sessions too); never another agent's session.
        var keep = await RunAsync(sandbox, "keep-only-sessions", "--agent", Agent, "--json", "keeper");
        keep.ExitCode.Should().Be(0, keep.Describe());
        (string, string)[] expected = [("kept", $"agent:{Agent}:keeper"), ("closed", $"agent:{Agent}:delta"), ("closed", $"agent:{Agent}:shelved")];
        keep.Json()["results"]!.AsArray().Select(r => ((string?)r!["status"], (string?)r["key"])).Should().BeEquivalentTo([.. expected, ("closed", cronRun)], keep.Describe());
        (await client.SessionExistsAsync(cronRun, cancel)).Should().BeFalse("the cron run session the list hides is closed: read from the store file in eras A/B, from the database in era C");
        keep.Json()["warnings"]!.AsArray().Should().BeEmpty(keep.Describe());
        (await ListedAsync(client, archived: true)).Should().BeEmpty("keep-only also closes archived sessions");
        (await ListedAsync(client)).Should().BeEquivalentTo(Expected(ids, "keeper"));

        // session-closer's own list agrees (from the store file in eras A/B, from the gateway in era C).
        var listing = await RunAsync(sandbox, "session-closer", "list", "--agent", Agent, "--json");
        listing.ExitCode.Should().Be(0, listing.Describe());
        listing.Json()["sessions"]!.AsArray().Select(r => ((string?)r!["key"], (string?)r["sessionId"])).Should().Equal(
            [($"agent:{Agent}:keeper", ids[$"agent:{Agent}:keeper"])], listing.Describe());

        // The main session is refused, and stays.
        var main = await RunAsync(sandbox, "close-project", "--agent", "main", "main");
        main.ExitCode.Should().Be(4, main.Describe());
        main.StandardOutput.Trim().Should().Be("SKIPPED agent:main:main the main session is never closed", main.Describe());
        (await ListedAsync(client, "main")).Should().Contain("agent:main:main", ids["agent:main:main"]);

        // The gateway never restarted, and its own CLI sees exactly what session-closer's client saw.
        gateway.Pid.Should().Be(pid);
        Process.GetProcessById(pid).HasExited.Should().BeFalse("closing through the gateway never stops it\n" + gateway.Log);
        (await client.HealthAsync(probe: true, cancel)).Ok.Should().BeTrue();
        var listed = await gateway.CallAsync("sessions.list", new JsonObject());
        OpenClawListing.Rows(listed).Should().BeEquivalentTo(
            new Dictionary<string, string?> { ["agent:main:main"] = ids["agent:main:main"], [$"agent:{Agent}:keeper"] = ids[$"agent:{Agent}:keeper"] },
            Expect.Show(listed));
    }

    private static Task<CommandResult> RunAsync(OpenClawSandbox sandbox, string command, params string[] args) => sandbox.RunBinAsync(command, args);

    private static IEnumerable<string> ArchivesOf(JsonNode result) => result["files"]!.AsArray().Select(f => (string)f!["to"]!);

    private static async Task<Dictionary<string, string?>> ListedAsync(GatewayClient client, string agent = Agent, bool archived = false) =>
        (await client.ListSessionsAsync(archived && !client.IsOlderThan(2026, 7, 1) ? new GatewayListOptions { Archived = true } : null, TestContext.Current.CancellationToken)).Sessions
            .Where(row => row.Archived == archived)
            .Where(row => row.Key.StartsWith($"agent:{agent}:", StringComparison.Ordinal) && !row.Key.Contains(":cron:", StringComparison.Ordinal))
            .ToDictionary(row => row.Key, row => row.SessionId);

    private static Dictionary<string, string?> Expected(Dictionary<string, string> ids, params string[] names) =>
        names.ToDictionary(name => $"agent:{Agent}:{name}", name => (string?)ids[$"agent:{Agent}:{name}"]);
}
