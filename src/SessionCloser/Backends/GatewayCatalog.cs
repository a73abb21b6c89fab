using SessionCloser.Closing;
using SessionCloser.Database;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Keys;
using SessionCloser.Store;

namespace SessionCloser.Backends;

/// <summary>
/// Every session the gateway backend may close. <c>sessions.list</c> alone is not enough: it hides rows (2026.7.35
/// and 9.6 leave out <c>cron:…:run:…</c> keys). Where the gateway serves a local <c>sessions.json</c> (eras A/B),
/// that file, read without a lock (OpenClaw replaces it atomically), is the full set; from 2026.8 on (era C) the
/// agent's SQLite database, read-only, is (every <c>session_nodes</c> row OpenClaw serves: archived sessions and
/// cron runs included). The list adds what only the gateway knows (runs in progress). Without either (a gateway on
/// another host), arguments the list does not show are looked up one by one with <c>sessions.describe</c> and
/// <c>sessions.resolve</c>, which see hidden keys too.
/// </summary>
internal sealed record GatewayCatalog(IReadOnlyList<GatewaySession> Sessions, SessionStoreSnapshot? StoreFile)
{
    /// <summary>True when the keys came from the store file or the database (complete), not only from what the gateway lists.</summary>
    public bool Complete { get; init; }

    /// <summary>Keys protected besides the config's main session: the database's own main key (<c>session_key_contract</c>).</summary>
    public IReadOnlyList<string> ProtectedKeys { get; init; } = [];

    /// <summary>What could not be read (the database), and what was done instead.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static async Task<GatewayCatalog> LoadAsync(GatewayClient client, CloseRequest request, string? storeFile, CancellationToken cancellationToken)
    {
        var snapshot = storeFile is not null && File.Exists(storeFile) ? StoreReader.ReadFile(storeFile) : null;

        // To archive, only what the gateway lists as active counts: the file also holds sessions archived already.
        var fromFile = snapshot is not null && !request.Archive;
        var sessions = new List<GatewaySession>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in fromFile ? snapshot!.Entries : [])
        {
            index[entry.Key] = sessions.Count;
            sessions.Add(new GatewaySession(entry.Key, entry.Fields.SessionId, entry.Fields.UpdatedAt, HasActiveRun: false) { Facts = entry.Fields.Facts });
        }

        var warnings = new List<string>();
        GatewayCatalog? database = null;
        if (snapshot is null && request.DatabasePath is { } path)
        {
            try
            {
                database = FromDatabase(request);
            }
            catch (SessionCloserException e)
            {
                // The gateway still closes safely (each delete is guarded); only the full set of keys is missing.
                warnings.Add($"could not read {path} ({e.Message}); the sessions were chosen from what the gateway lists");
            }

            foreach (var session in database?.Sessions ?? [])
            {
                index[session.Key] = sessions.Count;
                sessions.Add(session);
            }
        }

        // Archived sessions are sessions too when deleting (listed separately from 2026.7.1 on).
        var agent = AgentIds.Normalize(request.AgentId);
        bool?[] lists = client.IsOlderThan(2026, 7, 1) ? [null] : request.Archive ? [false] : [false, true];
        foreach (var archived in lists)
        {
            var list = await client.ListSessionsAsync(new GatewayListOptions { Archived = archived }, cancellationToken);
            // The list spans every agent; like the agent's own store file, the catalog holds only this agent's keys.
            foreach (var row in list.Sessions.Where(r => SessionKeys.Parse(r.Key, request.KeyRules)?.OwnerAgentId == agent))
            {
                if (index.TryGetValue(row.Key, out var at))
                {
                    sessions[at] = sessions[at] with { HasActiveRun = sessions[at].HasActiveRun || row.HasActiveRun, Listed = row.Raw.GetRawText() };
                }
                else
                {
                    index[row.Key] = sessions.Count;
                    sessions.Add(new GatewaySession(row.Key, row.SessionId, row.UpdatedAt, row.HasActiveRun, row.Raw.GetRawText()) { Facts = GatewaySession.FactsOf(row) });
                }
            }
        }

        var complete = fromFile || database is not null;
        if (!complete && request.Mode == CloseMode.Close && request.Selector is not { Pins: null })
        {
            await AddHiddenArgumentsAsync(client, request, sessions, cancellationToken);
        }

        return new GatewayCatalog(sessions, snapshot) { Complete = complete, ProtectedKeys = database?.ProtectedKeys ?? [], Warnings = warnings };
    }

    /// <summary>
    /// The sessions of the agent's database alone (era C), read-only: every row OpenClaw serves, archived ones and
    /// cron runs included (with <c>--archive</c>, only the active ones). Used beside a running gateway and, with the
    /// gateway stopped, for a plan. Nothing says which have a run in progress: only the gateway knows.
    /// </summary>
    /// <exception cref="SessionCloserException">The database cannot be read (store error), naming it.</exception>
    public static GatewayCatalog FromDatabase(CloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.DatabasePath ?? throw new ArgumentException("the request names no database", nameof(request));
        if (!File.Exists(path))
        {
            // A known agent before its first session: OpenClaw creates the database then.
            return new GatewayCatalog([], null) { Complete = true };
        }

        var read = (request.DatabaseRead is { } shared && shared.Path == path ? shared : new SharedSessionRead(path)).Read();
        var sessions = read.Sessions
            .Where(row => row.IsServedByOpenClaw && !(request.Archive && row.Archived))
            .Select(row => new GatewaySession(row.Key, row.SessionId, row.UpdatedAt, HasActiveRun: false) { Facts = row.Facts(row.Fields) })
            .ToList();
        return new GatewayCatalog(sessions, null)
        {
            Complete = true,
            ProtectedKeys = read.MainKey is { Length: > 0 } main ? MainSessionKeys.Aliases(request.AgentId, main) : [],
        };
    }

    /// <summary>Arguments that name no listed key may name one the list hides; ask the gateway for each candidate.</summary>
    private static async Task AddHiddenArgumentsAsync(GatewayClient client, CloseRequest request, List<GatewaySession> sessions, CancellationToken cancellationToken)
    {
        var known = sessions.Select(s => SessionKeys.Normalize(s.Key, request.KeyRules)).ToHashSet(StringComparer.Ordinal);
        var exact = sessions.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var argument in request.Arguments)
        {
            if (exact.Contains(argument))
            {
                // Exactly a listed key: it names that key (Selection), whatever the project-id rules would make of it.
                continue;
            }

            foreach (var candidate in ProjectIdResolver.Candidates(argument, request.AgentId))
            {
                if (known.Contains(candidate.Key))
                {
                    break;
                }

                // sessions.describe (2026.7.1+) sees hidden keys too and gives the sessionId the delete is guarded with.
                var described = client.IsOlderThan(2026, 7, 1) ? null : await client.DescribeSessionAsync(candidate.Key, cancellationToken);
                if (described is not null)
                {
                    known.Add(candidate.Key);
                    sessions.Add(new GatewaySession(candidate.Key, described.SessionId, described.UpdatedAt, described.HasActiveRun, described.Raw.GetRawText()) { Facts = GatewaySession.FactsOf(described) });
                    break;
                }

                if (await client.SessionExistsAsync(candidate.Key, cancellationToken) == true)
                {
                    known.Add(candidate.Key);
                    sessions.Add(new GatewaySession(candidate.Key, SessionId: null, UpdatedAt: null, HasActiveRun: false));
                    break;
                }
            }
        }
    }
}
