using SessionCloser.Eras;

namespace SessionCloser.Gateway;

/// <summary>A connection that completed the handshake: the socket, what hello-ok said, and the request that got it.</summary>
internal sealed record EstablishedConnection(GatewayConnection Connection, HelloOk Hello, HandshakeAttempt Attempt)
{
    /// <summary><see cref="HelloOk.ServerVersion"/> parsed; null when unparseable (then the newest behaviour is assumed).</summary>
    public OpenClawVersion? Version { get; } = OpenClawVersion.TryParse(Hello.ServerVersion);
}

/// <summary>
/// Performs the steps of a <see cref="HandshakeStateMachine"/> on real sockets. One connect request: open the
/// WebSocket, await <c>connect.challenge</c>, send <c>connect</c> (signing the challenge when the attempt carries our
/// device), read hello-ok; every connection that is not kept is closed.
/// </summary>
internal sealed class GatewayHandshake(Uri url, GatewayClientOptions options, RequestIds ids)
{
    /// <summary>The first connection, with every fallback (<see cref="HandshakeStateMachine.FirstConnect"/>).</summary>
    public Task<EstablishedConnection> ConnectAsync(GatewayEndpoint endpoint, CancellationToken cancellationToken) =>
        RunAsync(HandshakeStateMachine.FirstConnect(endpoint, options), cancellationToken);

    /// <summary>The same request as <paramref name="previous"/>, to the same state dir (<see cref="HandshakeStateMachine.Reconnect"/>).</summary>
    public Task<EstablishedConnection> ReconnectAsync(EstablishedConnection previous, CancellationToken cancellationToken) =>
        RunAsync(HandshakeStateMachine.Reconnect(url, options, previous.Attempt, previous.Hello.Snapshot.StateDir), cancellationToken);

    private async Task<EstablishedConnection> RunAsync(HandshakeStateMachine machine, CancellationToken cancellationToken)
    {
        var step = machine.Start();
        while (true)
        {
            switch (step)
            {
                case HandshakeStep.LoadDeviceKey load:
                    step = machine.OnDeviceKey(GatewayDeviceIdentity.LoadOrCreate(load.Path));
                    continue;
                case HandshakeStep.Fail fail:
                    throw fail.Error;
            }

            // Accept only ever answers a hello, below: what is left is a connect request.
            var connect = (HandshakeStep.Connect)step;
            if (connect.After > TimeSpan.Zero)
            {
                await Task.Delay(connect.After, cancellationToken);
            }

            GatewayConnection connection;
            HelloOk hello;
            try
            {
                (connection, hello) = await AttemptAsync(connect.Attempt, cancellationToken);
            }
            catch (GatewayException e)
            {
                step = machine.OnError(e);
                if (step is HandshakeStep.Fail { Error: var error } && ReferenceEquals(error, e))
                {
                    throw; // as it came, with its stack trace
                }

                continue;
            }

            step = machine.OnHello(hello);
            if (step is HandshakeStep.Accept accepted)
            {
                connection.WatchLiveness(options.LivenessWindowFor(hello.TickInterval));
                return new EstablishedConnection(connection, hello, accepted.Attempt);
            }

            await connection.DisposeAsync();
        }
    }

    private async Task<(GatewayConnection, HelloOk)> AttemptAsync(HandshakeAttempt attempt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        GatewayConnection connection;
        try
        {
            connection = await GatewayConnection.OpenAsync(url, options.OnEvent, options.MaxMessageBytes, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayException(
                GatewayException.TimeoutCode,
                $"Cannot connect to the OpenClaw gateway at {url}: no WebSocket within {options.ConnectTimeout.TotalSeconds:0.#} s.",
                method: "connect");
        }

        try
        {
            // The challenge arrives within milliseconds; only a device connect needs its nonce (ConnectRequest insists).
            await Task.WhenAny(connection.Challenge, Task.Delay(TimeSpan.FromSeconds(5), timeout.Token));
            var challenge = connection.Challenge.IsCompletedSuccessfully ? connection.Challenge.Result : default;
            var scopes = GatewayScopes.All.Union(options.RequiredScopes, StringComparer.Ordinal).ToList();
            var (id, frame) = ConnectRequest.Build(ids, attempt, options.ClientVersion, scopes, challenge, url);
            var response = await connection.RequestAsync(id, "connect", frame, options.ConnectTimeout, cancellationToken);
            if (!response.Ok)
            {
                throw GatewayException.FromError("connect", response.Error);
            }

            return (connection, HelloOk.Parse(response.Payload));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw new GatewayException(GatewayException.TimeoutCode, $"The OpenClaw gateway at {url} did not complete the handshake in time.", method: "connect");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
