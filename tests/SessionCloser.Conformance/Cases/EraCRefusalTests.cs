using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Case 6: on a real era-C state (2026.9.6: sessions in SQLite) the session-closer CLI must refuse to write
/// <c>sessions.json</c>: exit 4, a message naming SQLite, the state dir byte-identical, and OpenClaw still lists
/// every session; <c>list</c> reads the database read-only and changes nothing either.
/// </summary>
public sealed class EraCRefusalTests
{
    [Fact]
    public async Task Cli_refuses_to_edit_an_era_c_state()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraC);
        sandbox.WriteConfig(gateway: true);
        string alphaId, betaId;
        await using (var gateway = await sandbox.StartGatewayAsync())
        {
            alphaId = (string)(await gateway.CallAsync("sessions.create", new JsonObject { ["key"] = "agent:main:alpha", ["label"] = "Alpha" }))["sessionId"]!;
            betaId = (string)(await gateway.CallAsync("sessions.create", new JsonObject { ["key"] = "agent:main:beta" }))["sessionId"]!;
            (await gateway.StopAsync(TimeSpan.FromMinutes(2))).Should().Be(0, gateway.Log); // a loaded host: the process exits well after "shutdown completed"
        }

        var database = EraDetection.AgentDatabase(sandbox.StateDir, "main");
        File.Exists(database).Should().BeTrue($"2026.9.6 keeps sessions in {database}:\n{DirectorySnapshot.Take(sandbox.StateDir)}");
        TestContext.Current.TestOutputHelper?.WriteLine($"user_version {EraDetection.UserVersion(database)}; files: {string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(database)!).Select(Path.GetFileName))}");
        EraDetection.UserVersion(database).Should().BeGreaterThanOrEqualTo(EraDetection.FirstSqliteSessionsSchema, "PRAGMA user_version >= 4 marks era C");
        File.Exists(sandbox.StorePath()).Should().BeFalse("era C writes no sessions.json");
        var expected = new Dictionary<string, string?> { ["agent:main:alpha"] = alphaId, ["agent:main:beta"] = betaId };
        var (rowsBefore, listingBefore) = await OpenClawListing.ListAsync(sandbox);
        rowsBefore.Should().BeEquivalentTo(expected, listingBefore.Describe());

        var before = DirectorySnapshot.Take(sandbox.StateDir);
        var cli = await sandbox.RunBinAsync("session-closer", ["close", "--agent", "main", "--state-dir", sandbox.StateDir, "agent:main:alpha"]);
        var list = await sandbox.RunBinAsync("session-closer", ["list", "--agent", "main", "--state-dir", sandbox.StateDir]);
        var diff = before.DiffTo(DirectorySnapshot.Take(sandbox.StateDir));

        diff.Should().BeEmpty("session-closer must not touch an era-C state dir:\n" + cli.Describe() + list.Describe());
        var (rowsAfter, listingAfter) = await OpenClawListing.ListAsync(sandbox);
        rowsAfter.Should().BeEquivalentTo(expected, listingAfter.Describe());
        cli.ExitCode.Should().Be(4, "era C is refused (exit 4):\n" + cli.Describe());
        list.ExitCode.Should().Be(0, "without the gateway, list reads the database read-only (issue 11):\n" + list.Describe());
        list.StandardOutput.Should().Contain("agent:main:alpha").And.Contain("agent:main:beta").And.Contain("openclaw-agent.sqlite", list.Describe());
        // --state-dir was given, so the command to start the gateway names it: OPENCLAW_STATE_DIR=<dir> openclaw gateway.
        (cli.StandardError + cli.StandardOutput).Should().Contain("SQLite").And.Contain($"start it ('OPENCLAW_STATE_DIR={sandbox.StateDir} openclaw gateway')", "the refusal says how to close them instead:\n" + cli.Describe());
    }
}
