using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CliWrap;
using SessionCloser.Gateway;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>
/// A real <c>openclaw gateway run --bind loopback --port P</c> of one sandbox, with token auth. Its output goes
/// straight to <see cref="LogPath"/> inside the sandbox (a file, so a busy test process can never stall the gateway on
/// a full pipe); ready when that log says <c>[gateway] ready</c>; stopped with SIGTERM, then killed (with its
/// children) if it does not exit in time.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    /// <summary>exec keeps the pid the gateway's own, so signals and the process-tree kill reach it.</summary>
    private const string RedirectToLog = "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null";

    private readonly OpenClawSandbox _sandbox;
    private readonly CancellationTokenSource _kill;
    private readonly StringBuilder _log = new();
    private readonly StreamReader _logReader;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<CliWrap.CommandResult> _run;
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _stopped;
    private bool _logClosed;

    private GatewayProcess(OpenClawSandbox sandbox, string logPath, CancellationToken sandboxKill)
    {
        _sandbox = sandbox;
        Port = sandbox.GatewayPort;
        LogPath = logPath;
        File.WriteAllBytes(LogPath, []);
        _logReader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8);
        _kill = CancellationTokenSource.CreateLinkedTokenSource(sandboxKill);
        var command = Cli.Wrap("/bin/sh")
            .WithArguments(["-c", RedirectToLog, "sh", LogPath, sandbox.Install.Node, sandbox.Install.OpenClawMjs, "gateway", "run", "--bind", "loopback", "--port", Port.ToString(CultureInfo.InvariantCulture)])
            .WithEnvironmentVariables(sandbox.GatewayEnvironment)
            .WithWorkingDirectory(sandbox.Root)
            .WithValidation(CommandResultValidation.None);
        var task = command.ExecuteAsync(_kill.Token);
        Pid = task.ProcessId;
        _run = task.Task;
        _ = WatchForReadyAsync();
    }

    public int Pid { get; }

    public int Port { get; }

    public string LogPath { get; }

    public string Url => $"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Token => _sandbox.GatewayToken;

    /// <summary>Where session-closer's <see cref="GatewayClient"/> reaches this gateway, with the sandbox's token.</summary>
    internal GatewayEndpoint Endpoint => new(
        new Uri(Url + "/"),
        [new GatewayCredential(GatewayCredentialKind.Token, Token, "test fixture")]);

    /// <summary>From start until the gateway logged ready.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The process has not exited (an in-process restart keeps it, and its pid).</summary>
    public bool IsRunning => !_run.IsCompleted;

    /// <summary>Everything the gateway printed so far, ANSI colours removed.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                if (!_logClosed)
                {
                    _log.Append(Ansi().Replace(_logReader.ReadToEnd(), ""));
                }

                return _log.ToString();
            }
        }
    }

    internal Task<GatewayClient> ConnectAsync(GatewayClientOptions? options = null, CancellationToken cancellationToken = default) =>
        GatewayClient.ConnectAsync(Endpoint, options, cancellationToken);

    /// <summary>Sends e.g. <see cref="Signals.SigUsr1"/> to the gateway, by pid (it renames itself, so never by name).</summary>
    public void Signal(int signal) => Signals.Send(Pid, signal);

    internal static GatewayProcess Start(OpenClawSandbox sandbox, string logPath, CancellationToken sandboxKill) => new(sandbox, logPath, sandboxKill);

    internal async Task WaitReadyAsync(TimeSpan timeout)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the gateway (pid {Pid}, port {Port}) was not ready after {timeout.TotalSeconds:0} s:\n{Log}", e);
        }
    }

    /// <summary>
    /// Calls an RPC through <c>openclaw gateway call &lt;method&gt; --json --params &lt;json&gt;</c> (a new Node
    /// process each time, several seconds per call: keep the count low). Fails, showing the output, unless it
    /// exits 0 with a JSON object on stdout.
    /// </summary>
    public async Task<JsonObject> CallAsync(string method, JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var result = await _sandbox.OpenClawAsync(
            ["gateway", "call", method, "--json", "--params", parameters.ToJsonString(), "--url", Url, "--token", Token, "--timeout", "150000"],
            TimeSpan.FromSeconds(240)); // a new Node process: slow to start at load average 10-20
        if (result.ExitCode != 0 || result.Json() is not JsonObject json)
        {
            throw new InvalidOperationException($"gateway call {method} failed:\n{result.Describe()}\n--- gateway log ---\n{Tail(Log)}");
        }

        return json;
    }

    /// <summary>SIGTERM, then SIGKILL of the whole tree after <paramref name="grace"/>. Returns the exit code (null when killed).</summary>
    public async Task<int?> StopAsync(TimeSpan? grace = null)
    {
        if (_stopped)
        {
            return _run.IsCompletedSuccessfully ? _run.Result.ExitCode : null;
        }

        _stopped = true;
        if (!_run.IsCompleted)
        {
            Signals.Terminate(Pid);
            try
            {
                await _run.WaitAsync(grace ?? TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _sandbox.Log($"gateway pid {Pid} ignored SIGTERM; killing its process tree");
            }
        }

        if (!_run.IsCompleted)
        {
            await _kill.CancelAsync();
        }

        try
        {
            var result = await _run.WaitAsync(TimeSpan.FromSeconds(15));
            return result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            _sandbox.Log($"--- gateway pid {Pid} log ---\n{Log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
        }

        _kill.Dispose();
        lock (_log)
        {
            if (!_logClosed)
            {
                _log.Append(Ansi().Replace(_logReader.ReadToEnd(), "")); // Log stays readable after disposal
                _logClosed = true;
                _logReader.Dispose();
            }
        }
    }

    private async Task WatchForReadyAsync()
    {
        while (!_run.IsCompleted)
        {
            var log = Log;
            if (ReadyLine().IsMatch(log))
            {
                StartupTime = System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt);
                _ready.TrySetResult();
                return;
            }

            if (FailedLine().IsMatch(log))
            {
                // It gave up (e.g. 2026.9.6 missing its own 5 s startup deadlines on a loaded machine) but may linger:
                // end it, so the start counts as exited and is tried again.
                await _kill.CancelAsync();
            }

            await Task.WhenAny(_run, Task.Delay(100));
        }

        var how = _run.IsCompletedSuccessfully ? "code " + _run.Result.ExitCode : _run.Exception?.GetBaseException().Message ?? "killed";
        _ready.TrySetException(new GatewayExitedException($"the gateway (pid {Pid}) exited ({how}) before it was ready:\n{Log}"));
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex Ansi();

    /// <summary>What OpenClaw prints when its gateway gives up starting.</summary>
    [GeneratedRegex(@"Gateway failed to start")]
    private static partial Regex FailedLine();

    /// <summary><c>[gateway] ready</c>, not e.g. <c>[gateway] spawn broker ready</c> (2026.9.6).</summary>
    [GeneratedRegex(@"\[gateway\] ready(\s|$)")]
    private static partial Regex ReadyLine();
}

