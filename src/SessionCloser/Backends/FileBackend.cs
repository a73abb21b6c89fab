using SessionCloser.Closing;
using SessionCloser.Installation;
using SessionCloser.Keys;
using SessionCloser.Listing;
using SessionCloser.Store;

namespace SessionCloser.Backends;

/// <summary>session-closer on the files of an era A/B store: read <c>sessions.json</c>, close with <see cref="FileCloser"/>.</summary>
internal sealed class FileBackend(TimeProvider clock) : ISessionBackend
{
    public CloseBackend Kind => CloseBackend.Files;

    public Task<CloseReport> CloseAsync(CloseRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new FileCloser(clock).Close(request, cancellationToken));

    public Task<ListReport> ListAsync(IReadOnlyList<AgentStore> stores, ListContext context, CancellationToken cancellationToken)
    {
        var listed = stores.Select(store => new ListedStore(store, SessionInventory.Rows(
            store.AgentId,
            StoreReader.ReadIndexFile(store.StorePath),
            MainSessionKeys.ProtectedKeysOf(store.AgentId, context.MainKey),
            context.Now))).ToList();

        // As 'openclaw sessions --json': the store's path for one agent, null (and a stores array) for several.
        var aggregate = context.AllAgents || listed.Count > 1;
        return Task.FromResult(new ListReport
        {
            Source = ListSource.StoreFiles,
            Stores = listed,
            AllAgents = context.AllAgents,
            Path = aggregate ? null : listed[0].Store.StorePath,
        });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
