using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using SessionCloser.Eras;

namespace SessionCloser.Gateway;

/// <summary>
/// A native client for the OpenClaw gateway's WebSocket RPC (protocol 3 and 4, OpenClaw 2026.3 – 2026.9): the methods
/// session-closer calls, over a connection that <see cref="GatewayHandshake"/> established.
/// <para>
/// <see cref="ConnectAsync"/> connects as the official CLI does and falls back as <see cref="HandshakeStateMachine"/>
/// describes (another identity, the next secret, session-closer's signed device). Requests carry unique string ids;
/// responses may arrive out of order with events in between. A retryable UNAVAILABLE is retried after its
/// retryAfterMs (bounded). When the gateway restarts, the next call reconnects (<see cref="ReconnectingConnection"/>);
/// a read-only call that was in flight is repeated, a mutating one fails with CONNECTION_LOST (it may or may not have
/// been applied). Safe for concurrent calls.
/// </para>
/// </summary>
internal sealed partial class GatewayClient : IAsyncDisposable
{
    private readonly GatewayClientOptions _options;
    private readonly RequestIds _ids;
    private readonly ReconnectingConnection _connection;
    private int _disposed;

    private GatewayClient(GatewayEndpoint endpoint, GatewayClientOptions options, RequestIds ids, ReconnectingConnection connection, TimeSpan connectDuration)
    {
        Endpoint = endpoint;
        _options = options;
        _ids = ids;
        _connection = connection;
        ConnectDuration = connectDuration;
    }

    /// <summary>The client.version we send by default: session-closer's informational version.</summary>
    internal static string DefaultClientVersion { get; } = ReadOwnVersion();

    internal GatewayEndpoint Endpoint { get; }

    /// <summary>hello-ok <c>server.version</c> as sent (e.g. "2026.7.35"); empty if the server did not say.</summary>
    internal string ServerVersion => _connection.Current.Hello.ServerVersion;

    /// <summary><see cref="ServerVersion"/> parsed; null when unparseable (then the newest behaviour is assumed).</summary>
    internal OpenClawVersion? Version => _connection.Current.Version;

    /// <summary>The negotiated protocol (3 up to 2026.5.7, 4 from 5.12).</summary>
    internal int Protocol => _connection.Current.Hello.Protocol;

    /// <summary>hello-ok <c>auth.scopes</c>: what this connection may actually do.</summary>
    internal IReadOnlyList<string> Scopes => _connection.Current.Hello.Scopes;

    /// <summary>Which state this gateway owns (hello-ok <c>snapshot</c>).</summary>
    internal GatewaySnapshot Snapshot => _connection.Current.Hello.Snapshot;

    /// <summary>The client id that got the scopes: "cli" or "gateway-client".</summary>
    internal string ClientId => _connection.Current.Attempt.Identity.Id;

    /// <summary>The device id signed into the connection (OpenClaw 2026.3.13 – 2026.4.14); null when none was needed.</summary>
    internal string? DeviceId => _connection.Current.Attempt.Device?.DeviceId;

    /// <summary>Where the accepted secret came from (never the secret); null when none was sent.</summary>
    internal string? CredentialSource => _connection.Current.Attempt.Credential?.Source;

    /// <summary>How long the first successful handshake took (socket open → hello-ok, including fallbacks).</summary>
    internal TimeSpan ConnectDuration { get; }

    /// <summary>True while the current WebSocket is open (a restart closes it; the next call reconnects).</summary>
    internal bool IsConnected => _connection.IsOpen;

    /// <summary>How many times the client reconnected after a gateway restart.</summary>
    internal int Reconnects => _connection.Reconnects;

    /// <summary>Connects and authenticates; throws <see cref="GatewayException"/> with a message fit for a person.</summary>
    internal static async Task<GatewayClient> ConnectAsync(GatewayEndpoint endpoint, GatewayClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new GatewayClientOptions();
        var ids = new RequestIds();
        var handshake = new GatewayHandshake(endpoint.Url, options, ids);
        var started = Stopwatch.GetTimestamp();
        var established = await handshake.ConnectAsync(endpoint, cancellationToken);
        var connection = new ReconnectingConnection(handshake, options, endpoint.Url, established);
        return new GatewayClient(endpoint, options, ids, connection, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>True when the server version is known to be older than <paramref name="year"/>.<paramref name="month"/>.<paramref name="patch"/>.</summary>
    internal bool IsOlderThan(int year, int month, int patch) => Version?.IsBefore(year, month, patch) == true;

    /// <summary>
    /// Any method: writes <c>params</c> with <paramref name="writeParams"/> (null = no params) and returns the
    /// detached payload of an ok response; an error response throws <see cref="GatewayException"/>.
    /// </summary>
    /// <param name="method">The RPC method.</param>
    /// <param name="writeParams">Writes the properties of the params object (closed schemas: never write nulls).</param>
    /// <param name="idempotent">True for read-only methods: repeated after a reconnect if the connection was lost mid-call.</param>
    /// <param name="timeout">Per-attempt bound while the gateway is alive; default <see cref="GatewayClientOptions.BoundFor"/> (reads shorter than writes).</param>
    /// <param name="cancellationToken">Cancels waiting (the gateway may still apply a sent request).</param>
    internal async Task<JsonElement> CallAsync(
        string method,
        Action<Utf8JsonWriter>? writeParams = null,
        bool idempotent = false,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var unavailableRetries = 0;
        var repeatedAfterLoss = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var connection = await _connection.GetAsync(cancellationToken);
            var id = _ids.Next();
            var frame = GatewayFrames.BuildRequest(id, method, writeParams);
            GatewayFrame response;
            try
            {
                response = await connection.RequestAsync(id, method, frame, timeout ?? _options.BoundFor(idempotent), cancellationToken);
            }
            catch (GatewayException e) when (e.Code == GatewayException.ConnectionLostCode && idempotent && !repeatedAfterLoss && _connection.CanReconnect(connection))
            {
                repeatedAfterLoss = true;
                continue;
            }

            if (response.Ok)
            {
                return response.Payload;
            }

            var error = GatewayException.FromError(method, response.Error);
            if (error.Code == "UNAVAILABLE" && error.Retryable && unavailableRetries < _options.MaxUnavailableRetries)
            {
                unavailableRetries++;
                await Task.Delay(error.RetryDelay(_options.MaxRetryDelay), cancellationToken);
                continue;
            }

            throw error;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _connection.DisposeAsync();
        }
    }

    private static string ReadOwnVersion()
    {
        var info = typeof(GatewayClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = info?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        var version = plus >= 0 ? info![..plus] : info;
        return string.IsNullOrWhiteSpace(version) ? "0.0.0" : version;
    }
}
