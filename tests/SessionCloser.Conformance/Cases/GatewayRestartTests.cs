using System.Diagnostics;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// --restart-gateway against a real foreground 2026.7.35 gateway: one <c>openclaw gateway restart</c> after a batch
/// that changed something (OpenClaw signals the gateway, which restarts in process: same pid, healthy), and none
/// when nothing changed.
/// </summary>
public sealed class GatewayRestartTests
{
    [Fact]
    public async Task Restart_gateway_restarts_a_running_gateway_once_and_only_when_the_store_changed()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraB);
        sandbox.WriteConfig(gateway: true);
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:main", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(1)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:alpha", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(4)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:beta", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(6)), SessionFileStyle.Absolute, StoreSeed.ChatFields());
        await seed.WriteAsync();
        await using var gateway = await sandbox.StartGatewayAsync();

        var environment = new Dictionary<string, string?> { ["OPENCLAW_BIN"] = sandbox.WriteOpenClawExecutable() };

        var nothing = await sandbox.RunBinAsync("close-project-batch", ["--agent", "main", "--state-dir", sandbox.StateDir, "--restart-gateway", "--json", "no-such-project"], TimeSpan.FromMinutes(15), environment);
        nothing.ExitCode.Should().Be(3, nothing.Describe());
        JsonNode.Parse(nothing.StandardOutput)!["gatewayRestart"].Should().BeNull("nothing changed, so nothing is restarted:\n" + nothing.Describe());

        var closed = await sandbox.RunBinAsync("close-project-batch", ["--agent", "main", "--state-dir", sandbox.StateDir, "--restart-gateway", "--json", "alpha", "beta"], TimeSpan.FromMinutes(5), environment);

        closed.ExitCode.Should().Be(0, closed.Describe());
        var result = JsonNode.Parse(closed.StandardOutput)!;
        result["summary"]!["closed"]!.GetValue<int>().Should().Be(2, closed.Describe());
        result["gatewayRestart"]!["succeeded"]!.GetValue<bool>().Should().BeTrue(closed.Describe() + "\n--- gateway log ---\n" + gateway.Log);
        // 'gateway restart' also exits 0 when it finds no gateway; the gateway's own log proves it was signalled.
        for (var waited = 0; waited < 300 && !gateway.Log.Contains("signal SIGUSR1 received", StringComparison.Ordinal); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        gateway.Log.Should().Contain("signal SIGUSR1 received").And.NotContain("SIGUSR1 restart ignored");
        Process.GetProcessById(gateway.Pid).HasExited.Should().BeFalse("the gateway restarts in process, keeping its pid");
        var health = await gateway.CallAsync("health", []);
        health["ok"]!.GetValue<bool>().Should().BeTrue(Expect.Show(health));
        var listed = await gateway.CallAsync("sessions.list", new JsonObject { ["limit"] = 1000 });
        OpenClawListing.Rows(listed).Keys.Should().BeEquivalentTo(["agent:main:main"], Expect.Show(listed));
    }
}
