using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.Gateway;
using SessionCloser.Installation;

namespace SessionCloser.Backends;

/// <summary>
/// Decides, per store, who closes its sessions. A gateway that serves this state closes them itself (its own
/// writes, locks and runtime clean-up); without one, session-closer edits an era A/B store's files; an era C
/// store (SQLite, owned by the gateway) without a gateway can only be planned from its database, read-only. Forcing the files beside a gateway that runs
/// an era B store (no cross-process lock) is refused unless <c>--force</c>.
/// </summary>
internal static class BackendRouter
{
    /// <summary>How long the <c>/healthz</c> probe may take; a port nobody listens on answers at once.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static async Task<BackendRoute> RouteAsync(
        OpenClawInstallation installation,
        AgentStore store,
        GatewayEndpoint endpoint,
        BackendPreference preference,
        bool force,
        GatewayClientOptions? clientOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(endpoint);

        // 2026.3.13-4.14 grant scopes only to a signed device: session-closer's own key, kept beside OpenClaw's state.
        clientOptions ??= new GatewayClientOptions();
        if (clientOptions.DeviceIdentityPath is null)
        {
            clientOptions = clientOptions with { DeviceIdentityPath = GatewayDeviceIdentity.DefaultPath(installation.Location.StateDir) };
        }

        var diskEra = installation.DetectEra(store.AgentId);
        if (!await endpoint.IsLiveAsync(ProbeTimeout, cancellationToken))
        {
            if (preference == BackendPreference.Gateway)
            {
                throw new SessionCloserException(ExitCode.StoreError, $"no OpenClaw gateway answers at {endpoint.Url} ({endpoint.UrlSource}); start it with 'openclaw gateway', or drop --backend gateway. Nothing was changed.");
            }

            return FilesWithoutGateway(installation, diskEra, store, endpoint, $"no gateway answers at {endpoint.Url}", preference, gatewayLive: false);
        }

        GatewayClient client;
        try
        {
            client = await GatewayClient.ConnectAsync(endpoint, clientOptions, cancellationToken);
        }
        catch (GatewayException e)
        {
            if (preference == BackendPreference.Files)
            {
                return FilesBesideGateway(installation, diskEra, store, endpoint, $"a gateway answers at {endpoint.Url} (session-closer could not connect: {e.Message})", force);
            }

            throw new SessionCloserException(
                ExitCode.Refused,
                $"an OpenClaw gateway answers at {endpoint.Url}, but session-closer could not connect to it: {e.Message} " +
                "Closing through it is the safe path while it runs: give its token with --token or OPENCLAW_GATEWAY_TOKEN (or its password with OPENCLAW_GATEWAY_PASSWORD). Nothing was changed.",
                e);
        }

        try
        {
            var era = client.Version is { } version ? new EraEvidence(version.Era, $"the gateway at {endpoint.Url} runs OpenClaw {version}") : diskEra;
            if (ServedStateDir(client, endpoint, installation) is { } other)
            {
                if (preference == BackendPreference.Gateway)
                {
                    throw new SessionCloserException(ExitCode.Refused, $"the gateway at {endpoint.Url} serves the OpenClaw state {other}, not {installation.Location.StateDir}; point OPENCLAW_GATEWAY_URL at the gateway of this state. Nothing was changed.");
                }

                await client.DisposeAsync();
                return FilesWithoutGateway(installation, diskEra, store, endpoint, $"the gateway at {endpoint.Url} serves another state ({other})", preference, gatewayLive: true);
            }

            if (preference == BackendPreference.Files)
            {
                await client.DisposeAsync();
                return FilesBesideGateway(installation, era, store, endpoint, $"the gateway at {endpoint.Url} (OpenClaw {client.ServerVersion}) serves this state", force);
            }

            return new BackendRoute(CloseBackend.Gateway, $"the gateway at {endpoint.Url} (OpenClaw {client.ServerVersion}) serves this state: it closes the sessions itself", era, endpoint, GatewayLive: true, client);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>The state directory a local gateway reports when it is not ours; null when it is ours, remote, or does not say.</summary>
    private static string? ServedStateDir(GatewayClient client, GatewayEndpoint endpoint, OpenClawInstallation installation)
    {
        if (!endpoint.IsLoopback || client.Snapshot.StateDir is not { Length: > 0 } served)
        {
            return null;
        }

        return Canonical(served) == Canonical(installation.Location.StateDir) ? null : served;

        static string Canonical(string path) => Path.TrimEndingDirectorySeparator(RealPath.TryResolve(path) ?? Path.GetFullPath(path));
    }

    /// <summary>
    /// No gateway serves this state. Eras A/B: the files. Era C (SQLite, which only the gateway writes): a route
    /// without a client that plans from the read-only database and refuses to close (<see cref="StoppedGatewayBackend"/>);
    /// <c>--backend files</c> is refused outright, since session-closer never edits OpenClaw's SQLite.
    /// </summary>
    private static BackendRoute FilesWithoutGateway(OpenClawInstallation installation, EraEvidence era, AgentStore store, GatewayEndpoint endpoint, string why, BackendPreference preference, bool gatewayLive)
    {
        if (era.Era == StorageEra.SqliteBehindGateway)
        {
            var start = GatewayService.StartCommand(installation.Environment, installation.Location);
            var sqlite = $"this OpenClaw keeps agent {store.AgentId}'s sessions in SQLite ({era.Reason}), which only its gateway changes";
            if (preference == BackendPreference.Files)
            {
                throw new SessionCloserException(
                    ExitCode.Refused,
                    $"--backend files refused: {sqlite}; session-closer never edits that database. {Capitalized(why)}: start it ('{start}') and run this again without --backend files. Nothing was changed.");
            }

            return new BackendRoute(
                CloseBackend.Gateway,
                $"{why}; {sqlite}: session-closer reads the database (read-only) to plan, and the gateway must run to close ('{start}')",
                era,
                endpoint,
                gatewayLive,
                Client: null)
            {
                StoppedGateway = new StoppedGateway(
                    $"{sqlite}, and {why}: only the gateway can close them; start it ('{start}') and run this again (--dry-run shows the plan now). Nothing was changed."),
            };
        }

        return new BackendRoute(CloseBackend.Files, $"{why}; session-closer edits the files{(era.Era == StorageEra.LockedJsonFile ? " under OpenClaw's store lock" : "")}", era, endpoint, GatewayLive: gatewayLive, Client: null);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static BackendRoute FilesBesideGateway(OpenClawInstallation installation, EraEvidence era, AgentStore store, GatewayEndpoint endpoint, string why, bool force)
    {
        if (era.Era == StorageEra.SqliteBehindGateway)
        {
            return FilesWithoutGateway(installation, era, store, endpoint, why, BackendPreference.Files, gatewayLive: true);
        }

        if (era.Era != StorageEra.LockedJsonFile && !force)
        {
            throw new SessionCloserException(
                ExitCode.Refused,
                $"--backend files refused: {why}, and this store has no cross-process lock ({era.Reason}). Editing sessions.json while the gateway runs " +
                "races it: its next write can bring closed sessions back or undo other changes, and it does not stop their runs or queues. " +
                "Drop --backend files to close through the gateway, stop the gateway first, or pass --force to edit the files anyway. Nothing was changed.");
        }

        var how = era.Era == StorageEra.LockedJsonFile ? "OpenClaw's store lock keeps the edit safe beside it" : "--force: editing the files anyway";
        return new BackendRoute(CloseBackend.Files, $"--backend files: {why}; {how}", era, endpoint, GatewayLive: true, Client: null);
    }
}
