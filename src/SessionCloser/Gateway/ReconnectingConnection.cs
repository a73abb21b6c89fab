using System.Diagnostics;
using System.Net.WebSockets;
using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>
/// The client's connection, made again when the gateway restarts (close 1012 or a <c>shutdown</c> event), fell silent
/// (missed ticks: stopped or hung) or the socket broke without a close frame: on the next use, with backoff (1 s, 2 s,
/// 4 s … capped at 30 s) within <see cref="GatewayClientOptions.ReconnectBudget"/>, as the same identity and to the
/// same state dir. A connection the gateway closed on purpose (any other close code) stays closed.
/// </summary>
internal sealed class ReconnectingConnection(GatewayHandshake handshake, GatewayClientOptions options, Uri url, EstablishedConnection first) : IAsyncDisposable
{
    private const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile EstablishedConnection _current = first;
    private int _disposed;

    /// <summary>The last connection established (it stays readable after a loss or disposal).</summary>
    public EstablishedConnection Current => _current;

    /// <summary>How many times the connection was made again after a restart.</summary>
    public int Reconnects { get; private set; }

    public bool IsOpen => _current.Connection.IsOpen;

    /// <summary>Did <paramref name="connection"/> end in a way that a new connection may follow (a restart or a lost link, not a refusal)?</summary>
    public bool CanReconnect(GatewayConnection connection) =>
        options.ReconnectOnRestart
        && (connection.CloseStatus is ServiceRestart or WebSocketCloseStatus.EndpointUnavailable
            || connection.ShutdownAnnounced
            || connection.LostToSilence is not null
            || (connection.CloseStatus is null && connection.Failure is WebSocketException or IOException));

    /// <summary>The open connection: the current one, or a new one when the gateway restarted.</summary>
    public async Task<GatewayConnection> GetAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var current = _current.Connection;
        if (current.IsOpen)
        {
            return current;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var previous = _current;
            current = previous.Connection;
            if (current.IsOpen)
            {
                return current;
            }

            if (!current.Closed.IsCompleted)
            {
                // The socket left Open but the loop has not finished; give it a moment to record why.
                await current.Closed.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }

            if (!CanReconnect(current))
            {
                throw new GatewayException(
                    GatewayException.ConnectionLostCode,
                    $"OpenClaw gateway connection {current.DescribeClose()}.");
            }

            await current.DisposeAsync();
            var deadline = Stopwatch.GetTimestamp() + (long)(options.ReconnectBudget.TotalSeconds * Stopwatch.Frequency);
            var delay = TimeSpan.FromSeconds(1);
            GatewayException? last = null;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                try
                {
                    _current = await handshake.ReconnectAsync(previous, cancellationToken);
                    Reconnects++;
                    return _current.Connection;
                }
                catch (GatewayException e) when (e.Code is GatewayException.UnreachableCode or GatewayException.TimeoutCode or "UNAVAILABLE"
                    || (e.Code == GatewayException.ConnectionLostCode && e.ExitCode != ExitCode.Refused))
                {
                    last = e;
                }
            }

            throw new GatewayException(
                GatewayException.ConnectionLostCode,
                $"The OpenClaw gateway connection at {url} was {previous.Connection.DescribeClose()}, and no new connection was accepted within {options.ReconnectBudget.TotalSeconds:0} s.",
                innerException: last);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lock.WaitAsync();
        try
        {
            await _current.Connection.DisposeAsync();
        }
        finally
        {
            _lock.Release();
        }

        _lock.Dispose();
    }
}
