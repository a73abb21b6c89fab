using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Config;
using SessionCloser.Eras;
using SessionCloser.Fixtures.RealOpenClaw;
using SessionCloser.Operations;
using SessionCloser.Undo;

namespace SessionCloser.GatewayTests;

/// <summary>
/// Deletes made through a 2026.7.35 gateway (era B) cannot come back through it, but the record keeps the entries'
/// exact bytes: with the gateway stopped, restore puts them and the transcripts back, and the store is the file it was.
/// </summary>
public sealed class GatewayRecordFileRestoreTests
{
    [Fact]
    public async Task With_the_gateway_stopped_an_era_B_gateway_delete_is_restored_byte_for_byte_on_the_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sandbox, gateway) = await OpenClawSandbox.StartWithGatewayAsync(OpenClawInstall.EraB);
        await using var stopsEverything = sandbox;
        var store = sandbox.StorePath();
        string operationId;
        byte[] before;
        Dictionary<string, string> transcripts;
        await using (var client = await gateway.ConnectAsync(cancellationToken: ct))
        {
            var kept = await client.CreateSessionAsync("agent:main:explicit:kept", "kept", ct);
            var first = await client.CreateSessionAsync("agent:main:explicit:first", "first", ct);
            var second = await client.CreateSessionAsync("agent:main:explicit:second", "second", ct);
            transcripts = new[] { first, second }.ToDictionary(s => s.Key, s => Path.Combine(sandbox.SessionsDir(), s.SessionId + ".jsonl"));
            before = await File.ReadAllBytesAsync(store, ct);
            var request = new CloseRequest
            {
                StorePath = store,
                AgentId = "main",
                Mode = CloseMode.Close,
                Arguments = [first.Key, second.Key],
                Logging = new OperationLogging(sandbox.StateDir, ["close", first.Key, second.Key], StorageEra.JsonFile),
            };
            var closed = await new GatewayCloser(client, TimeProvider.System).CloseAsync(request, store, ct);
            closed.Outcomes.Should().AllSatisfy(o => o.Status.Should().Be(OutcomeStatus.Closed));
            operationId = closed.OperationId!;
            transcripts.Values.Should().AllSatisfy(t => File.Exists(t).Should().BeFalse("the gateway archived it"));
            (await File.ReadAllBytesAsync(store, ct)).Should().NotEqual(before);
            kept.Key.Should().NotBeNull();
        }

        await gateway.StopAsync();
        var context = new OperationContext(
            new OpenClawEnvironment(
                new Dictionary<string, string> { ["HOME"] = Path.Combine(sandbox.Root, "home"), ["OPENCLAW_STATE_DIR"] = sandbox.StateDir },
                osHomeDirectory: Path.Combine(sandbox.Root, "home"),
                currentDirectory: sandbox.Root),
            TimeProvider.System)
        {
            CommandLine = ["restore", operationId],
        };

        var report = await RestoreOperation.RunAsync(context, new RestoreOptions { OperationId = operationId, AgentId = "main" }, ct);

        report.Backend.Should().Be("files");
        report.Outcomes.Select(o => (o.Key, o.Status)).Should().BeEquivalentTo([("agent:main:explicit:first", RestoreStatus.Restored), ("agent:main:explicit:second", RestoreStatus.Restored)]);
        report.StoreAsBefore.Should().BeTrue();
        (await File.ReadAllBytesAsync(store, ct)).Should().Equal(before, "the store is the file it was before the gateway deleted them");
        transcripts.Values.Should().AllSatisfy(t => File.Exists(t).Should().BeTrue("the transcript is back under its name"));
        new OperationLog(sandbox.StateDir).Read(operationId).RestoredBy.Should().Be(report.RestoreOperationId);
    }
}
