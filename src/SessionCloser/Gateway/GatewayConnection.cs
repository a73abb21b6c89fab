using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace SessionCloser.Gateway;

/// <summary>
/// One WebSocket to the gateway: a single receive loop for its whole life (it answers the server's pings and
/// reassembles fragmented messages), sends serialised by a semaphore, responses matched to requests by id.
/// Knows nothing about the handshake or methods; <see cref="GatewayClient"/> drives it.
/// <para>
/// Liveness: every message the gateway sends (its <c>tick</c> every <c>policy.tickIntervalMs</c>, <c>health</c>,
/// answers) proves it alive, as in OpenClaw's own client. Once <see cref="WatchLiveness"/> armed it, a request waits as
/// long as the gateway keeps talking, up to its bound; a gateway silent for longer than the window (missed ticks) is
/// declared lost: the socket is aborted and every request in flight fails with CONNECTION_LOST.
/// </para>
/// </summary>
internal sealed class GatewayConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<GatewayFrame>> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<JsonElement> _challenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<GatewayEvent>? _onEvent;
    private readonly int _maxMessageBytes;
    private Task? _receiveLoop;
    private int _disposed;
    private long _lastActivity = Stopwatch.GetTimestamp();
    private TimeSpan? _livenessWindow;
    private TimeSpan? _silence;

    private GatewayConnection(ClientWebSocket socket, Action<GatewayEvent>? onEvent, int maxMessageBytes)
    {
        _socket = socket;
        _onEvent = onEvent;
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>The close status the server sent (1012 = service restart), once closed.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The close reason text, once closed.</summary>
    public string? CloseDescription { get; private set; }

    /// <summary>Why the receive loop ended when it was not a close frame (network error, oversized or bad frame).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The gateway sent a <c>shutdown</c> event on this connection.</summary>
    public bool ShutdownAnnounced { get; private set; }

    /// <summary>Completes when the receive loop has ended.</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => !_closed.Task.IsCompleted && _socket.State == WebSocketState.Open;

    /// <summary>Set when this side declared the connection lost because the gateway fell silent: how long it was silent.</summary>
    public TimeSpan? LostToSilence => _silence;

    /// <summary>How long ago the gateway last sent anything.</summary>
    public TimeSpan SinceLastActivity => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>
    /// From now on a request in flight declares the connection lost when the gateway has sent nothing for
    /// <paramref name="window"/> (a few tick intervals). Before this (during the handshake) only the bound applies.
    /// </summary>
    public void WatchLiveness(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _livenessWindow = window;
    }

    /// <summary>Completes with the connect.challenge payload (nonce, ts).</summary>
    public Task<JsonElement> Challenge => _challenge.Task;

    /// <summary>Opens the socket (no Origin header, no subprotocol, no compression) and starts the receive loop.</summary>
    public static async Task<GatewayConnection> OpenAsync(Uri url, Action<GatewayEvent>? onEvent, int maxMessageBytes, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            socket.Dispose();
            throw new GatewayException(
                GatewayException.UnreachableCode,
                $"Cannot connect to the OpenClaw gateway at {url}: {Describe(e)}",
                innerException: e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new GatewayConnection(socket, onEvent, maxMessageBytes);
        connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Sends a request and waits for its response frame (ok or not). Throws CONNECTION_LOST / TIMEOUT.</summary>
    public async Task<GatewayFrame> RequestAsync(string id, string method, byte[] frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource<GatewayFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(id, tcs))
        {
            throw new InvalidOperationException($"Request id {id} is already in use.");
        }

        try
        {
            if (_closed.Task.IsCompleted)
            {
                throw LostException(method, sent: false);
            }

            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(timeout);
            try
            {
                await SendAsync(frame, timeoutCts.Token);
                return await WaitAliveAsync(tcs.Task, method, timeoutCts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var alive = _livenessWindow is null ? string.Empty : $" (the gateway was still alive: it last sent something {SinceLastActivity.TotalSeconds:0} s ago)";
                throw new GatewayException(
                    GatewayException.TimeoutCode,
                    $"OpenClaw gateway {method}: no answer within {timeout.TotalSeconds:0.#} s{alive}.",
                    method: method);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                throw LostException(method, sent: true, e);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>The response, while the gateway stays alive; a silent one is declared lost (the socket aborted).</summary>
    private async Task<GatewayFrame> WaitAliveAsync(Task<GatewayFrame> response, string method, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_livenessWindow is not { } window)
            {
                return await response.WaitAsync(cancellationToken);
            }

            var silent = SinceLastActivity;
            if (silent >= window)
            {
                DeclareLost(silent);
                throw LostException(method, sent: true);
            }

            try
            {
                // Look again when the window would run out, at least every few seconds.
                var check = TimeSpan.FromTicks(Math.Clamp((window - silent).Ticks, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(5).Ticks));
                return await response.WaitAsync(check, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>The gateway stopped talking (stopped, hung, or the network is gone): give up on this socket.</summary>
    private void DeclareLost(TimeSpan silent)
    {
        if (Interlocked.CompareExchange(ref _disposed, 0, 0) == 0 && _silence is null)
        {
            _silence = silent;
            _socket.Abort();
        }
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(chunk.AsMemory(), _stop.Token);
                Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = _socket.CloseStatus ?? WebSocketCloseStatus.Empty;
                    CloseDescription = _socket.CloseStatusDescription;
                    break;
                }

                if (message.WrittenCount + result.Count > _maxMessageBytes)
                {
                    throw new GatewayException(
                        GatewayException.ProtocolCode,
                        $"OpenClaw gateway sent a message larger than {_maxMessageBytes} bytes.");
                }

                message.Write(chunk.AsSpan(0, result.Count));
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    Dispatch(message.WrittenSpan);
                }

                message.ResetWrittenCount();
                if (message.Capacity > 4 * 1024 * 1024)
                {
                    message = new ArrayBufferWriter<byte>(64 * 1024); // do not keep a huge list's buffer alive
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Failure = e;
            CloseStatus ??= _socket.CloseStatus;
            CloseDescription ??= _socket.CloseStatusDescription;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            _closed.TrySetResult();
            _challenge.TrySetCanceled(); // waiters use WhenAny; a canceled task is never "unobserved"
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var waiting))
                {
                    waiting.TrySetException(LostException(null, sent: true));
                }
            }
        }
    }

    /// <summary>Routes one complete message. Frames we cannot parse are dropped (the server never sends them).</summary>
    private void Dispatch(ReadOnlySpan<byte> utf8)
    {
        GatewayFrame frame;
        try
        {
            frame = GatewayFrames.Parse(utf8);
        }
        catch (GatewayException)
        {
            return;
        }

        switch (frame.Type)
        {
            case GatewayFrameType.Response when frame.Id is not null && _pending.TryRemove(frame.Id, out var waiting):
                waiting.TrySetResult(frame);
                break;
            case GatewayFrameType.Event when frame.Event == "connect.challenge":
                _challenge.TrySetResult(frame.Payload);
                break;
            case GatewayFrameType.Event when frame.Event is not null:
                if (frame.Event == "shutdown")
                {
                    ShutdownAnnounced = true;
                }

                try
                {
                    _onEvent?.Invoke(new GatewayEvent(frame.Event));
                }
#pragma warning disable CA1031 // a caller's event handler must not kill the receive loop
                catch (Exception)
#pragma warning restore CA1031
                {
                }

                break;
        }
    }

    /// <summary>Closes politely (short timeout), stops the receive loop and releases the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                await _closed.Task.WaitAsync(TimeSpan.FromSeconds(2));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException or IOException or ObjectDisposedException)
        {
        }

        await _stop.CancelAsync();
        _socket.Abort();
        if (_receiveLoop is not null)
        {
            try
            {
                await _receiveLoop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>Human text for how the connection ended, e.g. "closed by the gateway (1012 service restart)".</summary>
    public string DescribeClose()
    {
        if (_silence is { } silent)
        {
            return $"lost: the gateway sent nothing (no tick, no answer) for {silent.TotalSeconds:0} s";
        }

        if (CloseStatus is { } status)
        {
            var reason = string.IsNullOrEmpty(CloseDescription) ? string.Empty : $" {CloseDescription}";
            return $"closed by the gateway ({(int)status}{reason})";
        }

        return Failure is null ? "closed" : $"lost: {Describe(Failure)}";
    }

    private GatewayException LostException(string? method, bool sent, Exception? inner = null)
    {
        var what = method is null ? "request" : method;
        var outcome = sent ? " It may or may not have been applied." : string.Empty;
        return new GatewayException(
            GatewayException.ConnectionLostCode,
            $"OpenClaw gateway connection {DescribeClose()} before {what} was answered.{outcome}",
            method: method,
            innerException: inner ?? Failure);
    }

    private static string Describe(Exception e) =>
        e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
}
