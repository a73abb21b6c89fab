using SessionCloser.Closing;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Keys;
using SessionCloser.Listing;

namespace SessionCloser.Backends;

/// <summary>The running gateway, over one connection: it lists with <c>sessions.list</c> and closes with <see cref="GatewayCloser"/>.</summary>
/// <param name="client">The connection; disposed with the backend.</param>
/// <param name="clock">Time for backups and ages.</param>
/// <param name="localStoreFile">The <c>sessions.json</c> the gateway serves on this machine (eras A/B); null in the SQLite era or for a remote gateway.</param>
/// <param name="ownsClient">False when several stores' backends share one connection (a selector run over every agent); its owner disposes it.</param>
internal sealed class GatewayBackend(GatewayClient client, TimeProvider clock, string? localStoreFile, bool ownsClient = true) : ISessionBackend
{
    public CloseBackend Kind => CloseBackend.Gateway;

    public Task<CloseReport> CloseAsync(CloseRequest request, CancellationToken cancellationToken) =>
        new GatewayCloser(client, clock).CloseAsync(request, localStoreFile, cancellationToken);

    public async Task<ListReport> ListAsync(IReadOnlyList<AgentStore> stores, ListContext context, CancellationToken cancellationToken)
    {
        // One list for every agent: the gateway's rows span them all.
        var list = await client.ListSessionsAsync(cancellationToken: cancellationToken);
        var listed = stores.Select(store => new ListedStore(store, [.. list.Sessions
            .Where(r => OwnedBy(r, store))
            .OrderByDescending(r => r.UpdatedAt ?? 0)
            .Select(row => Listed(row, store, context))])).ToList();

        return new ListReport
        {
            Source = ListSource.Gateway,
            Stores = listed,
            AllAgents = context.AllAgents,
            Path = list.Path,
            GatewayUrl = client.Endpoint.Url,
            GatewayVersion = client.ServerVersion,
        };
    }

    /// <summary>The gateway's rows span every agent: those of <paramref name="store"/>'s agent, by the key's owner.</summary>
    internal static bool OwnedBy(GatewaySessionRow row, AgentStore store) => SessionKeys.Parse(row.Key)?.OwnerAgentId == AgentIds.Normalize(store.AgentId);

    /// <summary>One <c>sessions.list</c> row as <c>list</c> shows it (its raw JSON kept for <c>--json</c>).</summary>
    internal ListedSession Listed(GatewaySessionRow row, AgentStore store, ListContext context) => new()
    {
        AgentId = store.AgentId,
        Key = row.Key,
        SessionId = row.SessionId,
        UpdatedAt = row.UpdatedAt,
        AgeMs = row.UpdatedAt is { } updated ? Math.Max(0, context.Now.ToUnixTimeMilliseconds() - updated) : null,
        Label = row.Label,
        DisplayKind = row.Kind,
        Flags = (IsProtected(row.Key, store, context.MainKey) ? SessionMarks.Protected : SessionMarks.None)
            | (row.HasActiveRun ? SessionMarks.ActiveRun : SessionMarks.None)
            | (row.Archived || row.ArchivedAt is not null ? SessionMarks.Archived : SessionMarks.None)
            | (row.Pinned ? SessionMarks.Pinned : SessionMarks.None),
        ArchivedAt = row.ArchivedAt,
        GatewayRow = row.Raw,
        Facts = GatewaySession.FactsOf(row),
    };

    /// <summary>Runs in progress: the client lists the rows; exposed for the database listing, which adds them.</summary>
    internal Task<GatewaySessionList> ListRowsAsync(CancellationToken cancellationToken) => client.ListSessionsAsync(cancellationToken: cancellationToken);

    internal Uri GatewayUrl => client.Endpoint.Url;

    internal string? GatewayVersion => client.ServerVersion;

    private bool IsProtected(string key, AgentStore store, string mainKey) =>
        MainSessionKeys.IsProtected(key, store.AgentId, mainKey) || key == client.Snapshot.MainSessionKey;

    public ValueTask DisposeAsync() => ownsClient ? client.DisposeAsync() : ValueTask.CompletedTask;
}
