using SessionCloser.Closing;
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

    /// <summary>Era C is listed from the databases by <see cref="DatabaseLister"/>, gateway or not; never through a route.</summary>
    public Task<ListReport> ListAsync(IReadOnlyList<AgentStore> stores, ListContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("an era-C store is listed by DatabaseLister, not through a stopped gateway's route");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
