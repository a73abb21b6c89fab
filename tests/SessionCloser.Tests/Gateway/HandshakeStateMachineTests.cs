using System.Text;
using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Errors;
using SessionCloser.Gateway;

namespace SessionCloser.Tests.Gateway;

/// <summary>
/// The connect strategy without a gateway: the machine is fed the frames a gateway answers <c>connect</c> with
/// (parsed as the client parses them) and says what to do next. Which OpenClaw version answers what is proven
/// against the real gateways in SessionCloser.GatewayTests; these pin the decisions.
/// </summary>
public sealed class HandshakeStateMachineTests
{
    private const string KeyPath = "/state/identity/session-closer-device.json";

    private static readonly GatewayCredential ConfigToken = new(GatewayCredentialKind.Token, "stale", "gateway.auth.token in /x/openclaw.json");
    private static readonly GatewayCredential EnvToken = new(GatewayCredentialKind.Token, "fresh", "OPENCLAW_GATEWAY_TOKEN");
    private static readonly ClientIdentity Cli = new("cli", "cli");
    private static readonly ClientIdentity Backend = new("gateway-client", "backend");
    private static readonly GatewayDeviceIdentity Device = new(new byte[32], KeyPath);

    private static readonly string[] AllScopes = ["operator.admin", "operator.read", "operator.write"];

    [Fact]
    public void A_hello_with_the_required_scopes_is_accepted_at_once()
    {
        var machine = FirstConnect([ConfigToken]);

        machine.Start().Should().Be(new HandshakeStep.Connect(new HandshakeAttempt(ConfigToken, Cli, null), TimeSpan.Zero));
        machine.State.Should().Be(HandshakeState.TryingIdentities);
        machine.OnHello(Hello(AllScopes)).Should().Be(new HandshakeStep.Accept(new HandshakeAttempt(ConfigToken, Cli, null)));
        machine.State.Should().Be(HandshakeState.Accepted);
    }

    [Fact]
    public void A_scopeless_hello_falls_back_to_the_backend_identity_with_the_same_secret()
    {
        var machine = FirstConnect([ConfigToken]);
        machine.Start();

        machine.OnHello(Hello([])).Should().Be(Connect(ConfigToken, Backend));
        machine.OnHello(Hello(AllScopes)).Should().Be(new HandshakeStep.Accept(new HandshakeAttempt(ConfigToken, Backend, null)));
    }

    [Fact]
    public void Scopeless_identities_without_a_device_key_fail_with_the_version_and_what_is_missing()
    {
        var machine = FirstConnect([ConfigToken]);
        machine.Start();
        machine.OnHello(Hello([]));

        var error = Failure(machine.OnHello(Hello([], version: "2026.4.14")));

        error.Code.Should().Be(GatewayException.ScopesCode);
        error.ExitCode.Should().Be(ExitCode.Refused);
        error.Message.Should().Contain("(2026.4.14) accepted the connection but granted no scopes")
            .And.Contain("signed device identity").And.Contain(nameof(GatewayClientOptions.DeviceIdentityPath));
        machine.State.Should().Be(HandshakeState.Failed);
    }

    [Fact]
    public void Scopeless_identities_with_a_device_key_sign_in_as_the_device_under_the_first_identity()
    {
        var machine = FirstConnect([ConfigToken], KeyPath);
        machine.Start();
        machine.OnHello(Hello([]));

        machine.OnHello(Hello([])).Should().Be(new HandshakeStep.LoadDeviceKey(KeyPath));
        machine.State.Should().Be(HandshakeState.LoadingDeviceKey);
        machine.OnDeviceKey(Device).Should().Be(new HandshakeStep.Connect(new HandshakeAttempt(ConfigToken, Cli, Device), TimeSpan.Zero));
        machine.State.Should().Be(HandshakeState.TryingDevice);
        machine.OnHello(Hello(AllScopes)).Should().Be(new HandshakeStep.Accept(new HandshakeAttempt(ConfigToken, Cli, Device)));
    }

    [Fact]
    public void A_device_granted_too_few_scopes_is_refused_naming_the_device()
    {
        var machine = AtDevice();

        var error = Failure(machine.OnHello(Hello(["operator.read"], version: "2026.4.14")));

        error.Code.Should().Be(GatewayException.ScopesCode);
        error.ExitCode.Should().Be(ExitCode.Refused);
        error.Message.Should().Contain($"granted session-closer's device {Device.DeviceId} only [operator.read]").And.Contain("openclaw devices list");
    }

    [Fact]
    public void Some_scopes_but_not_all_are_refused_without_trying_the_device()
    {
        var machine = FirstConnect([ConfigToken], KeyPath);
        machine.Start();
        machine.OnHello(Hello(["operator.read"]));

        var error = Failure(machine.OnHello(Hello(["operator.read"])));

        error.Code.Should().Be(GatewayException.ScopesCode);
        error.Message.Should().Contain("granted only [operator.read]; session-closer needs [operator.admin, operator.read, operator.write]");
    }

    [Fact]
    public void A_read_only_requirement_accepts_a_read_only_hello()
    {
        var machine = HandshakeStateMachine.FirstConnect(Endpoint([ConfigToken]), new GatewayClientOptions { RequiredScopes = [GatewayScopes.Read] });
        machine.Start();

        machine.OnHello(Hello(["operator.read"])).Should().BeOfType<HandshakeStep.Accept>();
    }

    [Fact]
    public void A_wrong_secret_moves_to_the_next_source_once_then_names_every_source_tried()
    {
        var machine = FirstConnect([ConfigToken, EnvToken]);
        machine.Start();

        machine.OnError(Refusal(TokenMismatch)).Should().Be(Connect(EnvToken, Cli));
        var last = Refusal(TokenMismatch);
        var error = Failure(machine.OnError(last));

        error.IsCredentialMismatch.Should().BeTrue();
        error.Message.Should().Contain("rejected the token from OPENCLAW_GATEWAY_TOKEN (AUTH_TOKEN_MISMATCH)")
            .And.Contain("Tried: gateway.auth.token in /x/openclaw.json, OPENCLAW_GATEWAY_TOKEN.")
            .And.NotContain("stale").And.NotContain("fresh");
        error.InnerException.Should().BeSameAs(last);
    }

    [Fact]
    public void The_next_source_starts_over_and_forgets_what_the_rejected_one_was_told()
    {
        var machine = FirstConnect([ConfigToken, EnvToken]);
        machine.Start();
        machine.OnHello(Hello([])); // cli: no scopes with the first secret

        machine.OnError(Refusal(TokenMismatch)).Should().Be(Connect(EnvToken, Cli));
        machine.OnError(Refusal(DeviceIdentityRequired)).Should().Be(Connect(EnvToken, Backend));
        var error = Failure(machine.OnError(Refusal(DeviceIdentityRequired)));

        error.DetailsCode.Should().Be("DEVICE_IDENTITY_REQUIRED");
        error.Message.Should().Contain("requires a device identity for this connection (device identity required), and no device key file was given");
    }

    [Fact]
    public void A_demanded_device_is_signed_in_when_a_key_is_given()
    {
        var machine = FirstConnect([ConfigToken], KeyPath);
        machine.Start();

        machine.OnError(Refusal(DeviceIdentityRequired)).Should().Be(Connect(ConfigToken, Backend));
        machine.OnError(Refusal(DeviceIdentityRequired)).Should().Be(new HandshakeStep.LoadDeviceKey(KeyPath));
    }

    [Fact]
    public void No_secret_where_one_is_required_says_where_secrets_come_from()
    {
        var machine = FirstConnect([], KeyPath);
        machine.Start().Should().Be(Connect(null, Cli));
        machine.OnError(Refusal(TokenMissing)).Should().Be(Connect(null, Backend));

        var error = Failure(machine.OnError(Refusal(TokenMissing)));

        error.DetailsCode.Should().Be("AUTH_TOKEN_MISSING");
        error.Message.Should().Contain("requires a token or password, and none was found").And.Contain("OPENCLAW_GATEWAY_TOKEN/PASSWORD");
    }

    [Fact]
    public void A_starting_gateway_is_asked_again_after_its_retryAfterMs_up_to_the_limit_for_each_request()
    {
        var machine = HandshakeStateMachine.FirstConnect(Endpoint([ConfigToken]), new GatewayClientOptions { MaxUnavailableRetries = 2, MaxRetryDelay = TimeSpan.FromSeconds(5) });
        var first = machine.Start();

        machine.OnError(Refusal(Starting(500))).Should().Be(new HandshakeStep.Connect(new HandshakeAttempt(ConfigToken, Cli, null), TimeSpan.FromMilliseconds(500)));
        machine.OnError(Refusal(Starting(60_000))).Should().Be(new HandshakeStep.Connect(new HandshakeAttempt(ConfigToken, Cli, null), TimeSpan.FromSeconds(5)), "the wait is bounded");
        var third = Refusal(Starting(500));
        Failure(machine.OnError(third)).Should().BeSameAs(third, "the limit reached, the refusal ends the handshake as it came");

        // The limit counts per request: the next identity may be told to wait again.
        var again = HandshakeStateMachine.FirstConnect(Endpoint([ConfigToken]), new GatewayClientOptions { MaxUnavailableRetries = 1 });
        again.Start().Should().Be(first);
        again.OnError(Refusal(Starting(500))).Should().BeOfType<HandshakeStep.Connect>();
        again.OnHello(Hello([])).Should().Be(Connect(ConfigToken, Backend));
        again.OnError(Refusal(Starting(500))).Should().Be(new HandshakeStep.Connect(new HandshakeAttempt(ConfigToken, Backend, null), TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void Other_refusals_end_the_handshake_as_they_came()
    {
        var mismatch = Refusal("""{"code":"INVALID_REQUEST","message":"protocol mismatch","details":{"code":"PROTOCOL_MISMATCH","expectedProtocol":4}}""");
        var machine = FirstConnect([ConfigToken, EnvToken], KeyPath);
        machine.Start();

        Failure(machine.OnError(mismatch)).Should().BeSameAs(mismatch);

        var device = AtDevice();
        var unreachable = new GatewayException(GatewayException.UnreachableCode, "Cannot connect");
        Failure(device.OnError(unreachable)).Should().BeSameAs(unreachable);
    }

    [Fact]
    public void A_device_waiting_for_approval_is_told_the_command_that_approves_it()
    {
        var error = Failure(AtDevice().OnError(Refusal("""
            {"code":"NOT_PAIRED","message":"pairing required","details":{"code":"PAIRING_REQUIRED","reason":"not-paired","requestId":"req-7"}}
            """)));

        error.Code.Should().Be("NOT_PAIRED");
        error.DetailsCode.Should().Be("PAIRING_REQUIRED");
        error.Message.Should().Contain($"wants session-closer's device {Device.DeviceId} approved first (not-paired)")
            .And.Contain("run `openclaw devices approve req-7` on the gateway host").And.Contain($"Device key: {KeyPath}.");
    }

    [Fact]
    public void A_refused_device_signature_names_the_reason_and_the_key_file()
    {
        var error = Failure(AtDevice().OnError(Refusal("""
            {"code":"INVALID_REQUEST","message":"device signature invalid","details":{"code":"DEVICE_AUTH_SIGNATURE_INVALID"}}
            """)));

        error.Message.Should().Contain("refused session-closer's device signature (DEVICE_AUTH_SIGNATURE_INVALID: device signature invalid). Device key: " + KeyPath);
    }

    [Fact]
    public void A_reconnect_repeats_the_request_that_was_accepted_and_insists_on_the_same_state_dir()
    {
        var previous = new HandshakeAttempt(EnvToken, Backend, Device);
        var options = new GatewayClientOptions();

        var same = HandshakeStateMachine.Reconnect(new Uri("ws://127.0.0.1:18789/"), options, previous, "/state");
        same.Start().Should().Be(new HandshakeStep.Connect(previous, TimeSpan.Zero));
        same.State.Should().Be(HandshakeState.Resuming);
        same.OnHello(Hello(AllScopes, stateDir: "/state")).Should().Be(new HandshakeStep.Accept(previous));

        var moved = HandshakeStateMachine.Reconnect(new Uri("ws://127.0.0.1:18789/"), options, previous, "/state");
        moved.Start();
        var error = Failure(moved.OnHello(Hello(AllScopes, stateDir: "/elsewhere")));
        error.Code.Should().Be(GatewayException.ConnectionLostCode);
        error.ExitCode.Should().Be(ExitCode.Refused);
        error.Message.Should().Contain("came back with other scopes or another state dir (/elsewhere)");

        var fewer = HandshakeStateMachine.Reconnect(new Uri("ws://127.0.0.1:18789/"), options, previous, "/state");
        fewer.Start();
        Failure(fewer.OnHello(Hello(["operator.read"], stateDir: "/state"))).ExitCode.Should().Be(ExitCode.Refused);

        var unknown = HandshakeStateMachine.Reconnect(new Uri("ws://127.0.0.1:18789/"), options, previous, previousStateDir: null);
        unknown.Start();
        unknown.OnHello(Hello(AllScopes, stateDir: "/anything")).Should().BeOfType<HandshakeStep.Accept>("the state dir was never known");

        var down = HandshakeStateMachine.Reconnect(new Uri("ws://127.0.0.1:18789/"), options, previous, "/state");
        down.Start();
        var refused = Refusal(TokenMismatch);
        Failure(down.OnError(refused)).Should().BeSameAs(refused, "a reconnect tries no other secret or identity");
    }

    [Fact]
    public void Steps_out_of_order_are_bugs()
    {
        var machine = FirstConnect([ConfigToken], KeyPath);
        var early = () => machine.OnHello(Hello(AllScopes));
        early.Should().Throw<InvalidOperationException>();

        machine.Start();
        var twice = () => machine.Start();
        twice.Should().Throw<InvalidOperationException>();
        var unasked = () => machine.OnDeviceKey(Device);
        unasked.Should().Throw<InvalidOperationException>();

        machine.OnHello(Hello(AllScopes));
        var late = () => machine.OnError(Refusal(TokenMismatch));
        late.Should().Throw<InvalidOperationException>();
    }

    /// <summary>
    /// Whatever a gateway answers, the handshake ends (accepted or failed) within a bounded number of connect requests,
    /// accepts only a hello that grants the required scopes, and signs in as the device only after every identity.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property Any_sequence_of_answers_ends_and_accepts_only_the_scopes_asked_for() => Prop.ForAll(Answers.ToArbitrary(), answers =>
    {
        const int Retries = 2;
        var machine = HandshakeStateMachine.FirstConnect(
            Endpoint([ConfigToken, EnvToken]),
            new GatewayClientOptions { MaxUnavailableRetries = Retries, DeviceIdentityPath = KeyPath });
        var bound = (2 * 2 * (Retries + 1)) + (Retries + 1); // 2 secrets × 2 identities, then the device; each with its retries
        var step = machine.Start();
        var requests = 0;
        var secret = ConfigToken;
        var identitiesTried = new HashSet<ClientIdentity>(); // with this secret
        while (step is HandshakeStep.Connect or HandshakeStep.LoadDeviceKey)
        {
            if (step is HandshakeStep.LoadDeviceKey)
            {
                identitiesTried.Should().BeEquivalentTo([Cli, Backend]);
                step = machine.OnDeviceKey(Device);
                continue;
            }

            var attempt = ((HandshakeStep.Connect)step).Attempt;
            (attempt.Device is null).Should().Be(machine.State == HandshakeState.TryingIdentities);
            if (attempt.Credential != secret)
            {
                secret = attempt.Credential!;
                identitiesTried.Clear();
            }

            identitiesTried.Add(attempt.Identity);
            requests++;
            requests.Should().BeLessThanOrEqualTo(bound);
            var answer = answers[(requests - 1) % answers.Length];
            step = answer.Scopes is { } scopes ? machine.OnHello(Hello(scopes)) : machine.OnError(Refusal(answer.Error!));
            if (step is HandshakeStep.Accept accepted)
            {
                answer.Scopes.Should().NotBeNull().And.Contain(AllScopes);
                accepted.Attempt.Should().Be(attempt);
            }
        }

        (step is HandshakeStep.Accept or HandshakeStep.Fail).Should().BeTrue();
        machine.State.Should().Be(step is HandshakeStep.Accept ? HandshakeState.Accepted : HandshakeState.Failed);
    });

    private const string TokenMismatch = """{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch (set gateway.remote.token)","details":{"code":"AUTH_TOKEN_MISMATCH","canRetryWithDeviceToken":false}}""";
    private const string TokenMissing = """{"code":"INVALID_REQUEST","message":"unauthorized: gateway token missing","details":{"code":"AUTH_TOKEN_MISSING"}}""";
    private const string DeviceIdentityRequired = """{"code":"NOT_PAIRED","message":"device identity required","details":{"code":"DEVICE_IDENTITY_REQUIRED"}}""";

    private static string Starting(int retryAfterMs) =>
        $$$"""{"code":"UNAVAILABLE","message":"gateway starting; retry shortly","retryable":true,"retryAfterMs":{{{retryAfterMs}}},"details":{"reason":"startup-sidecars"}}""";

    private static readonly Gen<(string[]? Scopes, string? Error)[]> Answers =
        Gen.ArrayOf(
            Gen.OneOf(
                Gen.Elements<string[]>(AllScopes, [], ["operator.read"]).Select(s => ((string[]?)s, (string?)null)),
                Gen.Elements(TokenMismatch, TokenMissing, DeviceIdentityRequired, Starting(1), """{"code":"INVALID_REQUEST","message":"invalid connect params"}""")
                    .Select(e => ((string[]?)null, (string?)e))),
            1 + (2 * 2 * 3) + 3);

    private static HandshakeStateMachine FirstConnect(GatewayCredential[] credentials, string? keyPath = null) =>
        HandshakeStateMachine.FirstConnect(Endpoint(credentials), new GatewayClientOptions { DeviceIdentityPath = keyPath });

    /// <summary>A machine that has just been asked to connect as <see cref="Device"/>.</summary>
    private static HandshakeStateMachine AtDevice()
    {
        var machine = FirstConnect([ConfigToken], KeyPath);
        machine.Start();
        machine.OnHello(Hello([]));
        machine.OnHello(Hello([]));
        machine.OnDeviceKey(Device);
        return machine;
    }

    private static GatewayEndpoint Endpoint(GatewayCredential[] credentials) => new(new Uri("ws://127.0.0.1:18789/"), credentials);

    private static HandshakeStep.Connect Connect(GatewayCredential? credential, ClientIdentity identity) =>
        new(new HandshakeAttempt(credential, identity, null), TimeSpan.Zero);

    private static GatewayException Failure(HandshakeStep step) => step.Should().BeOfType<HandshakeStep.Fail>().Which.Error;

    /// <summary>The hello-ok response frame a gateway sends, read as the client reads it.</summary>
    private static HelloOk Hello(string[] scopes, string version = "2026.7.35", string stateDir = "/state")
    {
        var frame = GatewayFrames.Parse(Encoding.UTF8.GetBytes($$$$"""
            {"type":"res","id":"sc-1","ok":true,"payload":{"type":"hello-ok","protocol":4,"server":{"version":"{{{{version}}}}"},
             "snapshot":{"stateDir":"{{{{stateDir}}}}","sessionDefaults":{"mainSessionKey":"agent:main:main"}},
             "auth":{"role":"operator","scopes":[{{{{string.Join(",", scopes.Select(s => $"\"{s}\""))}}}}]}}}
            """));
        return HelloOk.Parse(frame.Payload);
    }

    /// <summary>The error response frame a gateway sends to <c>connect</c>, as the client turns it into an exception.</summary>
    private static GatewayException Refusal(string error)
    {
        var frame = GatewayFrames.Parse(Encoding.UTF8.GetBytes($$$"""{"type":"res","id":"sc-1","ok":false,"error":{{{error}}}}"""));
        return GatewayException.FromError("connect", frame.Error);
    }
}
