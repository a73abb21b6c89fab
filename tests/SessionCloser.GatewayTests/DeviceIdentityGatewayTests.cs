using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.Fixtures.RealOpenClaw;
using SessionCloser.Gateway;
using SessionCloser.GatewayTests.Fixtures;

namespace SessionCloser.GatewayTests;

/// <summary>
/// A real 2026.4.14 gateway (token auth, loopback) grants no scopes without a signed device (reference §5.2, §5.4):
/// session-closer's own key gets paired silently and then lists, creates and deletes sessions.
/// </summary>
public sealed class DeviceIdentityGatewayTests(Gateway2026_4_14 gateway) : IClassFixture<Gateway2026_4_14>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string KeyPath => GatewayDeviceIdentity.DefaultPath(gateway.StateDir);

    private string PairedPath => Path.Combine(gateway.StateDir, "devices", "paired.json");

    [Fact]
    public async Task Without_a_device_key_neither_cli_nor_backend_gets_a_scope()
    {
        var connect = () => gateway.ConnectAsync();

        var error = (await connect.Should().ThrowAsync<GatewayException>()).Which;
        error.Code.Should().Be(GatewayException.ScopesCode);
        error.ExitCode.Should().Be(ExitCode.Refused);
        error.Message.Should().Contain("(2026.4.14)").And.Contain("signed device identity").And.Contain(nameof(GatewayClientOptions.DeviceIdentityPath));
    }

    [Fact]
    public async Task The_device_identity_gets_operator_scopes_and_lists_creates_and_deletes_sessions()
    {
        var options = new GatewayClientOptions { DeviceIdentityPath = KeyPath };
        var prefix = $"agent:main:explicit:dev-{Guid.NewGuid():N}"[..36];
        string deviceId;
        GatewayCreateResult kept;
        await using (var client = await gateway.ConnectAsync(options))
        {
            deviceId = GatewayDeviceIdentity.LoadOrCreate(KeyPath).DeviceId;
            client.ServerVersion.Should().Be("2026.4.14");
            client.Protocol.Should().Be(3);
            client.ClientId.Should().Be("cli");
            client.DeviceId.Should().Be(deviceId);
            client.Scopes.Should().Contain([GatewayScopes.Admin, GatewayScopes.Read, GatewayScopes.Write]);
            client.Snapshot.StateDir.Should().Be(gateway.StateDir, "admin scope unlocks the sensitive snapshot fields");
            File.GetUnixFileMode(KeyPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            TestContext.Current.SendDiagnosticMessage($"2026.4.14: gateway ready in {gateway.StartupTime.TotalSeconds:0.0} s, device connect {client.ConnectDuration.TotalMilliseconds:0} ms");

            (await client.HealthAsync(cancellationToken: Ct)).Ok.Should().BeTrue();
            var victim = await client.CreateSessionAsync($"{prefix}-a", "device a", Ct);
            kept = await client.CreateSessionAsync($"{prefix}-b", "device b", Ct);

            var listed = await client.ListSessionsAsync(cancellationToken: Ct);
            listed.Pages.Should().Be(1, "2026.4.14 has no sessions.list paging (5.4+)");
            Mine(listed, prefix).Select(r => (r.Key, r.SessionId)).Should().BeEquivalentTo([(victim.Key, victim.SessionId), (kept.Key, kept.SessionId)]);

            var deleted = await client.DeleteSessionAsync(victim.Key, victim.SessionId, cancellationToken: Ct);
            deleted.Deleted.Should().BeTrue();
            deleted.Guarded.Should().BeFalse("expectedSessionId exists from 7.1");
            deleted.Archived.Should().ContainSingle().Which.Should().StartWith(Path.Combine(gateway.SessionsDir, $"{victim.SessionId}.jsonl.deleted."));
            File.Exists(deleted.Archived[0]).Should().BeTrue();
            Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Select(r => r.Key).Should().Equal(kept.Key);
            (await client.DeleteSessionAsync(victim.Key, cancellationToken: Ct)).Deleted.Should().BeFalse();
        }

        PairedDevice(deviceId).GetProperty("publicKey").GetString().Should().Be(GatewayDeviceIdentity.LoadOrCreate(KeyPath).PublicKey);
        var keyBytes = await File.ReadAllBytesAsync(KeyPath, Ct);
        var pairedCount = PairedDeviceCount();

        // A second run reuses the key and the pairing: no new key, no new device record.
        await using (var again = await gateway.ConnectAsync(options))
        {
            TestContext.Current.SendDiagnosticMessage($"2026.4.14: device connect with the key already paired {again.ConnectDuration.TotalMilliseconds:0} ms");
            again.DeviceId.Should().Be(deviceId);
            again.Scopes.Should().Contain(GatewayScopes.Admin);
            (await again.DeleteSessionAsync(kept.Key, kept.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
            Mine(await again.ListSessionsAsync(cancellationToken: Ct), prefix).Should().BeEmpty();
        }

        (await File.ReadAllBytesAsync(KeyPath, Ct)).Should().Equal(keyBytes);
        PairedDeviceCount().Should().Be(pairedCount);
        await gateway.AssertStillServingAsync(options);
    }

    [Fact]
    public async Task After_an_in_process_restart_the_client_signs_the_new_challenge_and_keeps_its_scopes()
    {
        await using var client = await gateway.ConnectAsync(new GatewayClientOptions { DeviceIdentityPath = KeyPath });
        var deviceId = client.DeviceId;
        var pid = gateway.Pid;

        gateway.Process.Signal(Signals.SigUsr1);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (client.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        client.IsConnected.Should().BeFalse("the gateway closes connections when it restarts");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        (await client.HealthAsync(cancellationToken: Ct)).Ok.Should().BeTrue();
        TestContext.Current.SendDiagnosticMessage($"2026.4.14: device reconnected after restart in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        client.Reconnects.Should().Be(1);
        client.DeviceId.Should().Be(deviceId);
        client.Scopes.Should().Contain(GatewayScopes.Admin);
        gateway.Pid.Should().Be(pid);
    }

    private JsonElement PairedDevice(string deviceId)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PairedPath));
        doc.RootElement.TryGetProperty(deviceId, out var device).Should().BeTrue($"{PairedPath} pairs {deviceId}");
        return device.Clone();
    }

    private int PairedDeviceCount()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PairedPath));
        return doc.RootElement.EnumerateObject().Count();
    }

    private static List<GatewaySessionRow> Mine(GatewaySessionList list, string prefix) =>
        list.Sessions.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}
