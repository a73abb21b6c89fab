using SessionCloser.Closing;
using SessionCloser.Gateway;
using SessionCloser.Keys;
using SessionCloser.Store;

namespace SessionCloser.Backends;

/// <summary>
/// Every session the gateway backend may close. <c>sessions.list</c> alone is not enough: it hides rows (2026.7.35
/// and 9.6 leave out <c>cron:…:run:…</c> keys). Where the gateway serves a local <c>sessions.json</c> (eras A/B),
/// that file, read without a lock (OpenClaw replaces it atomically), is the full set; the list adds what only the
/// gateway knows (active runs). Where sessions live in SQLite, arguments the list does not show are looked up one
/// by one with <c>sessions.resolve</c>, which sees hidden keys too.
/// </summary>
internal sealed record GatewayCatalog(IReadOnlyList<GatewaySession> Sessions, SessionStoreSnapshot? StoreFile)
{
    /// <summary>True when the keys came from the store file (complete), not only from what the gateway lists.</summary>
    public bool FromStoreFile { get; init; }

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
            sessions.Add(new GatewaySession(entry.Key, entry.Fields.SessionId, entry.Fields.UpdatedAt, HasActiveRun: false));
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
                    sessions[at] = sessions[at] with { HasActiveRun = sessions[at].HasActiveRun || row.HasActiveRun };
                }
                else
                {
                    index[row.Key] = sessions.Count;
                    sessions.Add(new GatewaySession(row.Key, row.SessionId, row.UpdatedAt, row.HasActiveRun));
                }
            }
        }

        if (!fromFile && request.Mode == CloseMode.Close)
        {
            await AddHiddenArgumentsAsync(client, request, sessions, cancellationToken);
        }

        return new GatewayCatalog(sessions, snapshot) { FromStoreFile = fromFile };
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
