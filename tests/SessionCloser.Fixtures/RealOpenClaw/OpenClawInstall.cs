using CliWrap;
using CliWrap.Buffered;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>
/// Where the pinned Node and OpenClaw builds live: the variables <c>eng/install-openclaw.sh</c> prints
/// (<c>./test.sh</c> exports them), else what that script prints when run here (it only installs what its cache
/// lacks). A missing install fails the test with instructions; it never skips it.
/// </summary>
public sealed record OpenClawInstall(string Version, string Node, string OpenClawMjs)
{
    /// <summary>Newest release with the cross-process <c>sessions.json.lock</c>.</summary>
    public const string EraA = "2026.4.29";

    /// <summary>Newest file-backed release without a cross-process lock.</summary>
    public const string EraB = "2026.7.35";

    /// <summary>Sessions live in SQLite.</summary>
    public const string EraC = "2026.9.6";

    private const string NodeVariable = "SESSION_CLOSER_NODE";

    private static readonly Lazy<Dictionary<string, string>> Printed = new(RunInstallScript);

    public static string NodePath => Require(NodeVariable, "Node 24");

    public static OpenClawInstall For(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var mjs = Require("OPENCLAW_" + version.Replace('.', '_'), "OpenClaw " + version);
        return new OpenClawInstall(version, NodePath, mjs);
    }

    private static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!File.Exists(value))
        {
            value = Printed.Value.GetValueOrDefault(variable);
        }

        return File.Exists(value)
            ? value
            : throw new InvalidOperationException(
                $"{what} is not installed for the tests: ${variable} is not set and eng/install-openclaw.sh did not print it. " +
                "Run ./test.sh, or first: eval \"$(eng/install-openclaw.sh)\" and export the variables it prints.");
    }

    /// <summary>NAME=value lines of eng/install-openclaw.sh, or none when it fails (its stderr says why).</summary>
    private static Dictionary<string, string> RunInstallScript()
    {
        var result = Cli.Wrap(Path.Combine(Repository.Root, "eng", "install-openclaw.sh"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync()
            .Task.GetAwaiter().GetResult();
        return result.ExitCode != 0
            ? new Dictionary<string, string>()
            : result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
    }
}
