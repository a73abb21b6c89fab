using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Installation;
using SessionCloser.Listing;

namespace SessionCloser.Backends;

/// <summary>
/// Era C (sessions in SQLite) with no gateway serving this state: the gateway is who closes, and it is stopped.
/// A dry run plans from the agent's database, read-only (<see cref="GatewayCloser.PlanWithoutGateway"/>); a real
/// run is refused with the command that starts the gateway, and nothing is written.
/// </summary>
internal sealed class StoppedGatewayBackend(StoppedGateway stopped) : ISessionBackend
{
    public CloseBackend Kind => CloseBackend.Gateway;

    public Task<CloseReport> CloseAsync(CloseRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(GatewayCloser.PlanWithoutGateway(request, stopped.CloseRefusal));

    public Task<ListReport> ListAsync(IReadOnlyList<AgentStore> stores, ListContext context, CancellationToken cancellationToken) =>
        throw new SessionCloserException(ExitCode.Refused, stopped.ListRefusal);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
