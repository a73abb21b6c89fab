using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Infrastructure;

/// <summary>
/// A fresh OpenClaw installation for one test: a temp dir with <c>home/</c>, <c>state/</c> (holding
/// <c>openclaw.json</c>) and <c>tmp/</c>, in which OpenClaw commands run as real processes (no shell, arguments
/// as a list, offline environment). Disposing kills every process it started, by pid and with its children,
/// also when the test failed, then deletes the temp dir (set <c>SC_CONFORMANCE_KEEP=1</c> to keep it).
/// </summary>
public sealed class OpenClawSandbox : IAsyncDisposable
{
    public const string GatewayToken = "conformance-token";

    /// <summary>Agents every sandbox declares; <c>main</c> is the default.</summary>
    public static readonly IReadOnlyList<string> Agents = ["main", "project-lead"];

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    private readonly CancellationTokenSource _killAll = new();
    private readonly ConcurrentDictionary<int, Task> _running = new();
    private readonly List<GatewayProcess> _gateways = [];
    private readonly object _logGate = new();
    private bool _disposed;

    private OpenClawSandbox(OpenClawInstall install, string root)
    {
        Install = install;
        Root = root;
        Directory.CreateDirectory(HomeDir);
        Directory.CreateDirectory(StateDir);
        Directory.CreateDirectory(TempDir);
    }

    public OpenClawInstall Install { get; }

    public string Root { get; }

    public string HomeDir => Path.Combine(Root, "home");

    public string StateDir => Path.Combine(Root, "state");

    /// <summary>TMPDIR of every process (OpenClaw still prefers <c>/tmp/openclaw</c> when it can use it).</summary>
    public string TempDir => Path.Combine(Root, "tmp");

    /// <summary>OpenClaw's own log (<c>logging.file</c>).</summary>
    public string LogFile => Path.Combine(Root, "openclaw.log");

    /// <summary>Every command this sandbox ran, with its output.</summary>
    public string CommandLog => Path.Combine(Root, "commands.log");

    public int GatewayPort { get; private set; }

    public static OpenClawSandbox Create(string version)
    {
        var install = OpenClawInstall.For(version); // fails before anything is created when OpenClaw is missing
        var root = Directory.CreateTempSubdirectory("sc-conformance-").FullName;
        var sandbox = new OpenClawSandbox(install, root);
        sandbox.WriteConfig();
        return sandbox;
    }

    public string SessionsDir(string agentId = "main") => Path.Combine(StateDir, "agents", agentId, "sessions");

    public string StorePath(string agentId = "main") => Path.Combine(SessionsDir(agentId), "sessions.json");

    public string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    /// <summary>
    /// Writes <c>openclaw.json</c>: the two agents, the log inside the sandbox, heartbeats off (so a gateway never
    /// writes a session on its own), optionally <c>session.maintenance</c> and gateway settings (loopback, a free
    /// port, token auth).
    /// </summary>
    public void WriteConfig(JsonObject? maintenance = null, bool gateway = false)
    {
        var config = new JsonObject
        {
            ["agents"] = new JsonObject
            {
                ["defaults"] = new JsonObject { ["heartbeat"] = new JsonObject { ["every"] = "0m" } },
                ["list"] = new JsonArray(
                    new JsonObject { ["id"] = "main", ["default"] = true },
                    new JsonObject { ["id"] = "project-lead" }),
            },
            ["logging"] = new JsonObject { ["file"] = LogFile },
            ["update"] = new JsonObject { ["checkOnStart"] = false },
            ["discovery"] = new JsonObject { ["mdns"] = new JsonObject { ["mode"] = "off" } },
        };
        if (maintenance is not null)
        {
            config["session"] = new JsonObject { ["maintenance"] = maintenance };
        }

        if (gateway)
        {
            if (GatewayPort == 0)
            {
                GatewayPort = FreePort.Pick();
            }

            config["gateway"] = new JsonObject
            {
                ["mode"] = "local",
                ["bind"] = "loopback",
                ["port"] = GatewayPort,
                ["auth"] = new JsonObject { ["mode"] = "token", ["token"] = GatewayToken },
            };
        }

        if (Install.Version == OpenClawInstall.EraC)
        {
            // 2026.9.6 would refresh the model catalog over the network; 2026.7.35 rejects this key.
            config["models"] = new JsonObject { ["catalogRefresh"] = new JsonObject { ["enabled"] = false } };
        }

        File.WriteAllText(ConfigPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The environment of every process: the sandbox's dirs, OpenClaw's offline switches, no model keys.</summary>
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var environment = new Dictionary<string, string?>
            {
                ["HOME"] = HomeDir,
                ["OPENCLAW_STATE_DIR"] = StateDir,
                ["TMPDIR"] = TempDir,
                ["FORCE_COLOR"] = "0",
                ["PATH"] = Path.GetDirectoryName(Install.Node) + ":" + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"),

                // Nothing from the developer's own setup may leak in.
                ["OPENCLAW_HOME"] = null,
                ["OPENCLAW_CONFIG_PATH"] = null,
                ["OPENCLAW_PROFILE"] = null,
                ["OPENCLAW_GATEWAY_TOKEN"] = null,
                ["OPENCLAW_GATEWAY_URL"] = null,
                ["OPENAI_API_KEY"] = null,
                ["ANTHROPIC_API_KEY"] = null,
            };
            foreach (var (name, value) in OpenClawOffline.Switches)
            {
                environment[name] = value;
            }

            return environment;
        }
    }

    /// <summary>Runs <c>openclaw &lt;args&gt;</c> of this sandbox's version and waits for it.</summary>
    public Task<CommandResult> OpenClawAsync(params string[] args) => OpenClawAsync(args, DefaultTimeout);

    public Task<CommandResult> OpenClawAsync(IReadOnlyList<string> args, TimeSpan timeout) =>
        RunAsync(Install.Node, [Install.OpenClawMjs, .. args], timeout);

    /// <summary>Runs any program with the sandbox environment; kills it (with its children) after <paramref name="timeout"/>.</summary>
    public async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(_killAll.Token);
        timeoutCts.CancelAfter(timeout ?? DefaultTimeout);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var task = Cli.Wrap(program)
            .WithArguments(args)
            .WithEnvironmentVariables(environment)
            .WithWorkingDirectory(Root)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, timeoutCts.Token);
        var pid = task.ProcessId;
        _running[pid] = task.Task;
        try
        {
            var result = await task;
            var done = new CommandResult([program, .. args], result.ExitCode, result.StandardOutput, result.StandardError, started.Elapsed);
            Log(done.Describe());
            return done;
        }
        catch (OperationCanceledException e) when (!_killAll.IsCancellationRequested)
        {
            var message = $"timed out after {started.Elapsed.TotalSeconds:0} s and was killed (pid {pid}, with its children): {program} {string.Join(' ', args)}";
            Log(message);
            throw new TimeoutException(message, e);
        }
        finally
        {
            _running.TryRemove(pid, out _);
        }
    }

    /// <summary>Starts <c>openclaw gateway run</c> on the configured port (call <see cref="WriteConfig"/> with gateway: true first).</summary>
    public async Task<GatewayProcess> StartGatewayAsync(TimeSpan? readyTimeout = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (GatewayPort == 0)
        {
            throw new InvalidOperationException("write the config with gateway: true before starting a gateway");
        }

        // A loaded machine can make a gateway miss its own startup deadlines (2026.9.6: "state lease heartbeat did not
        // become ready" after 5 s) and exit; that is the machine, not the behaviour under test, so start it again.
        for (var attempt = 1; ; attempt++)
        {
            var gateway = GatewayProcess.Start(this, _killAll.Token);
            lock (_gateways)
            {
                _gateways.Add(gateway);
            }

            try
            {
                await gateway.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(90));
                return gateway;
            }
            catch (GatewayExitedException e) when (attempt < 3)
            {
                Log($"gateway start attempt {attempt} failed, retrying: {e.Message}");
            }
        }
    }

    internal void Log(string text)
    {
        lock (_logGate)
        {
            File.AppendAllText(CommandLog, text + System.Environment.NewLine);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        List<GatewayProcess> gateways;
        lock (_gateways)
        {
            gateways = [.. _gateways];
        }

        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }

        // Anything still running is killed by CliWrap's forceful cancellation: Process.Kill(entireProcessTree).
        await _killAll.CancelAsync();
        foreach (var task in _running.Values.ToList())
        {
            try
            {
                await task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
            }
        }

        _killAll.Dispose();
        if (System.Environment.GetEnvironmentVariable("SC_CONFORMANCE_KEEP") != "1")
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process we could not stop still writes there; leave it rather than hide the test result.
            }
        }
    }
}
