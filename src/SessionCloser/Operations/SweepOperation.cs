using SessionCloser.Artifacts;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Database;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Store;

namespace SessionCloser.Operations;

/// <summary>
/// <c>close</c> by selectors, on one agent or every agent (<see cref="CloseOptions.AllAgents"/>): <see cref="PlanAsync"/>
/// decides per store which sessions the selectors pick and why every other one stays, changing nothing;
/// <see cref="RunAsync"/> then closes exactly the sessions of that plan (a session whose key now holds another
/// sessionId is skipped, never a new one picked), one operation in the log per store, at most one gateway restart.
/// Each store goes to the backend a <c>close</c> of it would use (files, gateway, or in era C with the gateway
/// stopped a plan from the database and a refused run); a gateway serving the state is one connection for all.
/// </summary>
public sealed class SweepOperation : IAsyncDisposable
{
    private readonly OperationContext _context;
    private readonly CloseOptions _options;
    private readonly SessionSelector _selector;
    private readonly IReadOnlyList<StoreRun> _stores;
    private readonly GatewayClient? _sharedClient;

    private SweepOperation(OperationContext context, CloseOptions options, SessionSelector selector, IReadOnlyList<StoreRun> stores, GatewayClient? sharedClient)
    {
        _context = context;
        _options = options;
        _selector = selector;
        _stores = stores;
        _sharedClient = sharedClient;
    }

    /// <summary>
    /// Sessions in SQLite (2026.8+) and no gateway serving this state: <see cref="PlanAsync"/> plans from the
    /// databases; <see cref="RunAsync"/> is refused (exit 4) for every store with something to close.
    /// </summary>
    public bool GatewayStopped => _stores.Any(s => s.Backend is StoppedGatewayBackend);

    /// <summary>Who closes each store, in agent order.</summary>
    public IReadOnlyList<RouteSummary> Routes => [.. _stores.Select(s => s.Route.Summary)];

    /// <summary>Resolves the installation and the stores (the agent's, or every agent's); refuses bad options (exit 2) before anything is read.</summary>
    public static async Task<SweepOperation> OpenAsync(OperationContext context, CloseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var selector = Validate(options);

        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var stores = options.AllAgents ? EveryAgentsStore(installation) : [installation.RequireAgentOrDefault(options.AgentId)];
        var endpoint = options.Gateway.Resolve(context.Environment, installation.Config);
        var clientOptions = options.Gateway.Apply(new GatewayClientOptions());
        var runs = new List<StoreRun>();
        GatewayClient? shared = null;
        BackendRoute? gatewayRoute = null;
        try
        {
            foreach (var store in stores)
            {
                BackendRoute route;
                ISessionBackend backend;
                if (shared is not null && gatewayRoute is { } first)
                {
                    // A gateway serving this state serves every agent of it: one connection, one era, for all the stores.
                    route = first with { };
                    backend = new GatewayBackend(shared, context.Clock, first.GatewayServesLocalStoreFile ? store.StorePath : null, ownsClient: false);
                }
                else
                {
                    route = await BackendRouter.RouteAsync(installation, store, endpoint, options.Backend, options.Force, clientOptions, cancellationToken);
                    shared = route.Client;
                    gatewayRoute = route.Client is null ? null : route;
                    backend = route.Client is { } client
                        ? new GatewayBackend(client, context.Clock, route.GatewayServesLocalStoreFile ? store.StorePath : null, ownsClient: false)
                        : route.CreateBackend(context.Clock, store);
                }

                runs.Add(new StoreRun(store, route, backend, CloseOperation.BuildRequest(context, options with { Arguments = [], Progress = null }, installation, store, route) with
                {
                    Mode = CloseMode.Close,
                }));
                CloseOperation.RefuseArchiveWithoutGateway(options, route);
            }

            return new SweepOperation(context, options, selector, runs, shared);
        }
        catch
        {
            foreach (var run in runs)
            {
                await run.Backend.DisposeAsync();
            }

            if (shared is not null)
            {
                await shared.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The plan: per store, every session either picked (<see cref="OutcomeStatus.Closed"/>), refused (<see cref="OutcomeStatus.Skipped"/>, e.g. a run in progress) or left (<see cref="OutcomeStatus.Kept"/>), each with why.</summary>
    public async Task<SweepPlan> PlanAsync(CancellationToken cancellationToken = default)
    {
        var criteria = _selector.ToCriteria(_context.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        var plans = new List<StorePlan>();
        foreach (var run in _stores)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = run.Request with { DryRun = true, Progress = null, Selector = criteria with { AnyAgent = _options.AllAgents && run.Store.IsShared } };
            var report = await run.Backend.CloseAsync(request, cancellationToken);
            report = report with
            {
                Outcomes = [.. report.Outcomes.OrderByDescending(o => o.UpdatedAt ?? double.NegativeInfinity).ThenBy(o => o.Subject, StringComparer.Ordinal)],
            };
            plans.Add(new StorePlan(run.Route.Summary, report) { ArchiveBytes = ArchiveBytes(run, report) });
        }

        return new SweepPlan { Selector = _selector, Stores = RefuseUnmatchedExcept(plans) };
    }

    /// <summary>
    /// An <c>--except</c> that names no session in any store is refused, as keep-only refuses an unknown keep id: a typo
    /// there would close the very session it meant to keep. One that names a session somewhere is no line elsewhere.
    /// </summary>
    private List<StorePlan> RefuseUnmatchedExcept(List<StorePlan> plans)
    {
        static bool Unmatched(SessionOutcome o) => o.Status == OutcomeStatus.NotFound && o.Reason == SessionChooser.UnmatchedExceptReason;
        var missing = _selector.Except.Distinct(StringComparer.Ordinal)
            .Where(argument => plans.All(p => p.Preview.Outcomes.Any(o => Unmatched(o) && o.Subject == argument)))
            .ToList();
        if (missing.Count > 0)
        {
            var agents = string.Join(", ", plans.Select(p => p.AgentId));
            throw new SessionCloserException(
                ExitCode.Refused,
                $"--except {string.Join(", ", missing)} name{(missing.Count == 1 ? "s" : "")} no session of agent{(plans.Count == 1 ? "" : "s")} {agents}. " +
                "A typo here would close the session it meant to keep, so nothing was changed. Check the ids with 'session-closer list'.");
        }

        return [.. plans.Select(p => p with { Preview = p.Preview with { Outcomes = [.. p.Preview.Outcomes.Where(o => !Unmatched(o))] } })];
    }

    /// <summary>
    /// Closes exactly the plan's picked sessions, store by store; a store with none is not touched. A signal stops the
    /// run between stores (the store in progress finishes or rolls back as a <c>close</c> does); the stores not
    /// started are named in <see cref="SweepResult.NotStarted"/>.
    /// </summary>
    public async Task<SweepResult> RunAsync(SweepPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<CloseResult>();
        var notStarted = new List<string>();
        foreach (var storePlan in plan.Stores)
        {
            var picked = storePlan.Preview.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).ToList();
            if (picked.Count == 0)
            {
                continue;
            }

            var run = _stores.FirstOrDefault(s => s.Store.AgentId == storePlan.AgentId && s.Request.ReportedStorePath == storePlan.Preview.StorePath)
                ?? throw new ArgumentException($"the plan names a store this operation did not open ({storePlan.AgentId}: {storePlan.Preview.StorePath})", nameof(plan));
            if (cancellationToken.IsCancellationRequested)
            {
                notStarted.Add(run.Store.AgentId);
                continue;
            }

            var pins = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var variant in picked.SelectMany(o => o.Variants))
            {
                pins[variant.Key] = variant.SessionId;
            }

            var criteria = _selector.ToCriteria(_context.Clock.GetUtcNow().ToUnixTimeMilliseconds()) with { Pins = pins };
            var request = run.Request with
            {
                Arguments = [.. picked.Select(o => o.Subject)],
                DryRun = _options.DryRun,
                Selector = criteria,
                Progress = _options.Progress,
            };
            var report = await run.Backend.CloseAsync(request, cancellationToken);
            results.Add(new CloseResult(WithPlanFacts(report, storePlan.Preview), run.Route.Summary, Restart: null));
        }

        var restart = _options.RestartGateway && results.Any(r => r.Report.Changed) ? GatewayRestart.Run(_context.Environment) : null;
        return new SweepResult(results, restart) { NotStarted = notStarted };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _stores)
        {
            await run.Backend.DisposeAsync();
        }

        if (_sharedClient is not null)
        {
            await _sharedClient.DisposeAsync();
        }
    }

    /// <summary>Refuses what cannot be a selector run (exit 2), before anything is read.</summary>
    private static SessionSelector Validate(CloseOptions options)
    {
        if (options.Mode != CloseMode.Close)
        {
            throw new SessionCloserException(ExitCode.Usage, "selectors choose what close closes; keep-only takes no selectors");
        }

        if (options.Arguments.Count > 0)
        {
            throw new SessionCloserException(ExitCode.Usage, "name sessions or choose them with selectors, not both (use --except to keep some)");
        }

        if (options.AllAgents && options.AgentId is not null)
        {
            throw new SessionCloserException(ExitCode.Usage, "--agent and --all-agents cannot be combined");
        }

        if (options.Selector is not { IsEmpty: false } selector)
        {
            throw new SessionCloserException(
                ExitCode.Usage,
                options.AllAgents
                    ? "--all-agents closes by selectors: add at least one (--older-than, --match, --kind, --archived, --active, --except, --keep-last)"
                    : "a selector run needs at least one selector (--older-than, --match, --kind, --archived, --active, --except, --keep-last)");
        }

        CloseOptions.ValidateWriteOptions(options.KeepBackups, options.LockTimeout);
        options.Gateway.Validate();
        if (options.Archive && options.Backend == BackendPreference.Files)
        {
            throw new SessionCloserException(ExitCode.Usage, "--archive closes through the gateway; it cannot be combined with --backend files");
        }

        _ = selector.ToCriteria(0);
        return selector;
    }

    /// <summary>
    /// Every agent's store (configured agents and stores found on disk), and in the SQLite era also agents that have
    /// only their database (<c>agents/&lt;id&gt;/agent/openclaw-agent.sqlite</c>, no sessions directory).
    /// </summary>
    private static List<AgentStore> EveryAgentsStore(OpenClawInstallation installation)
    {
        var stores = installation.Stores.DiscoverAll().ToList();
        var agentsDir = installation.Location.AgentsDir;
        if (installation.Config.SessionStore is null && Directory.Exists(agentsDir))
        {
            foreach (var directory in new DirectoryInfo(agentsDir).EnumerateDirectories().Where(d => d.LinkTarget is null).OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var id = Keys.AgentIds.Normalize(directory.Name);
                if (id == directory.Name && !stores.Any(s => s.AgentId == id) && File.Exists(installation.DatabasePath(id)))
                {
                    stores.Add(installation.Stores.ForAgent(id));
                }
            }
        }

        return stores;
    }

    /// <summary>
    /// Bytes the archives of the picked sessions will take: the files a files close renames; beside a gateway that
    /// serves a local store file, the picked entries' transcripts; in the SQLite era the transcripts as the database
    /// holds them (JSONL bytes before the gateway compresses its archive); unknown (null) for a remote gateway.
    /// </summary>
    private static long? ArchiveBytes(StoreRun run, CloseReport plan)
    {
        var picked = plan.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).ToList();
        if (run.Backend is FileBackend)
        {
            return picked.SelectMany(o => o.Files).Where(f => f.From is not null).Sum(f => SizeOf(f.From!));
        }

        if (run.Route.GatewayServesLocalStoreFile && File.Exists(run.Store.StorePath))
        {
            var keys = picked.SelectMany(o => o.Keys).ToHashSet(StringComparer.Ordinal);
            var snapshot = StoreReader.ReadFile(run.Store.StorePath);
            var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(snapshot.Path))!, Path.GetFileName(snapshot.Path));
            return snapshot.Entries.Where(e => keys.Contains(e.Key))
                .Select(e => PrimaryTranscript.Locate(directory, e.Fields).Path)
                .OfType<string>().Distinct(StringComparer.Ordinal).Sum(SizeOf);
        }

        if (picked.Count == 0)
        {
            return 0;
        }

        if (run.Request.DatabasePath is { } database && File.Exists(database))
        {
            try
            {
                using var read = AgentDatabase.OpenReadOnly(database);
                return read.TranscriptBytes([.. picked.SelectMany(o => o.Variants).Select(v => v.SessionId).OfType<string>()]);
            }
            catch (SessionCloserException)
            {
                return null; // the plan stands without the size; the database's problem shows when the gateway closes
            }
        }

        return null;
    }

    private static long SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    /// <summary>The run's outcomes with the kind and updatedAt the plan showed (a key gone since has no record to read them from), and no argument (selectors named them).</summary>
    private static CloseReport WithPlanFacts(CloseReport report, CloseReport plan)
    {
        var planned = new Dictionary<string, SessionOutcome>(StringComparer.Ordinal);
        foreach (var outcome in plan.Outcomes)
        {
            planned.TryAdd(outcome.Subject, outcome);
        }

        return report with
        {
            Outcomes = [.. report.Outcomes.Select(o => planned.TryGetValue(o.Argument ?? o.Subject, out var p)
                ? o with { Argument = null, Kind = o.Kind ?? p.Kind, UpdatedAt = o.UpdatedAt ?? p.UpdatedAt }
                : o with { Argument = null })],
        };
    }

    /// <summary>One store of the run: where, who closes it, and its request (before the selectors are applied).</summary>
    private sealed record StoreRun(AgentStore Store, BackendRoute Route, ISessionBackend Backend, CloseRequest Request);
}

/// <summary>What a selector run would do, store by store.</summary>
public sealed record SweepPlan
{
    public required SessionSelector Selector { get; init; }

    /// <summary>One per store, in agent order; a store without sessions is still listed.</summary>
    public required IReadOnlyList<StorePlan> Stores { get; init; }

    /// <summary>Sessions the run would close, over every store.</summary>
    public int ClosingCount => Stores.Sum(s => s.Preview.Count(OutcomeStatus.Closed));

    /// <summary>Bytes the closed sessions' archives will take, where known (files the run renames; era C transcripts sized from the database when it can be read).</summary>
    public long ArchiveBytes => Stores.Sum(s => s.ArchiveBytes ?? 0);
}

/// <summary>One store's part of a <see cref="SweepPlan"/>.</summary>
/// <param name="Route">Who would close, and why.</param>
/// <param name="Preview">The dry run: outcomes carry <see cref="SessionOutcome.Kind"/>, <see cref="SessionOutcome.UpdatedAt"/> and, for sessions left, <see cref="SessionOutcome.Reason"/>.</param>
public sealed record StorePlan(RouteSummary Route, CloseReport Preview)
{
    public string AgentId => Preview.AgentId;

    /// <summary>Bytes of the files the archives will take; null when not known (a remote gateway).</summary>
    public long? ArchiveBytes { get; init; }
}

/// <summary>What a selector run did: each store's close (stores with nothing to close are absent) and the one restart.</summary>
public sealed record SweepResult(IReadOnlyList<CloseResult> Stores, GatewayRestartResult? Restart)
{
    /// <summary>Agents whose stores had sessions to close but were not started: a signal stopped the run between stores.</summary>
    public IReadOnlyList<string> NotStarted { get; init; } = [];

    /// <summary>
    /// The worst store's code (refused outranks not found outranks success); a failed restart after a clean run is a
    /// store error; stores left unstarted by a signal make it <see cref="ExitCode.Interrupted"/>.
    /// </summary>
    public ExitCode ExitCode
    {
        get
        {
            var worst = Stores.Select(s => s.ExitCode).DefaultIfEmpty(ExitCode.Success).Max();
            if (NotStarted.Count > 0 && worst < ExitCode.Interrupted)
            {
                return ExitCode.Interrupted;
            }

            return Restart is { Succeeded: false } && worst == ExitCode.Success ? ExitCode.StoreError : worst;
        }
    }
}
