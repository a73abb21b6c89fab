using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using SessionCloser.Eras;

namespace SessionCloser.Gateway;

/// <summary>
/// A native client for the OpenClaw gateway's WebSocket RPC (protocol 3 and 4, OpenClaw 2026.3 – 2026.9).
/// <para>
/// <see cref="ConnectAsync"/> opens one connection, waits for <c>connect.challenge</c>, sends <c>connect</c> as the
/// official CLI does (<c>client {id:"cli", mode:"cli"}</c>, role operator, admin+read+write, shared token or
/// password) and requires <c>hello-ok</c> with the needed scopes. A gateway that grants no scopes to that identity is
/// retried as <c>{id:"gateway-client", mode:"backend"}</c> (4.20+); one that still grants none (2026.3.13 – 4.14)
/// is connected to once more, signing the challenge with session-closer's own Ed25519 device key
/// (<see cref="GatewayClientOptions.DeviceIdentityPath"/>). A wrong secret from one source is retried once with the
/// next configured source (<see cref="GatewayEndpoint.Credentials"/>).
/// </para>
/// <para>
/// Requests carry unique string ids; responses may arrive out of order with events in between. A retryable
/// UNAVAILABLE is retried after its retryAfterMs (bounded). When the gateway restarts (close 1012 or a
/// <c>shutdown</c> event), the next call reconnects with backoff and checks it is still the same state dir; a
/// read-only call that was in flight is repeated, a mutating one fails with <see cref="GatewayException.IsOutcomeUnknown"/>.
/// Safe for concurrent calls.
/// </para>
/// </summary>
internal sealed partial class GatewayClient : IAsyncDisposable
{
    private readonly GatewayClientOptions _options;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private GatewayConnection? _connection;
    private GatewayCredential? _credential;
    private ClientIdentity _identity = Identities[0];
    private GatewayDeviceIdentity? _device;
    private long _nextId;
    private int _disposed;

    private GatewayClient(GatewayEndpoint endpoint, GatewayClientOptions options)
    {
        Endpoint = endpoint;
        _options = options;
    }

    /// <summary>The client.version we send by default: session-closer's informational version.</summary>
    public static string DefaultClientVersion { get; } = ReadOwnVersion();

    public GatewayEndpoint Endpoint { get; }

    /// <summary>hello-ok <c>server.version</c> as sent (e.g. "2026.7.35"); empty if the server did not say.</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary><see cref="ServerVersion"/> parsed; null when unparseable (then the newest behaviour is assumed).</summary>
    public OpenClawVersion? Version { get; private set; }

    /// <summary>The negotiated protocol (3 up to 2026.5.7, 4 from 5.12).</summary>
    public int Protocol { get; private set; }

    /// <summary>hello-ok <c>auth.scopes</c>: what this connection may actually do.</summary>
    public IReadOnlyList<string> Scopes { get; private set; } = [];

    /// <summary>Which state this gateway owns (hello-ok <c>snapshot</c>).</summary>
    public GatewaySnapshot Snapshot { get; private set; } = new(null, null, null, null, null);

    /// <summary>The client id that got the scopes: "cli" or "gateway-client".</summary>
    public string ClientId => _identity.Id;

    /// <summary>The device id signed into the connection (OpenClaw 2026.3.13 – 2026.4.14); null when none was needed.</summary>
    public string? DeviceId => _device?.DeviceId;

    /// <summary>Where the accepted secret came from (never the secret); null when none was sent.</summary>
    public string? CredentialSource => _credential?.Source;

    /// <summary>How long the first successful handshake took (socket open → hello-ok, including fallbacks).</summary>
    public TimeSpan ConnectDuration { get; private set; }

    /// <summary>True while the current WebSocket is open (a restart closes it; the next call reconnects).</summary>
    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>How many times the client reconnected after a gateway restart.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Connects and authenticates; throws <see cref="GatewayException"/> with a message fit for a person.</summary>
    public static async Task<GatewayClient> ConnectAsync(GatewayEndpoint endpoint, GatewayClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = new GatewayClient(endpoint, options ?? new GatewayClientOptions());
        try
        {
            var started = Stopwatch.GetTimestamp();
            await client.HandshakeWithFallbacksAsync(cancellationToken);
            client.ConnectDuration = Stopwatch.GetElapsedTime(started);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when the server version is known to be older than <paramref name="year"/>.<paramref name="month"/>.<paramref name="patch"/>.</summary>
    public bool IsOlderThan(int year, int month, int patch) => Version?.IsBefore(year, month, patch) == true;

    /// <summary>
    /// Any method: writes <c>params</c> with <paramref name="writeParams"/> (null = no params) and returns the
    /// detached payload of an ok response; an error response throws <see cref="GatewayException"/>.
    /// </summary>
    /// <param name="method">The RPC method.</param>
    /// <param name="writeParams">Writes the properties of the params object (closed schemas: never write nulls).</param>
    /// <param name="idempotent">True for read-only methods: repeated after a reconnect if the connection was lost mid-call.</param>
    /// <param name="timeout">Per-attempt timeout; default <see cref="GatewayClientOptions.RequestTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels waiting (the gateway may still apply a sent request).</param>
    public async Task<JsonElement> CallAsync(
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
            var connection = await GetConnectionAsync(cancellationToken);
            var id = NextId();
            var frame = GatewayFrames.BuildRequest(id, method, writeParams);
            GatewayFrame response;
            try
            {
                response = await connection.RequestAsync(id, method, frame, timeout ?? _options.RequestTimeout, cancellationToken);
            }
            catch (GatewayException e) when (e.Code == GatewayException.ConnectionLostCode && idempotent && !repeatedAfterLoss && CanReconnect(connection))
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
                await Task.Delay(RetryDelay(error), cancellationToken);
                continue;
            }

            throw error;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _connectLock.WaitAsync();
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _connectLock.Release();
        }

        _connectLock.Dispose();
    }

    private TimeSpan RetryDelay(GatewayException e)
    {
        var ms = Math.Clamp(e.RetryAfterMs ?? 500, 50, (int)_options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }

    private string NextId() => "sc-" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ReadOwnVersion()
    {
        var info = typeof(GatewayClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = info?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        var version = plus >= 0 ? info![..plus] : info;
        return string.IsNullOrWhiteSpace(version) ? "0.0.0" : version;
    }
}
