using System.Diagnostics;
using SessionCloser.Fixtures.RealOpenClaw;

namespace SessionCloser.FaultInjection;

/// <summary>What one run of a bin/ command did.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error, TimeSpan Elapsed)
{
    /// <summary>128 + SIGKILL: the process died of the kill (a failpoint's or the test's), not of its own accord.</summary>
    public bool Killed => ExitCode == 137;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Tail(Out)}\nstderr:\n{Tail(Error)}";

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}

/// <summary>
/// Runs the repository's bin/ commands as a user would (the launcher execs the shared Native AOT build, so the pid
/// started is the CLI's), with an environment that sees neither the developer's OpenClaw nor a gateway.
/// </summary>
internal static class CliProcess
{
    public const string FailPoint = "SESSION_CLOSER_FAILPOINT";
    public const string FailPointAction = "SESSION_CLOSER_FAILPOINT_ACTION";
    public const string FailPointTrace = "SESSION_CLOSER_FAILPOINT_TRACE";

    /// <summary>Only a hung CLI (a bug) ever waits this long; progress at any load is far quicker.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    /// <param name="command">A bin/ command, e.g. <c>close-project-batch</c>.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="environment">Extra variables (null removes one).</param>
    /// <param name="killAfter">SIGKILL the process this long after it started, if it is still running.</param>
    public static async Task<CliRun> RunAsync(string command, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? killAfter = null)
    {
        var start = new ProcessStartInfo(Repository.Bin(command))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var env = new Dictionary<string, string?>(Repository.LauncherEnvironment(), StringComparer.Ordinal)
        {
            ["OPENCLAW_STATE_DIR"] = null,
            ["OPENCLAW_HOME"] = null,
            ["OPENCLAW_CONFIG_PATH"] = null,
            ["OPENCLAW_PROFILE"] = null,
            ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9", // discard: nobody listens, so the files backend closes
            ["OPENCLAW_GATEWAY_PORT"] = null,
            ["OPENCLAW_GATEWAY_TOKEN"] = null,
            ["OPENCLAW_GATEWAY_PASSWORD"] = null,
            [FailPoint] = null,
            [FailPointAction] = null,
            [FailPointTrace] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        foreach (var (name, value) in env)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            Kill(process);
        }

        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException($"{command} {string.Join(' ', args.Take(6))} did not finish in {HangGuard.TotalMinutes} minutes");
        }

        return new CliRun(process.ExitCode, await output, await error, clock.Elapsed);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(); // SIGKILL
        }
        catch (InvalidOperationException)
        {
            // it had already exited
        }
    }
}
