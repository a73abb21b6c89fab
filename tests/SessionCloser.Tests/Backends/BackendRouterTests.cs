using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Backends;

/// <summary>
/// Routing where no real gateway is needed: nothing listening, or something that answers <c>/healthz</c> but is
/// not a gateway session-closer can use. Routing to a real gateway is proven in the conformance suite.
/// </summary>
public sealed class BackendRouterTests : IDisposable
{
    private readonly TempSandbox _sandbox = new();
    private readonly string _stateDir;

    public BackendRouterTests() => _stateDir = _sandbox.Dir("state");

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("2026.7.35", StorageEra.JsonFile)]
    [InlineData("2026.4.29", StorageEra.LockedJsonFile)]
    public async Task Without_a_gateway_a_file_store_is_edited_directly(string version, StorageEra era)
    {
        var (installation, store) = Install(version);

        await using var route = await BackendRouter.RouteAsync(installation, store, Nowhere(), BackendPreference.Auto, force: false, cancellationToken: TestContext.Current.CancellationToken);

        route.Backend.Should().Be(CloseBackend.Files);
        route.Era.Era.Should().Be(era);
        route.GatewayLive.Should().BeFalse();
        route.Client.Should().BeNull();
        route.Reason.Should().Contain("no gateway answers");
        if (era == StorageEra.LockedJsonFile)
        {
            route.Reason.Should().Contain("lock");
        }
    }

    [Fact]
    public async Task Without_a_gateway_a_sqlite_store_is_planned_read_only_and_closing_is_refused_with_the_way_out()
    {
        var (installation, store) = Install("2026.9.6");
        WriteSqliteHeader(userVersion: 23);

        await using var route = await BackendRouter.RouteAsync(installation, store, Nowhere(), BackendPreference.Auto, force: false, cancellationToken: TestContext.Current.CancellationToken);

        route.Backend.Should().Be(CloseBackend.Gateway, "only the gateway closes in era C");
        route.Client.Should().BeNull();
        route.GatewayLive.Should().BeFalse();
        route.Reason.Should().Contain("no gateway answers").And.Contain("read-only");
        route.StoppedGateway.Should().NotBeNull();
        route.StoppedGateway!.CloseRefusal.Should().Contain("SQLite").And.Contain("start it ('openclaw gateway')").And.Contain("Nothing was changed");
        await using var backend = route.CreateBackend(TimeProvider.System, store);
        backend.Should().BeOfType<StoppedGatewayBackend>();
    }

    [Fact]
    public async Task Without_a_gateway_the_files_backend_is_refused_on_a_sqlite_store()
    {
        var (installation, store) = Install("2026.9.6");
        WriteSqliteHeader(userVersion: 23);

        var act = () => BackendRouter.RouteAsync(installation, store, Nowhere(), BackendPreference.Files, force: true, cancellationToken: TestContext.Current.CancellationToken);

        var refusal = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        refusal.ExitCode.Should().Be(ExitCode.Refused);
        refusal.Message.Should().Contain("SQLite").And.Contain("never edits").And.Contain("openclaw gateway").And.Contain("Nothing was changed");
    }

    [Fact]
    public async Task Insisting_on_the_gateway_when_none_answers_fails_without_touching_anything()
    {
        var (installation, store) = Install("2026.7.35");

        var act = () => BackendRouter.RouteAsync(installation, store, Nowhere(), BackendPreference.Gateway, force: false, cancellationToken: TestContext.Current.CancellationToken);

        var failure = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        failure.ExitCode.Should().Be(ExitCode.StoreError);
        failure.Message.Should().Contain("no OpenClaw gateway answers");
    }

    [Fact]
    public async Task A_live_gateway_that_cannot_be_used_is_not_raced_by_default()
    {
        var (installation, store) = Install("2026.7.35");
        using var healthOnly = new HealthOnlyServer();

        var act = () => BackendRouter.RouteAsync(installation, store, healthOnly.Endpoint, BackendPreference.Auto, force: false, cancellationToken: TestContext.Current.CancellationToken);

        var refusal = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        refusal.ExitCode.Should().Be(ExitCode.Refused);
        refusal.Message.Should().Contain("could not connect").And.Contain("--token");
    }

    [Fact]
    public async Task Forcing_the_files_beside_a_gateway_on_an_unlocked_store_needs_force()
    {
        var (installation, store) = Install("2026.7.35");
        using var healthOnly = new HealthOnlyServer();

        var act = () => BackendRouter.RouteAsync(installation, store, healthOnly.Endpoint, BackendPreference.Files, force: false, cancellationToken: TestContext.Current.CancellationToken);
        var refusal = (await act.Should().ThrowAsync<SessionCloserException>()).Which;
        refusal.ExitCode.Should().Be(ExitCode.Refused);
        refusal.Message.Should().Contain("no cross-process lock").And.Contain("--force");

        await using var forced = await BackendRouter.RouteAsync(installation, store, healthOnly.Endpoint, BackendPreference.Files, force: true, cancellationToken: TestContext.Current.CancellationToken);
        forced.Backend.Should().Be(CloseBackend.Files);
        forced.GatewayLive.Should().BeTrue();
        forced.Reason.Should().Contain("--force");
    }

    [Fact]
    public async Task Files_beside_a_gateway_on_a_locked_era_A_store_need_no_force()
    {
        var (installation, store) = Install("2026.4.29");
        using var healthOnly = new HealthOnlyServer();

        await using var route = await BackendRouter.RouteAsync(installation, store, healthOnly.Endpoint, BackendPreference.Files, force: false, cancellationToken: TestContext.Current.CancellationToken);

        route.Backend.Should().Be(CloseBackend.Files);
        route.Reason.Should().Contain("store lock");
    }

    private (OpenClawInstallation Installation, AgentStore Store) Install(string lastTouchedVersion)
    {
        File.WriteAllText(
            Path.Join(_stateDir, "openclaw.json"),
            $$$"""{"meta":{"lastTouchedVersion":"{{{lastTouchedVersion}}}"},"agents":{"list":[{"id":"project-lead"}]}}""");
        var installation = OpenClawInstallation.Open(_sandbox.Env(("OPENCLAW_STATE_DIR", _stateDir)), null, null);
        return (installation, installation.RequireAgent("project-lead"));
    }

    private void WriteSqliteHeader(int userVersion)
    {
        var header = new byte[4096];
        "SQLite format 3\0"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(60), userVersion);
        var path = EraDetector.SqlitePath(_stateDir, "project-lead");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, header);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static GatewayEndpoint Nowhere() => new(new Uri($"ws://127.0.0.1:{FreePort()}"), []);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Says <c>{"ok":true}</c> on <c>/healthz</c> like a gateway, and refuses every WebSocket upgrade.</summary>
    private sealed class HealthOnlyServer : IDisposable
    {
        private readonly HttpListener _listener = new();

        public HealthOnlyServer()
        {
            var port = FreePort();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            Endpoint = new GatewayEndpoint(new Uri($"ws://127.0.0.1:{port}"), [new GatewayCredential(GatewayCredentialKind.Token, "t", "test")]);
            _ = ServeAsync();
        }

        public GatewayEndpoint Endpoint { get; }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var body = context.Request.Url?.AbsolutePath == "/healthz" ? """{"ok":true,"status":"live"}"""u8.ToArray() : [];
                context.Response.StatusCode = body.Length > 0 ? 200 : 404;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }
    }
}
