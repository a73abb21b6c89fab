using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Keys;

namespace SessionCloser.Operations;

/// <summary>
/// <c>close</c> and <c>keep-only</c> on one agent's store: opening it routes the store (the gateway that serves it,
/// else the files where that is safe) and picks the era's key rules; <see cref="PreviewAsync"/> plans without
/// changing anything (for a confirmation), <see cref="RunAsync"/> closes, both over the same backend.
/// </summary>
public sealed class CloseOperation : IAsyncDisposable
{
    private readonly OperationContext _context;
    private readonly CloseOptions _options;
    private readonly CloseRequest _request;
    private readonly ISessionBackend _backend;

    private CloseOperation(OperationContext context, CloseOptions options, CloseRequest request, ISessionBackend backend, RouteSummary route)
    {
        _context = context;
        _options = options;
        _request = request;
        _backend = backend;
        Route = route;
    }

    /// <summary>Who closes, and why.</summary>
    public RouteSummary Route { get; }

    /// <summary>
    /// Sessions in SQLite (2026.8+) and no gateway serving this state: <see cref="RunAsync"/> only plans from the
    /// database; a run that is not a dry run is refused (exit 4), so there is nothing to confirm.
    /// </summary>
    public bool GatewayStopped => _backend is StoppedGatewayBackend;

    public static async Task<CloseOperation> OpenAsync(OperationContext context, CloseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var store = installation.RequireAgent(options.AgentId ?? OperationContext.DefaultAgent);
        var endpoint = GatewayEndpoint.Resolve(context.Environment, installation.Config, options.Token);
        var route = await BackendRouter.RouteAsync(installation, store, endpoint, options.Backend, options.Force, cancellationToken: cancellationToken);
        try
        {
            // Era C with the gateway stopped plans an archive too (2026.8+ can archive); the real run is refused there.
            if (options.Archive && route.StoppedGateway is null && (route.Client is not { } archiver || archiver.IsOlderThan(2026, 7, 1)))
            {
                throw new SessionCloserException(ExitCode.Refused, $"--archive needs a running gateway of OpenClaw 2026.7.1 or later that serves this state, and {route.Reason}. Nothing was changed.");
            }

            var sessionsInDatabase = route.Era.Era == StorageEra.SqliteBehindGateway;
            var request = new CloseRequest
            {
                StorePath = store.StorePath,
                // The database on this machine is the gateway's own unless the gateway runs on another host.
                DatabasePath = sessionsInDatabase && (route.Client is null || route.Endpoint.IsLoopback) ? installation.DatabasePath(store.AgentId) : null,
                SessionsInDatabase = sessionsInDatabase,
                AgentId = store.AgentId,
                Mode = options.Mode,
                Arguments = options.Arguments,
                MainKey = installation.Config.MainKey,
                // Era A folded whole keys to lowercase; later eras keep opaque peer ids as written.
                KeyRules = route.Era.Era == StorageEra.LockedJsonFile ? KeyCaseRules.FullLowercase : KeyCaseRules.PreserveOpaquePeerIds,
                DryRun = options.DryRun,
                Force = options.Force,
                AllowMissing = options.AllowMissing,
                KeepBackups = options.KeepBackups,
                LockTimeout = options.LockTimeout,
                Archive = options.Archive,
                Logging = new Undo.OperationLogging(installation.Location.StateDir, context.CommandLine, route.Era.Era),
            };
            return new CloseOperation(context, options, request, route.CreateBackend(context.Clock, store), route.Summary);
        }
        catch
        {
            await route.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a run would do, changing nothing (the backend is the one <see cref="RunAsync"/> uses).</summary>
    public Task<CloseReport> PreviewAsync(CancellationToken cancellationToken = default) =>
        _backend.CloseAsync(_request with { DryRun = true }, cancellationToken);

    /// <summary>Closes (or, for a dry run, plans), then restarts the gateway once if asked and anything changed.</summary>
    public async Task<CloseResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = await _backend.CloseAsync(_request, cancellationToken);
        var restart = _options.RestartGateway && report.Changed ? GatewayRestart.Run(_context.Environment) : null;
        return new CloseResult(report, Route, restart);
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();
}
