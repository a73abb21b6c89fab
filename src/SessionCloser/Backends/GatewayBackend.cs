using SessionCloser.Closing;
using SessionCloser.Gateway;
using SessionCloser.Keys;
using SessionCloser.Listing;
using SessionCloser.Paths;

namespace SessionCloser.Backends;

/// <summary>The running gateway, over one connection: it lists with <c>sessions.list</c> and closes with <see cref="GatewayCloser"/>.</summary>
/// <param name="client">The connection; disposed with the backend.</param>
/// <param name="clock">Time for backups and ages.</param>
/// <param name="localStoreFile">The <c>sessions.json</c> the gateway serves on this machine (eras A/B); null in the SQLite era or for a remote gateway.</param>
internal sealed class GatewayBackend(GatewayClient client, TimeProvider clock, string? localStoreFile) : ISessionBackend
{
    public CloseBackend Kind => CloseBackend.Gateway;

    public Task<CloseReport> CloseAsync(CloseRequest request, CancellationToken cancellationToken) =>
        new GatewayCloser(client, clock).CloseAsync(request, localStoreFile, cancellationToken);

    public async Task<ListReport> ListAsync(IReadOnlyList<AgentStore> stores, ListContext context, CancellationToken cancellationToken)
    {
        // One list for every agent: the gateway's rows span them all.
        var list = await client.ListSessionsAsync(cancellationToken: cancellationToken);
        var now = context.Now.ToUnixTimeMilliseconds();
        var listed = stores.Select(store => new ListedStore(store, [.. list.Sessions
            .Where(r => SessionKeys.Parse(r.Key)?.OwnerAgentId == AgentIds.Normalize(store.AgentId))
            .OrderByDescending(r => r.UpdatedAt ?? 0)
            .Select(row => new ListedSession
            {
                AgentId = store.AgentId,
                Key = row.Key,
                SessionId = row.SessionId,
                UpdatedAt = row.UpdatedAt,
                AgeMs = row.UpdatedAt is { } updated ? Math.Max(0, now - updated) : null,
                Label = row.Label,
                DisplayKind = row.Kind,
                Flags = (IsProtected(row.Key, store, context.MainKey) ? SessionMarks.Protected : SessionMarks.None)
                    | (row.HasActiveRun ? SessionMarks.ActiveRun : SessionMarks.None),
                GatewayRow = row.Raw,
            })])).ToList();

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

    private bool IsProtected(string key, AgentStore store, string mainKey) =>
        MainSessionKeys.IsProtected(key, store.AgentId, mainKey) || key == client.Snapshot.MainSessionKey;

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
