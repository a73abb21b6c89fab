using System.Diagnostics;

namespace SessionCloser.GatewayTests.Fixtures;

/// <summary>
/// Finds Node 24 and a pinned OpenClaw's openclaw.mjs: from SESSION_CLOSER_NODE / OPENCLAW_&lt;version&gt; (test.sh
/// exports them), else by running eng/install-openclaw.sh (cached). Missing OpenClaw is a failure, never a skip.
/// </summary>
internal static class OpenClawInstall
{
    private static readonly Lazy<Dictionary<string, string>> Installed = new(RunInstallScript);

    public static (string Node, string Mjs) Resolve(string version)
    {
        var mjsVariable = "OPENCLAW_" + version.Replace('.', '_');
        var node = Environment.GetEnvironmentVariable("SESSION_CLOSER_NODE");
        var mjs = Environment.GetEnvironmentVariable(mjsVariable);
        if (!File.Exists(node) || !File.Exists(mjs))
        {
            var values = Installed.Value;
            node = values.GetValueOrDefault("SESSION_CLOSER_NODE");
            mjs = values.GetValueOrDefault(mjsVariable);
        }

        return File.Exists(node) && File.Exists(mjs)
            ? (node!, mjs!)
            : throw new InvalidOperationException($"OpenClaw {version} is not installed: run eng/install-openclaw.sh (no {mjsVariable}).");
    }

    private static Dictionary<string, string> RunInstallScript()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SessionCloser.slnx")))
        {
            dir = dir.Parent;
        }

        var repo = dir?.FullName ?? Environment.CurrentDirectory;
        var script = Path.Combine(repo, "eng", "install-openclaw.sh");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"cannot find eng/install-openclaw.sh above {AppContext.BaseDirectory}");
        }

        var psi = new ProcessStartInfo(script) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
    }
}
