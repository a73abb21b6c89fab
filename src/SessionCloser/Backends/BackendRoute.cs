using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Gateway;
using SessionCloser.Installation;

namespace SessionCloser.Backends;

/// <summary>What the user asked for with <c>--backend</c>.</summary>
public enum BackendPreference
{
    /// <summary>The gateway when one serves this state, else the files where that is safe.</summary>
    Auto,

    /// <summary>Edit the files, even beside a running gateway (era B then needs <c>--force</c>).</summary>
    Files,

    /// <summary>Only through the gateway; fail if none answers.</summary>
    Gateway,
}

/// <summary>Why an era-C run cannot close with the gateway stopped: the refusal of a close, naming the command that starts the gateway.</summary>
internal sealed record StoppedGateway(string CloseRefusal);

/// <summary>
/// The backend chosen for one store, and why: shown by <c>--dry-run</c> and <c>--json</c>. When it is the gateway,
/// <see cref="Client"/> is the connection the whole batch uses.
/// </summary>
/// <param name="Backend">Files or gateway.</param>
/// <param name="Reason">One sentence a person can check.</param>
/// <param name="Era">The storage era: from the gateway's version when connected, else from disk.</param>
/// <param name="Endpoint">The gateway URL that was tried.</param>
/// <param name="GatewayLive">Whether something answered the gateway's <c>/healthz</c>.</param>
/// <param name="Client">The connected client (gateway backend only); the caller disposes it.</param>
internal sealed record BackendRoute(CloseBackend Backend, string Reason, EraEvidence Era, GatewayEndpoint Endpoint, bool GatewayLive, GatewayClient? Client) : IAsyncDisposable
{
    public string? GatewayVersion => Client?.ServerVersion;

    /// <summary>
    /// Whether the gateway's sessions are in the local <c>sessions.json</c> (eras A/B on this machine), which then
    /// gives the full set of keys and gets a backup; not in the SQLite era, and not for a gateway on another host.
    /// </summary>
    public bool GatewayServesLocalStoreFile => Client is not null && Era.Era != StorageEra.SqliteBehindGateway && Endpoint.IsLoopback;

    /// <summary>
    /// Era C with no gateway serving this state: the gateway would close, but cannot now; a run plans from the
    /// database and is refused. Null otherwise.
    /// </summary>
    public StoppedGateway? StoppedGateway { get; init; }

    /// <summary>The backend this route chose; it takes over the gateway connection (dispose the backend, not the route).</summary>
    internal ISessionBackend CreateBackend(TimeProvider clock, AgentStore store) => Client is { } client
        ? new GatewayBackend(client, clock, GatewayServesLocalStoreFile ? store.StorePath : null)
        : StoppedGateway is { } stopped ? new StoppedGatewayBackend(stopped)
        : new FileBackend(clock);

    /// <summary>The choice as front ends show it.</summary>
    public RouteSummary Summary => new(Backend, Reason, Endpoint.Url, GatewayLive, GatewayVersion, Era.Era, Era.Reason);

    public ValueTask DisposeAsync() => Client?.DisposeAsync() ?? ValueTask.CompletedTask;
}
