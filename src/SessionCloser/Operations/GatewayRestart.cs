using System.Diagnostics;
using SessionCloser.Paths;

namespace SessionCloser.Operations;

/// <summary>The outcome of one <c>openclaw gateway restart</c>.</summary>
public sealed record GatewayRestartResult(string Command, int? ExitCode, string Output, string? Problem)
{
    public bool Succeeded => Problem is null && ExitCode == 0;
}

/// <summary>
/// Runs <c>openclaw gateway restart</c> once, for <c>--restart-gateway</c>. The executable is <c>$OPENCLAW_BIN</c> or
/// <c>openclaw</c> on PATH, started directly with an argument list: no shell ever sees user input.
/// </summary>
internal static class GatewayRestart
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static GatewayRestartResult Run(OpenClawEnvironment environment)
    {
        var executable = environment.Get("OPENCLAW_BIN") ?? FindOnPath(environment.Get("PATH"), "openclaw");
        if (executable is null)
        {
            return new GatewayRestartResult("openclaw gateway restart", null, "", "openclaw is not on PATH (set OPENCLAW_BIN); the sessions are closed, the gateway was not restarted");
        }

        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("gateway");
        start.ArgumentList.Add("restart");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return new GatewayRestartResult($"{executable} gateway restart", null, "", $"timed out after {Timeout.TotalSeconds:0} s");
        }

        var output = (stdout.Result + stderr.Result).Trim();
        return new GatewayRestartResult(
            $"{executable} gateway restart",
            process.ExitCode,
            output,
            process.ExitCode == 0 ? null : $"exited with {process.ExitCode}: {output}");
    }

    private static string? FindOnPath(string? path, string name) =>
        (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
