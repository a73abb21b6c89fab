using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>
/// A fresh OpenClaw installation for one test (or one test class): a temp dir with <c>home/</c>, <c>state/</c>
/// (holding <c>openclaw.json</c>) and <c>tmp/</c>, in which OpenClaw commands, gateways and bin/ commands run as real
/// processes (arguments as a list, never spliced into a shell line; offline environment). Every command's output goes to
/// <see cref="CommandLog"/>, each gateway's to its own <c>gateway-N.log</c>, in the temp dir. Disposing stops every process it started, by pid and with its children, also when the test failed,
/// then deletes the temp dir (set <c>SC_KEEP_SANDBOX=1</c> to keep it).
/// </summary>
public sealed class OpenClawSandbox : IAsyncDisposable
{
    /// <summary>Agents every sandbox declares; the first, <c>main</c>, is the default.</summary>
    public static readonly IReadOnlyList<string> Agents = ["main", "project-lead"];

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>The first AOT build of the CLI inside bin/session-closer takes minutes.</summary>
    private static readonly TimeSpan BinTimeout = TimeSpan.FromMinutes(15);

    private readonly CancellationTokenSource _killAll = new();
    private readonly ConcurrentDictionary<int, Task> _running = new();
    private readonly List<GatewayProcess> _gateways = [];
    private readonly object _logGate = new();
    private bool _disposed;

    private OpenClawSandbox(OpenClawInstall install, string root, IReadOnlyList<string> agentIds)
    {
        Install = install;
        Root = root;
        AgentIds = agentIds;
        Directory.CreateDirectory(HomeDir);
        Directory.CreateDirectory(StateDir);
        Directory.CreateDirectory(TempDir);
    }

    public OpenClawInstall Install { get; }

    /// <summary>The agents this sandbox's config declares (<see cref="Agents"/> unless created with others); the first is the default.</summary>
    public IReadOnlyList<string> AgentIds { get; }

    public string Root { get; }

    public string HomeDir => Path.Combine(Root, "home");

    public string StateDir => Path.Combine(Root, "state");

    /// <summary>TMPDIR of every process (OpenClaw still prefers <c>/tmp/openclaw</c> when it can use it).</summary>
    public string TempDir => Path.Combine(Root, "tmp");

    public string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    /// <summary>OpenClaw's own log (<c>logging.file</c>).</summary>
    public string LogFile => Path.Combine(Root, "openclaw.log");

    /// <summary>Every command this sandbox ran, with its output.</summary>
    public string CommandLog => Path.Combine(Root, "commands.log");

    /// <summary>The gateway token of this sandbox: unique, so a test can tell it never leaks into a message.</summary>
    public string GatewayToken { get; } = "test-token-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>0 until <see cref="WriteConfig"/> configured a gateway.</summary>
    public int GatewayPort { get; private set; }

    /// <summary>Creates the sandbox with a config without a gateway; fails before creating anything when OpenClaw is missing.</summary>
    /// <param name="agents">The agents the config declares, the default first; <see cref="Agents"/> when null.</param>
    public static OpenClawSandbox Create(string version, IReadOnlyList<string>? agents = null)
    {
        var install = OpenClawInstall.For(version);
        var sandbox = new OpenClawSandbox(install, Directory.CreateTempSubdirectory("sc-openclaw-").FullName, agents ?? Agents);
        sandbox.WriteConfig();
        return sandbox;
    }

    /// <summary>A sandbox of <paramref name="version"/> configured for a gateway, with that gateway started and ready.</summary>
    public static async Task<(OpenClawSandbox Sandbox, GatewayProcess Gateway)> StartWithGatewayAsync(string version, TimeSpan? readyTimeout = null)
    {
        var sandbox = Create(version);
        try
        {
            sandbox.WriteConfig(gateway: true);
            return (sandbox, await sandbox.StartGatewayAsync(readyTimeout));
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public string SessionsDir(string agentId = "main") => Path.Combine(StateDir, "agents", agentId, "sessions");

    public string StorePath(string agentId = "main") => Path.Combine(SessionsDir(agentId), "sessions.json");

    /// <summary>(Re)writes <c>openclaw.json</c> (see <see cref="SandboxConfig.Build"/>); a gateway keeps its port across rewrites.</summary>
    /// <param name="cron">OpenClaw's <c>cron</c> section (e.g. <c>sessionRetention: false</c> stops the gateway's own reaper of cron runs).</param>
    public void WriteConfig(JsonObject? maintenance = null, bool gateway = false, JsonObject? cron = null)
    {
        if (gateway && GatewayPort == 0)
        {
            GatewayPort = FreePort.Pick();
        }

        var config = SandboxConfig.Build(Install.Version, LogFile, maintenance, gateway ? (GatewayPort, GatewayToken) : null, AgentIds, cron);
        File.WriteAllText(ConfigPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The environment of every process: the sandbox's dirs, OpenClaw's offline switches, nothing of the developer's OpenClaw, no model keys.</summary>
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (DictionaryEntry inherited in System.Environment.GetEnvironmentVariables())
            {
                if (inherited.Key is string name && name.StartsWith("OPENCLAW_", StringComparison.Ordinal))
                {
                    environment[name] = null;
                }
            }

            environment["HOME"] = HomeDir;
            environment["OPENCLAW_STATE_DIR"] = StateDir;
            environment["TMPDIR"] = TempDir;
            environment["FORCE_COLOR"] = "0";
            environment["PATH"] = Path.GetDirectoryName(Install.Node) + ":" + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
            environment["OPENCLAW_HOME"] = null;
            environment["OPENCLAW_CONFIG_PATH"] = null;
            environment["OPENCLAW_PROFILE"] = null;
            environment["OPENCLAW_GATEWAY_TOKEN"] = null;
            environment["OPENCLAW_GATEWAY_URL"] = null;
            environment["OPENAI_API_KEY"] = null;
            environment["ANTHROPIC_API_KEY"] = null;
            foreach (var (name, value) in OpenClawOffline.Switches)
            {
                environment[name] = value;
            }

            return environment;
        }
    }

    /// <summary>
    /// <see cref="Environment"/> but with the inherited PATH, as GatewayTests always started gateways: with the pinned
    /// Node 24 first on PATH, 2026.9.6 answered pipelined sessions.delete calls so much slower that GatewayTests'
    /// pipelining test timed out on a loaded machine (3 runs of 3; none with the inherited PATH).
    /// </summary>
    internal Dictionary<string, string?> GatewayEnvironment =>
        Environment.Where(variable => variable.Key != "PATH").ToDictionary(StringComparer.Ordinal);

    /// <summary>Runs <c>openclaw &lt;args&gt;</c> of this sandbox's version and waits for it.</summary>
    public Task<CommandResult> OpenClawAsync(params string[] args) => OpenClawAsync(args, DefaultTimeout);

    public Task<CommandResult> OpenClawAsync(IReadOnlyList<string> args, TimeSpan timeout) =>
        RunAsync(Install.Node, [Install.OpenClawMjs, .. args], timeout);

    /// <summary>
    /// Runs a bin/ command (e.g. <c>session-closer</c>, <c>close-project-batch</c>) with the sandbox environment plus
    /// <see cref="Repository.LauncherEnvironment"/>; pass <c>--state-dir</c> <see cref="StateDir"/> as a user would.
    /// </summary>
    public Task<CommandResult> RunBinAsync(string command, IReadOnlyList<string> args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var environment = Repository.LauncherEnvironment();
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return RunAsync(Repository.Bin(command), args, timeout ?? BinTimeout, environment);
    }

    /// <summary>
    /// An executable <c>openclaw</c> of this sandbox's version (a two-line wrapper running it under the pinned Node),
    /// for <c>OPENCLAW_BIN</c>, which must be one executable.
    /// </summary>
    public string WriteOpenClawExecutable()
    {
        var path = Path.Combine(Root, "openclaw");
        File.WriteAllText(path, $"#!/bin/sh\nexec '{Install.Node}' '{Install.OpenClawMjs}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

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

    /// <summary>
    /// Starts <c>openclaw gateway run</c> on the configured port (call <see cref="WriteConfig"/> with gateway: true
    /// first) and waits until it logs <c>[gateway] ready</c>. Startup takes 10–50 s on a loaded machine, and over 2 minutes
    /// at load average 20 (seen with 2026.4.29 staging its plugins), hence the generous default.
    /// </summary>
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
            GatewayProcess gateway;
            lock (_gateways)
            {
                var logPath = Path.Combine(Root, $"gateway-{(_gateways.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}.log");
                gateway = GatewayProcess.Start(this, logPath, _killAll.Token);
                _gateways.Add(gateway);
            }

            try
            {
                await gateway.WaitReadyAsync(readyTimeout ?? DefaultTimeout);
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
        if (System.Environment.GetEnvironmentVariable("SC_KEEP_SANDBOX") != "1")
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
