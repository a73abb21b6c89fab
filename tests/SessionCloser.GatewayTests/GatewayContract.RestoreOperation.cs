using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Config;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Operations;
using SessionCloser.Undo;

namespace SessionCloser.GatewayTests;

/// <summary>The public entry points, as the CLI calls them: close routed to the gateway, then restore routed to it by the record.</summary>
public abstract partial class GatewayContract<TGateway>
{
    private OperationContext SandboxContext(params string[] commandLine) => new(
        new OpenClawEnvironment(new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(Gateway.Sandbox.Root, "home"),
            ["OPENCLAW_STATE_DIR"] = Gateway.StateDir,
        }, osHomeDirectory: Path.Combine(Gateway.Sandbox.Root, "home"), currentDirectory: Gateway.Sandbox.Root),
        TimeProvider.System)
    {
        CommandLine = commandLine,
    };

    [Fact]
    public async Task Close_and_restore_operations_route_a_gateway_record_back_to_the_gateway()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:op-{Guid.NewGuid():N}"[..40];
        var shelved = await client.CreateSessionAsync(prefix + "-shelved", cancellationToken: Ct);
        var doomed = await client.CreateSessionAsync(prefix + "-doomed", cancellationToken: Ct);

        CloseResult archived, deleted;
        await using (var close = await CloseOperation.OpenAsync(SandboxContext("close", "--archive", shelved.Key), new CloseOptions { Mode = CloseMode.Close, Arguments = [shelved.Key], AgentId = "main", Archive = true }, Ct))
        {
            archived = await close.RunAsync(Ct);
        }

        await using (var close = await CloseOperation.OpenAsync(SandboxContext("close", doomed.Key), new CloseOptions { Mode = CloseMode.Close, Arguments = [doomed.Key], AgentId = "main" }, Ct))
        {
            deleted = await close.RunAsync(Ct);
        }

        archived.Route.Backend.Should().Be(CloseBackend.Gateway);
        archived.Report.OperationId.Should().NotBeNull();
        deleted.Report.OperationId.Should().NotBeNull();

        var notDeleted = await RestoreOperation.RunAsync(SandboxContext("restore", "--last"), new RestoreOptions { Last = true, AgentId = "main" }, Ct);
        var unarchived = await RestoreOperation.RunAsync(SandboxContext("restore", archived.Report.OperationId!), new RestoreOptions { OperationId = archived.Report.OperationId, AgentId = "main" }, Ct);

        unarchived.Backend.Should().Be("gateway");
        unarchived.Outcomes.Should().ContainSingle().Which.Status.Should().Be(RestoreStatus.Restored);
        notDeleted.OperationId.Should().Be(deleted.Report.OperationId, "--last is the newest operation");
        notDeleted.Outcomes.Should().ContainSingle().Which.Status.Should().Be(RestoreStatus.NotRestored);
        notDeleted.ExitCode.Should().Be(ExitCode.Refused);
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Select(r => (r.Key, r.SessionId)).Should().Equal([(shelved.Key, shelved.SessionId)]);
    }
}
