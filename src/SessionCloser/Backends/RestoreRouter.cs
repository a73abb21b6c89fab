using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Undo;

namespace SessionCloser.Backends;

/// <summary>
/// Decides who undoes a record: a record the files backend wrote is undone on the files, under the same rule a
/// close through the files obeys beside a running gateway (<see cref="BackendRouter"/>: an era-A store under its
/// lock, an era-B store only with --force). A record the gateway wrote is undone through the gateway when one serves
/// this state (<see cref="GatewayRestorer"/>: archives undone, deletes reported); with none running, an era A/B
/// record of deletes is undone on the files from the exact entries it keeps, and anything else waits for the gateway.
/// </summary>
internal static class RestoreRouter
{
    public static async Task<IRestoreBackend> RouteAsync(
        OpenClawInstallation installation, AgentStore store, GatewayEndpoint endpoint, GatewayClientOptions clientOptions, OperationRecord record, bool force, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Backend == RecordedBackend.Gateway)
        {
            return await GatewayRecordAsync(installation, store, endpoint, clientOptions, record, force, clock, cancellationToken);
        }

        // Files beside a gateway: the very rule of a close through the files (refused for an unlocked store without --force).
        await using var route = await BackendRouter.RouteAsync(installation, store, endpoint, BackendPreference.Files, force, clientOptions, cancellationToken);
        return new FileRestorer(clock);
    }

    private static async Task<IRestoreBackend> GatewayRecordAsync(
        OpenClawInstallation installation, AgentStore store, GatewayEndpoint endpoint, GatewayClientOptions clientOptions, OperationRecord record, bool force, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Era C without a gateway is refused here, with how to start it.
        var route = await BackendRouter.RouteAsync(installation, store, endpoint, BackendPreference.Auto, force, clientOptions, cancellationToken);
        if (route.Client is { } client)
        {
            // The restorer takes the connection over (RestoreOperation disposes it).
            return new GatewayRestorer(client, clock);
        }

        await route.DisposeAsync();
        if (!FileRestorer.CanUndoGatewayRecord(record))
        {
            var what = record.Gateway.Any(a => a.Method == "sessions.patch") ? "only the gateway can unarchive its sessions" : "only the gateway can undo it";
            throw new SessionCloserException(
                ExitCode.Refused,
                $"operation {record.Id} was done through the gateway, and no gateway serves this state now ({route.Reason}); {what}: " +
                "start it ('openclaw gateway') and run this again. Nothing was changed.");
        }

        return new FileRestorer(clock);
    }
}
