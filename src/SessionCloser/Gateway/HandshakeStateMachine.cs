using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>Where a <see cref="HandshakeStateMachine"/> is.</summary>
internal enum HandshakeState
{
    /// <summary><see cref="HandshakeStateMachine.Start"/> not called yet.</summary>
    New,

    /// <summary>Connecting without a device: each credential source in order, with each client identity in order.</summary>
    TryingIdentities,

    /// <summary>No identity got a scope, or a device was demanded: waiting for session-closer's device key.</summary>
    LoadingDeviceKey,

    /// <summary>Connecting signed as session-closer's device (OpenClaw 2026.3.13 – 2026.4.14 need it).</summary>
    TryingDevice,

    /// <summary>Connecting again after a gateway restart, exactly as the connection before did.</summary>
    Resuming,

    /// <summary>A connection got the scopes: keep it.</summary>
    Accepted,

    /// <summary>No way left to connect.</summary>
    Failed,
}

/// <summary>The (client.id, client.mode) a connect request names.</summary>
internal sealed record ClientIdentity(string Id, string Mode)
{
    /// <summary>The official CLI's identity, then the backend one that 4.20+ keep scopes for without a device (reference §5.5).</summary>
    public static IReadOnlyList<ClientIdentity> Defaults { get; } = [new("cli", "cli"), new("gateway-client", "backend")];
}

/// <summary>One connect request: the secret offered (null: none), the client identity, our signed device (null: none).</summary>
internal sealed record HandshakeAttempt(GatewayCredential? Credential, ClientIdentity Identity, GatewayDeviceIdentity? Device);

/// <summary>What the handshake does next.</summary>
internal abstract record HandshakeStep
{
    private HandshakeStep()
    {
    }

    /// <summary>Open a connection and send this connect request, after waiting <paramref name="After"/> (what a retryable UNAVAILABLE asked for).</summary>
    public sealed record Connect(HandshakeAttempt Attempt, TimeSpan After) : HandshakeStep;

    /// <summary>Load (or create) the device key file at <paramref name="Path"/> and pass it to <see cref="HandshakeStateMachine.OnDeviceKey"/>.</summary>
    public sealed record LoadDeviceKey(string Path) : HandshakeStep;

    /// <summary>Keep the connection that just answered hello-ok.</summary>
    public sealed record Accept(HandshakeAttempt Attempt) : HandshakeStep;

    /// <summary>Give up with this error (the connection that answered, if any, is closed).</summary>
    public sealed record Fail(GatewayException Error) : HandshakeStep;
}

/// <summary>
/// How session-closer gets a connection with the scopes it needs (reference §5.5), as a state machine that does no I/O:
/// <see cref="GatewayHandshake"/> performs each <see cref="HandshakeStep"/> and reports how the connect request ended
/// (<see cref="OnHello"/>, <see cref="OnError"/>). Credential sources in order, and for each the client identities in
/// order (cli/cli, then gateway-client/backend); when none gets a scope, or a device is demanded, session-closer's own
/// signed device. A wrong secret moves to the next source (once each: the server rate-limits auth failures); a
/// retryable UNAVAILABLE (9.x refuses connect while starting) repeats the same request after its retryAfterMs.
/// </summary>
internal sealed class HandshakeStateMachine
{
    private readonly Uri _url;
    private readonly GatewayClientOptions _options;
    private readonly IReadOnlyList<GatewayCredential?> _credentials;
    private readonly IReadOnlyList<ClientIdentity> _identities;
    private readonly HandshakeAttempt? _resume;
    private readonly string? _resumeStateDir;
    private readonly List<string> _rejected = [];
    private int _credentialIndex;
    private int _identityIndex = -1;
    private int _unavailableRetries;
    private HelloOk? _scopelessHello; // this credential's last hello without the required scopes
    private GatewayException? _deviceRequired; // this credential's last refusal that asked for a device (or a secret)

    private HandshakeStateMachine(Uri url, GatewayClientOptions options, IReadOnlyList<GatewayCredential?> credentials, IReadOnlyList<ClientIdentity> identities, HandshakeAttempt? resume, string? resumeStateDir)
    {
        _url = url;
        _options = options;
        _credentials = credentials;
        _identities = identities;
        _resume = resume;
        _resumeStateDir = resumeStateDir;
    }

    public HandshakeState State { get; private set; } = HandshakeState.New;

    /// <summary>The connect request of the last <see cref="HandshakeStep.Connect"/>.</summary>
    public HandshakeAttempt? Attempt { get; private set; }

    /// <summary>The first connection to <paramref name="endpoint"/>: every credential source, identity and, when configured, the device.</summary>
    public static HandshakeStateMachine FirstConnect(GatewayEndpoint endpoint, GatewayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<GatewayCredential?> credentials = endpoint.Credentials.Count == 0 ? [null] : [.. endpoint.Credentials];
        var identities = options.ClientIdentities?.Select(i => new ClientIdentity(i.Id, i.Mode)).ToArray() ?? ClientIdentity.Defaults;
        return new HandshakeStateMachine(endpoint.Url, options, credentials, identities, resume: null, resumeStateDir: null);
    }

    /// <summary>
    /// A reconnect after a restart: the <paramref name="previous"/> request again, accepted only with the required scopes
    /// and, when <paramref name="previousStateDir"/> is known, the same state dir (another gateway may have taken the port).
    /// </summary>
    public static HandshakeStateMachine Reconnect(Uri url, GatewayClientOptions options, HandshakeAttempt previous, string? previousStateDir)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return new HandshakeStateMachine(url, options, [previous.Credential], [previous.Identity], previous, previousStateDir);
    }

    public HandshakeStep Start()
    {
        Expect(HandshakeState.New);
        if (_resume is not null)
        {
            State = HandshakeState.Resuming;
            return ConnectAs(_resume);
        }

        State = HandshakeState.TryingIdentities;
        return NextIdentity();
    }

    /// <summary>The connect request was answered with hello-ok.</summary>
    public HandshakeStep OnHello(HelloOk hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        switch (State)
        {
            case HandshakeState.TryingIdentities:
                if (hello.Grants(_options.RequiredScopes))
                {
                    return Accept();
                }

                _scopelessHello = hello;
                return NextIdentity();

            case HandshakeState.TryingDevice:
                return hello.Grants(_options.RequiredScopes)
                    ? Accept()
                    : Fail(new GatewayException(
                        GatewayException.ScopesCode,
                        $"The OpenClaw gateway at {_url} ({hello.ServerVersion}) granted session-closer's device {Attempt!.Device!.DeviceId} only [{string.Join(", ", hello.Scopes)}]; "
                        + $"session-closer needs [{string.Join(", ", _options.RequiredScopes)}]. See `openclaw devices list`.",
                        ExitCode.Refused,
                        method: "connect"));

            case HandshakeState.Resuming:
                return hello.Grants(_options.RequiredScopes) && (_resumeStateDir is null || hello.Snapshot.StateDir == _resumeStateDir)
                    ? Accept()
                    : Fail(new GatewayException(
                        GatewayException.ConnectionLostCode,
                        $"The OpenClaw gateway at {_url} came back with other scopes or another state dir ({hello.Snapshot.StateDir}); not continuing.",
                        ExitCode.Refused));

            default:
                throw NotExpected(nameof(OnHello));
        }
    }

    /// <summary>The connect request failed: refused by the gateway, or no connection, answer or hello-ok.</summary>
    public HandshakeStep OnError(GatewayException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (State is not (HandshakeState.TryingIdentities or HandshakeState.TryingDevice or HandshakeState.Resuming))
        {
            throw NotExpected(nameof(OnError));
        }

        if (error.Code == "UNAVAILABLE" && error.Retryable && _unavailableRetries < _options.MaxUnavailableRetries)
        {
            _unavailableRetries++;
            return new HandshakeStep.Connect(Attempt!, error.RetryDelay(_options.MaxRetryDelay));
        }

        return State switch
        {
            HandshakeState.TryingIdentities => OnIdentityRefused(error),
            HandshakeState.TryingDevice => OnDeviceRefused(error),
            _ => Fail(error),
        };
    }

    /// <summary>The device key file named by <see cref="HandshakeStep.LoadDeviceKey"/> was loaded (or created).</summary>
    public HandshakeStep OnDeviceKey(GatewayDeviceIdentity device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Expect(HandshakeState.LoadingDeviceKey);
        State = HandshakeState.TryingDevice;
        return ConnectAs(new HandshakeAttempt(_credentials[_credentialIndex], _identities[0], device));
    }

    private HandshakeStep OnIdentityRefused(GatewayException error)
    {
        var credential = Attempt!.Credential;
        if (error.IsCredentialMismatch)
        {
            _rejected.Add(credential?.Source ?? "(none)");
            if (_credentialIndex + 1 < _credentials.Count)
            {
                _credentialIndex++;
                _identityIndex = -1;
                _scopelessHello = null;
                _deviceRequired = null;
                return NextIdentity();
            }

            return Fail(Rewrap(error, $"The OpenClaw gateway at {_url} rejected the {Describe(credential)} ({error.DetailsCode}). Tried: {string.Join(", ", _rejected)}."));
        }

        if (error.DetailsCode == "DEVICE_IDENTITY_REQUIRED" || (credential is null && error.DetailsCode == "AUTH_TOKEN_MISSING"))
        {
            _deviceRequired = error;
            return NextIdentity();
        }

        return Fail(error);
    }

    // The signed-device connection (reference §5.4, §5.5 step 3): a loopback gateway pairs a new device silently with
    // the scopes it asks for; a remote one answers PAIRING_REQUIRED until someone approves it.
    private HandshakeStep.Fail OnDeviceRefused(GatewayException error)
    {
        var device = Attempt!.Device!;
        if (error.DetailsCode == "PAIRING_REQUIRED")
        {
            var requestId = error.Details is { } details ? JsonFields.GetString(details, "requestId") : null;
            return Fail(Rewrap(
                error,
                $"The OpenClaw gateway at {_url} wants session-closer's device {device.DeviceId} approved first ({error.DetailsReason ?? "pairing required"}): "
                + $"run `openclaw devices approve {requestId ?? "<requestId>"}` on the gateway host, then try again. Device key: {device.Path}."));
        }

        if (error.DetailsCode?.StartsWith("DEVICE_AUTH_", StringComparison.Ordinal) == true)
        {
            return Fail(Rewrap(error, $"The OpenClaw gateway at {_url} refused session-closer's device signature ({error.DetailsCode}: {error.GatewayMessage}). Device key: {device.Path}."));
        }

        return Fail(error);
    }

    private HandshakeStep NextIdentity()
    {
        _identityIndex++;
        return _identityIndex < _identities.Count
            ? ConnectAs(new HandshakeAttempt(_credentials[_credentialIndex], _identities[_identityIndex], Device: null))
            : AfterEveryIdentity();
    }

    /// <summary>This credential was tried with every identity and none got the required scopes.</summary>
    private HandshakeStep AfterEveryIdentity()
    {
        if (_scopelessHello is { Scopes.Count: > 0 } partial)
        {
            return Fail(new GatewayException(
                GatewayException.ScopesCode,
                $"The OpenClaw gateway at {_url} granted only [{string.Join(", ", partial.Scopes)}]; session-closer needs [{string.Join(", ", _options.RequiredScopes)}].",
                ExitCode.Refused,
                method: "connect"));
        }

        // No scopes, or a device demanded (2026.3.13 – 4.14, or auth "none" before 5.12): sign in as our own device.
        var needsDevice = _scopelessHello is not null || _deviceRequired?.DetailsCode == "DEVICE_IDENTITY_REQUIRED";
        if (needsDevice && _options.DeviceIdentityPath is { } keyPath)
        {
            State = HandshakeState.LoadingDeviceKey;
            return new HandshakeStep.LoadDeviceKey(keyPath);
        }

        if (_deviceRequired is { } required && _scopelessHello is null)
        {
            return Fail(_credentials[_credentialIndex] is null && required.DetailsCode != "DEVICE_IDENTITY_REQUIRED"
                ? Rewrap(required, $"The OpenClaw gateway at {_url} requires a token or password, and none was found (--token/--password, gateway.auth.token/password in the config, OPENCLAW_GATEWAY_TOKEN/PASSWORD).")
                : Rewrap(required, $"The OpenClaw gateway at {_url} requires a device identity for this connection ({required.GatewayMessage}), and no device key file was given ({nameof(GatewayClientOptions.DeviceIdentityPath)})."));
        }

        var version = _scopelessHello is { ServerVersion.Length: > 0 } hello ? $" ({hello.ServerVersion})" : string.Empty;
        return Fail(new GatewayException(
            GatewayException.ScopesCode,
            $"The OpenClaw gateway at {_url}{version} accepted the connection but granted no scopes: this OpenClaw version (2026.3.13 – 2026.4.14 are such) grants them only to a signed device identity, and no device key file was given ({nameof(GatewayClientOptions.DeviceIdentityPath)}).",
            ExitCode.Refused,
            method: "connect",
            detailsCode: _deviceRequired?.DetailsCode));
    }

    private HandshakeStep.Connect ConnectAs(HandshakeAttempt attempt)
    {
        Attempt = attempt;
        _unavailableRetries = 0;
        return new HandshakeStep.Connect(attempt, TimeSpan.Zero);
    }

    private HandshakeStep.Accept Accept()
    {
        State = HandshakeState.Accepted;
        return new HandshakeStep.Accept(Attempt!);
    }

    private HandshakeStep.Fail Fail(GatewayException error)
    {
        State = HandshakeState.Failed;
        return new HandshakeStep.Fail(error);
    }

    private void Expect(HandshakeState state)
    {
        if (State != state)
        {
            throw new InvalidOperationException($"The handshake is {State}, not {state}.");
        }
    }

    private InvalidOperationException NotExpected(string what) => new($"The handshake is {State}: {what} is not expected.");

    private static GatewayException Rewrap(GatewayException e, string message) =>
        new(e.Code, message, e.ExitCode, e.Method, e.DetailsCode, e.DetailsReason, e.Retryable, e.RetryAfterMs, e.Details, e);

    private static string Describe(GatewayCredential? credential) =>
        credential is null ? "connection without a secret" : $"{(credential.Kind == GatewayCredentialKind.Password ? "password" : "token")} from {credential.Source}";
}
