using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SessionCloser.Gateway;

namespace SessionCloser.GatewayTests.Fixtures;

/// <summary>
/// One real OpenClaw gateway (`gateway run --bind loopback`) in a fresh temp HOME/state dir, token auth on a free
/// loopback port, offline. Started once per test class, stopped by pid (SIGTERM, then SIGKILL) — also when tests fail.
/// </summary>
public abstract partial class RealGateway : IAsyncLifetime
{
    private Process? _process;

    /// <summary>e.g. "2026.7.35".</summary>
    public abstract string Version { get; }

    /// <summary>Extra top-level config members (JSON text starting with a comma), per version.</summary>
    protected virtual string ExtraConfig => string.Empty;

    public string Root { get; private set; } = string.Empty;

    public string StateDir => Path.Combine(Root, "state");

    public string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    public string SessionsDir => Path.Combine(StateDir, "agents", "main", "sessions");

    public string Token { get; } = "test-token-" + Guid.NewGuid().ToString("N")[..12];

    public int Port { get; private set; }

    public int Pid { get; private set; }

    public TimeSpan StartupTime { get; private set; }

    public string LogPath => Path.Combine(Root, "gw.log");

    public GatewayEndpoint Endpoint => new(
        new Uri($"ws://127.0.0.1:{Port}/"),
        [new GatewayCredential(GatewayCredentialKind.Token, Token, "test fixture")]);

    public Task<GatewayClient> ConnectAsync(GatewayClientOptions? options = null) =>
        GatewayClient.ConnectAsync(Endpoint, options, TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync()
    {
        var (node, mjs) = OpenClawInstall.Resolve(Version);
        Root = Directory.CreateTempSubdirectory("sc-gw-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "home"));
        Directory.CreateDirectory(Path.Combine(Root, "tmp"));
        Directory.CreateDirectory(StateDir);
        Port = FreePort();
        await File.WriteAllTextAsync(
            ConfigPath,
            $$"""
            {
              "gateway": { "mode": "local", "bind": "loopback", "port": {{Port}},
                           "auth": { "mode": "token", "token": "{{Token}}" } },
              "discovery": { "mdns": { "mode": "off" } },
              "update": { "checkOnStart": false },
              "logging": { "file": "{{Path.Combine(Root, "openclaw.log")}}" }{{ExtraConfig}}
            }
            """);

        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Root };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$1\" gateway run --bind loopback --port \"$2\" >\"$3\" 2>&1 </dev/null");
        psi.ArgumentList.Add(node);
        psi.ArgumentList.Add(mjs);
        psi.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(LogPath);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("OPENCLAW_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        foreach (var (name, value) in OpenClawEnvironment(Root))
        {
            psi.Environment[name] = value;
        }

        var started = Stopwatch.GetTimestamp();
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the gateway");
        Pid = _process.Id;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"OpenClaw {Version} gateway exited with {_process.ExitCode} before it was ready:\n{ReadLog()}");
            }

            if (Ansi().Replace(ReadLog(), string.Empty).Contains("[gateway] ready", StringComparison.Ordinal))
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                await DisposeAsync();
                throw new TimeoutException($"OpenClaw {Version} gateway not ready after 120 s:\n{ReadLog()}");
            }

            await Task.Delay(100);
        }

        StartupTime = Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The gateway still runs as the same process and answers health.</summary>
    public async Task AssertStillServingAsync(GatewayClientOptions? options = null)
    {
        if (_process is null || _process.HasExited)
        {
            throw new InvalidOperationException($"the gateway (pid {Pid}) is gone:\n{ReadLog()}");
        }

        await using var client = await ConnectAsync(options);
        var health = await client.HealthAsync(cancellationToken: TestContext.Current.CancellationToken);
        if (!health.Ok)
        {
            throw new InvalidOperationException("health did not answer ok");
        }
    }

    /// <summary>Sends a signal by pid (the gateway renames itself, so never by name).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public bool ProcessAlive => _process is { HasExited: false };

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    Signal("TERM");
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        await process.WaitForExitAsync(cts.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        process.Kill(entireProcessTree: true);
                        await process.WaitForExitAsync();
                    }
                }
            }
            finally
            {
                process.Dispose();
                _process = null;
            }
        }

        if (Root.Length > 0 && Directory.Exists(Root))
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
    }

    /// <summary>The offline environment from real-openclaw.md, with HOME/state/TMPDIR inside <paramref name="root"/>.</summary>
    public static IEnumerable<(string Name, string Value)> OpenClawEnvironment(string root) =>
    [
        ("HOME", Path.Combine(root, "home")),
        ("OPENCLAW_STATE_DIR", Path.Combine(root, "state")),
        ("TMPDIR", Path.Combine(root, "tmp")),
        .. SessionCloser.Fixtures.OpenClawOffline.Switches,
    ];

    /// <summary>A port nobody listens on right now (loopback, chosen by the OS).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();
}

public sealed class Gateway2026_7_35 : RealGateway
{
    public override string Version => "2026.7.35";
}

public sealed class Gateway2026_9_6 : RealGateway
{
    public override string Version => "2026.9.6";

    protected override string ExtraConfig => """, "models": { "catalogRefresh": { "enabled": false } }""";
}
