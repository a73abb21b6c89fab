using System.Diagnostics;
using System.Net.WebSockets;
using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>Reconnecting after a gateway restart (close 1012 or a <c>shutdown</c> event), same identity and state dir.</summary>
internal sealed partial class GatewayClient
{
    private const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    private bool CanReconnect(GatewayConnection connection) =>
        _options.ReconnectOnRestart
        && (connection.CloseStatus is ServiceRestart or WebSocketCloseStatus.EndpointUnavailable || connection.ShutdownAnnounced);

    private async Task<GatewayConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var current = _connection;
        if (current is { IsOpen: true })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            current = _connection ?? throw new InvalidOperationException("Not connected.");
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
            var previousStateDir = Snapshot.StateDir;
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.ReconnectBudget.TotalSeconds * Stopwatch.Frequency);
            var delay = TimeSpan.FromSeconds(1);
            GatewayException? last = null;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                try
                {
                    var (connection, hello) = await AttemptWithStartupRetriesAsync(_credential, _identity, _device, cancellationToken);
                    if (_options.RequiredScopes.Except(hello.Scopes, StringComparer.Ordinal).Any()
                        || (previousStateDir is not null && hello.Snapshot.StateDir != previousStateDir))
                    {
                        await connection.DisposeAsync();
                        throw new GatewayException(
                            GatewayException.ConnectionLostCode,
                            $"The OpenClaw gateway at {Endpoint.Url} came back with other scopes or another state dir ({hello.Snapshot.StateDir}); not continuing.",
                            ExitCode.Refused);
                    }

                    Adopt(connection, hello, _credential, _identity, _device);
                    Reconnects++;
                    return connection;
                }
                catch (GatewayException e) when (e.Code is GatewayException.UnreachableCode or GatewayException.TimeoutCode or "UNAVAILABLE"
                    || (e.Code == GatewayException.ConnectionLostCode && e.ExitCode != ExitCode.Refused))
                {
                    last = e;
                }
            }

            throw new GatewayException(
                GatewayException.ConnectionLostCode,
                $"The OpenClaw gateway at {Endpoint.Url} restarted and did not accept a connection within {_options.ReconnectBudget.TotalSeconds:0} s.",
                innerException: last);
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
