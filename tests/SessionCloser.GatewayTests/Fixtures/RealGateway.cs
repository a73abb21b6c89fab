using SessionCloser.Fixtures.RealOpenClaw;
using SessionCloser.Gateway;

namespace SessionCloser.GatewayTests.Fixtures;

/// <summary>
/// One real OpenClaw gateway of <see cref="Version"/> in its own sandbox (see <see cref="OpenClawSandbox"/>), shared by
/// a test class: started once, stopped with its process tree and the sandbox deleted when the class is done.
/// </summary>
public abstract class RealGateway : IAsyncLifetime
{
    private OpenClawSandbox? _sandbox;
    private GatewayProcess? _process;

    /// <summary>e.g. "2026.7.35".</summary>
    public abstract string Version { get; }

    public OpenClawSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("the gateway is not started");

    public GatewayProcess Process => _process ?? throw new InvalidOperationException("the gateway is not started");

    public string StateDir => Sandbox.StateDir;

    public string ConfigPath => Sandbox.ConfigPath;

    public string SessionsDir => Sandbox.SessionsDir();

    public string Token => Process.Token;

    public int Port => Process.Port;

    public int Pid => Process.Pid;

    public TimeSpan StartupTime => Process.StartupTime;

    public bool ProcessAlive => Process.IsRunning;

    internal GatewayEndpoint Endpoint => Process.Endpoint;

    internal Task<GatewayClient> ConnectAsync(GatewayClientOptions? options = null) =>
        Process.ConnectAsync(options, TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync() =>
        (_sandbox, _process) = await OpenClawSandbox.StartWithGatewayAsync(Version);

    /// <summary>The gateway still runs as the same process and answers health.</summary>
    internal async Task AssertStillServingAsync(GatewayClientOptions? options = null)
    {
        if (!Process.IsRunning)
        {
            throw new InvalidOperationException($"the gateway (pid {Pid}) is gone:\n{Process.Log}");
        }

        await using var client = await ConnectAsync(options);
        var health = await client.HealthAsync(cancellationToken: TestContext.Current.CancellationToken);
        if (!health.Ok)
        {
            throw new InvalidOperationException("health did not answer ok");
        }
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}

public sealed class Gateway2026_7_35 : RealGateway
{
    public override string Version => OpenClawInstall.EraB;
}

public sealed class Gateway2026_9_6 : RealGateway
{
    public override string Version => OpenClawInstall.EraC;
}
