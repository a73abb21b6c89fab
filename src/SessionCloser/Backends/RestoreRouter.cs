using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Undo;

namespace SessionCloser.Backends;

/// <summary>
/// Decides who undoes a record: a record the files backend wrote is undone on the files, under the same rule a
/// close through the files obeys beside a running gateway (<see cref="BackendRouter"/>: an era-A store under its
/// lock, an era-B store only with --force); a record the gateway wrote needs the gateway.
/// </summary>
internal static class RestoreRouter
{
    public static async Task<IRestoreBackend> RouteAsync(
        OpenClawInstallation installation, AgentStore store, GatewayEndpoint endpoint, OperationRecord record, bool force, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Backend == RecordedBackend.Gateway)
        {
            throw new SessionCloserException(
                ExitCode.Refused,
                $"operation {record.Id} was done through the gateway, and restoring through the gateway is not supported by this version; " +
                "its transcripts are still in their archives (see 'session-closer history --json'). Nothing was changed.");
        }

        // Files beside a gateway: the very rule of a close through the files (refused for an unlocked store without --force).
        await using var route = await BackendRouter.RouteAsync(installation, store, endpoint, BackendPreference.Files, force, new GatewayClientOptions(), cancellationToken);
        return new FileRestorer(clock);
    }
}
