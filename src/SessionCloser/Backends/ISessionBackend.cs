using SessionCloser.Closing;
using SessionCloser.Listing;
using SessionCloser.Paths;

namespace SessionCloser.Backends;

/// <summary>
/// Who reads and closes an agent's sessions: session-closer itself on the store files, or the running gateway.
/// The operations (<see cref="Operations"/>) choose one per store and never care which it is.
/// </summary>
internal interface ISessionBackend : IAsyncDisposable
{
    CloseBackend Kind { get; }

    /// <summary>Closes (or, with <see cref="CloseRequest.DryRun"/>, plans) what the request names.</summary>
    Task<CloseReport> CloseAsync(CloseRequest request, CancellationToken cancellationToken);

    /// <summary>Every session of each store, newest first.</summary>
    Task<ListReport> ListAsync(IReadOnlyList<AgentStore> stores, ListContext context, CancellationToken cancellationToken);
}

/// <summary>What listing needs besides the stores: the main key (protected sessions), the clock, whether every agent was asked for.</summary>
internal sealed record ListContext(string MainKey, DateTimeOffset Now, bool AllAgents);
