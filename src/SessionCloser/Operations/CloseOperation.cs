using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Database;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Keys;
using SessionCloser.Maintenance;
using SessionCloser.Store;

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
    private readonly MaintenancePolicy? _maintenance;

    private CloseOperation(OperationContext context, CloseOptions options, CloseRequest request, ISessionBackend backend, RouteSummary route, MaintenancePolicy? maintenance)
    {
        _maintenance = maintenance;
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
        var store = installation.RequireAgentOrDefault(options.AgentId);
        var endpoint = options.Gateway.Resolve(context.Environment, installation.Config);
        var route = await BackendRouter.RouteAsync(installation, store, endpoint, options.Backend, options.Force, options.Gateway.Apply(new GatewayClientOptions()), cancellationToken);
        try
        {
            RefuseArchiveWithoutGateway(options, route);
            var request = BuildRequest(context, options, installation, store, route);
            if (request.DryRun && request.DatabasePath is { } database)
            {
                // The plan and the maintenance forecast read the database once between them.
                request = request with { DatabaseRead = new SharedSessionRead(database) };
            }

            var maintenance = MaintenanceOf(installation, route);
            return new CloseOperation(context, options, request, route.CreateBackend(context.Clock, store), route.Summary, maintenance);
        }
        catch
        {
            await route.DisposeAsync();
            throw;
        }
    }

    /// <summary>--archive needs a gateway that can archive (era C with the gateway stopped plans one; its real run is refused there).</summary>
    internal static void RefuseArchiveWithoutGateway(CloseOptions options, BackendRoute route)
    {
        if (options.Archive && route.StoppedGateway is null && (route.Client is not { } archiver || archiver.IsOlderThan(2026, 7, 1)))
        {
            throw new SessionCloserException(ExitCode.Refused, $"--archive needs a running gateway of OpenClaw 2026.7.1 or later that serves this state, and {route.Reason}. Nothing was changed.");
        }
    }

    /// <summary>One store's request as the options and the route say: the era's key rules, the database in era C, the operation log.</summary>
    internal static CloseRequest BuildRequest(OperationContext context, CloseOptions options, OpenClawInstallation installation, AgentStore store, BackendRoute route)
    {
        var sessionsInDatabase = route.Era.Era == StorageEra.SqliteBehindGateway;
        return new CloseRequest
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
            Progress = options.Progress,
            Logging = new Undo.OperationLogging(installation.Location.StateDir, context.CommandLine, route.Era.Era),
        };
    }

    /// <summary>OpenClaw's own maintenance (2026.7+) runs on the gateway's writes; a dry run says what it will remove.</summary>
    private static MaintenancePolicy? MaintenanceOf(OpenClawInstallation installation, BackendRoute route) =>
        route.Era.Era is StorageEra.JsonFile or StorageEra.SqliteBehindGateway
            ? MaintenancePolicy.From(installation.Config.Root, installation.Config.Path, route.Era.Era)
            : null;

    /// <summary>What a run would do, changing nothing (the backend is the one <see cref="RunAsync"/> uses).</summary>
    public Task<CloseReport> PreviewAsync(CancellationToken cancellationToken = default) =>
        _backend.CloseAsync(_request with { DryRun = true, Progress = null }, cancellationToken);

    /// <summary>Closes (or, for a dry run, plans), then restarts the gateway once if asked and anything changed.</summary>
    public async Task<CloseResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = await _backend.CloseAsync(_request, cancellationToken);
        if (report.DryRun && _maintenance is not null)
        {
            report = report with { Maintenance = Forecast(_maintenance, report) };
        }

        var restart = _options.RestartGateway && report.Changed ? GatewayRestart.Run(_context.Environment) : null;
        return new CloseResult(report, Route, restart);
    }

    public ValueTask DisposeAsync() => _backend.DisposeAsync();

    /// <summary>Counts from the store the gateway serves: its <c>sessions.json</c> (eras A/B) or, in era C, its database read read-only.</summary>
    private MaintenanceForecast Forecast(MaintenancePolicy policy, CloseReport report)
    {
        var closing = report.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).SelectMany(o => o.Keys).ToHashSet(StringComparer.Ordinal);
        if (Route.Era == StorageEra.SqliteBehindGateway)
        {
            if (_request.DatabasePath is not { } path || !File.Exists(path))
            {
                return policy.Uncounted("the agent's database cannot be read from here; OpenClaw 2026.8+ applies this policy in a background pass after writes");
            }

            var read = _request.DatabaseRead is { } shared && shared.Path == path ? shared : new SharedSessionRead(path);
            return policy.ForecastDatabase(read.Read().Sessions, closing, _context.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        }

        if (!File.Exists(_request.StorePath))
        {
            return policy.Uncounted("there is no store file to count from");
        }

        var snapshot = StoreReader.ReadFile(_request.StorePath);
        var entries = snapshot.Entries.Select(e => (e.Key, e.Fields.UpdatedAt, e.Fields.ChatType)).ToList();
        return policy.ForecastStoreFile(entries, closing, _context.Clock.GetUtcNow().ToUnixTimeMilliseconds());
    }
}
