using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Errors;
using SessionCloser.Gateway;

namespace SessionCloser.GatewayTests;

/// <summary>Gateway discovery and credential order, without a server.</summary>
public sealed class EndpointTests
{
    private static OpenClawEnvironment Env(params (string Name, string Value)[] vars) =>
        new(vars.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    private static OpenClawConfig Config(string json5, OpenClawEnvironment? env = null) =>
        OpenClawConfig.Parse(json5, "/cfg/openclaw.json", env ?? Env());

    [Fact]
    public void Defaults_to_loopback_18789_without_credentials()
    {
        var endpoint = GatewayEndpoint.Resolve(Env(), null);
        endpoint.Url.Should().Be(new Uri("ws://127.0.0.1:18789/"));
        endpoint.UrlSource.Should().Be("default");
        endpoint.Credentials.Should().BeEmpty();
        endpoint.IsLoopback.Should().BeTrue();
        endpoint.HealthzUrl.Should().Be(new Uri("http://127.0.0.1:18789/healthz"));
    }

    [Fact]
    public void Port_env_beats_config_port_and_tls_gives_wss()
    {
        var config = Config("{ gateway: { port: 19001, tls: { enabled: true } } }");
        GatewayEndpoint.Resolve(Env(), config).Url.Should().Be(new Uri("wss://127.0.0.1:19001/"));
        var fromEnv = GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_PORT", "19555")), config);
        fromEnv.Url.Should().Be(new Uri("wss://127.0.0.1:19555/"));
        fromEnv.UrlSource.Should().Be("OPENCLAW_GATEWAY_PORT");
        fromEnv.HealthzUrl.Should().Be(new Uri("https://127.0.0.1:19555/healthz"));
        GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_PORT", "nope")), config).UrlSource.Should().Be("gateway.port");
    }

    [Fact]
    public void Url_env_beats_everything_and_remote_mode_uses_remote_url_and_secrets()
    {
        var config = Config("""{ gateway: { mode: "remote", port: 1, remote: { url: "wss://gw.example:443", token: "remote-tok" }, auth: { token: "local-tok" } } }""");
        var remote = GatewayEndpoint.Resolve(Env(), config);
        remote.Url.Should().Be(new Uri("wss://gw.example:443"));
        remote.UrlSource.Should().Be("gateway.remote.url");
        remote.IsLoopback.Should().BeFalse();
        remote.Credentials.Select(c => (c.Value, c.Source)).Should().Equal(("remote-tok", "gateway.remote.token in /cfg/openclaw.json"));

        var env = GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_URL", "ws://[::1]:7000/")), config);
        env.Url.Should().Be(new Uri("ws://[::1]:7000/"));
        env.IsLoopback.Should().BeTrue();

        var bad = () => GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_URL", "http://x")), config);
        bad.Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.Usage);
    }

    [Fact]
    public void Config_token_first_then_env_token_and_explicit_options_alone()
    {
        var env = Env(("OPENCLAW_GATEWAY_TOKEN", "env-tok"), ("OPENCLAW_GATEWAY_PASSWORD", "env-pw"));
        var config = Config("""{ gateway: { auth: { token: "cfg-tok" } } }""");
        GatewayEndpoint.Resolve(env, config).Credentials.Select(c => (c.Kind, c.Value, c.Source)).Should().Equal(
            (GatewayCredentialKind.Token, "cfg-tok", "gateway.auth.token in /cfg/openclaw.json"),
            (GatewayCredentialKind.Token, "env-tok", "OPENCLAW_GATEWAY_TOKEN"),
            (GatewayCredentialKind.Password, "env-pw", "OPENCLAW_GATEWAY_PASSWORD"));

        GatewayEndpoint.Resolve(env, config, token: "opt").Credentials.Select(c => c.Source).Should().Equal("--token");
        GatewayEndpoint.Resolve(env, config, password: "pw").Credentials.Single().Kind.Should().Be(GatewayCredentialKind.Password);

        // Same value twice is offered once; the mode limits the kind.
        GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_TOKEN", "cfg-tok")), config).Credentials.Should().ContainSingle();
        var passwordMode = Config("""{ gateway: { auth: { mode: "password", token: "t", password: "cfg-pw" } } }""");
        GatewayEndpoint.Resolve(env, passwordMode).Credentials.Select(c => c.Value).Should().Equal("cfg-pw", "env-pw");
        GatewayEndpoint.Resolve(env, Config("""{ gateway: { auth: { mode: "none", token: "t" } } }""")).Credentials.Should().BeEmpty();
    }

    [Fact]
    public void Env_references_and_env_secret_refs_are_resolved()
    {
        var env = Env(("MY_TOKEN", "from-var"));
        GatewayEndpoint.Resolve(env, Config("""{ gateway: { auth: { token: "${MY_TOKEN}" } } }"""))
            .Credentials.Single().Value.Should().Be("from-var");
        GatewayEndpoint.Resolve(env, Config("""{ gateway: { auth: { token: { source: "env", provider: "default", id: "MY_TOKEN" } } } }"""))
            .Credentials.Single().Value.Should().Be("from-var");
    }

    [Fact]
    public void Unresolvable_secrets_are_refused_with_a_clear_message_unless_the_env_var_can_stand_in()
    {
        var fileRef = Config("""{ gateway: { auth: { token: { source: "file", provider: "f", id: "/gateway/token" } } } }""");
        var refuse = () => GatewayEndpoint.Resolve(Env(), fileRef);
        refuse.Should().Throw<SessionCloserException>()
            .WithMessage("gateway.auth.token in /cfg/openclaw.json is a SecretRef (source \"file\"), which session-closer cannot resolve. Pass the secret with --token, or set OPENCLAW_GATEWAY_TOKEN.");
        GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_TOKEN", "e")), fileRef).Credentials.Select(c => c.Source).Should().Equal("OPENCLAW_GATEWAY_TOKEN");
        GatewayEndpoint.Resolve(Env(), fileRef, token: "x").Credentials.Select(c => c.Source).Should().Equal("--token");

        var missingVar = () => GatewayEndpoint.Resolve(Env(), Config("""{ gateway: { auth: { token: "${NOT_SET}" } } }"""));
        missingVar.Should().Throw<SessionCloserException>().WithMessage("*refers to ${NOT_SET}, which is not set*");
    }

    [Fact]
    public void A_url_override_never_gets_the_configs_secrets_as_in_OpenClaw()
    {
        var env = Env(("OPENCLAW_GATEWAY_TOKEN", "env-tok"));
        var config = Config("""{ gateway: { port: 19001, auth: { token: "cfg-tok" } } }""");

        // --url: only what is given with it; without --token/--password, refused before anything is read.
        var url = GatewayEndpoint.Resolve(env, config, token: "opt", url: "ws://10.0.0.5:18789");
        (url.Url, url.UrlSource).Should().Be((new Uri("ws://10.0.0.5:18789"), "--url"));
        url.Credentials.Select(c => c.Source).Should().Equal("--token");
        var bare = () => GatewayEndpoint.Resolve(env, config, url: "ws://10.0.0.5:18789");
        bare.Should().Throw<SessionCloserException>().Which.Should().Match<SessionCloserException>(e => e.ExitCode == ExitCode.Usage && e.Message.StartsWith("--url needs --token or --password", StringComparison.Ordinal));
        var notWs = () => GatewayEndpoint.Resolve(env, config, password: "p", url: "http://x");
        notWs.Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.Usage);

        // OPENCLAW_GATEWAY_URL: the environment's secrets only ("config credentials are intentionally not reused").
        var envUrl = GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_URL", "ws://[::1]:7000/"), ("OPENCLAW_GATEWAY_TOKEN", "env-tok")), config);
        envUrl.Credentials.Select(c => (c.Value, c.Source)).Should().Equal(("env-tok", "OPENCLAW_GATEWAY_TOKEN"));
        GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_URL", "ws://[::1]:7000/")), config).Credentials.Should().BeEmpty();

        // --url beats OPENCLAW_GATEWAY_URL.
        GatewayEndpoint.Resolve(Env(("OPENCLAW_GATEWAY_URL", "ws://[::1]:7000/")), config, token: "t", url: "ws://127.0.0.1:1/").Url.Port.Should().Be(1);
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        new GatewayCredential(GatewayCredentialKind.Token, "s3cret", "--token").ToString().Should().Be("Token from --token");
    }
}
