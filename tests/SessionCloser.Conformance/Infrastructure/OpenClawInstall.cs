namespace SessionCloser.Conformance.Infrastructure;

/// <summary>
/// Where the pinned Node and OpenClaw builds live, read from the variables <c>eng/install-openclaw.sh</c> prints
/// (<c>./test.sh</c> exports them). A missing install fails the test with instructions; it never skips it.
/// </summary>
public sealed record OpenClawInstall(string Version, string Node, string OpenClawMjs)
{
    /// <summary>Newest release with the cross-process <c>sessions.json.lock</c>.</summary>
    public const string EraA = "2026.4.29";

    /// <summary>Newest file-backed release without a cross-process lock.</summary>
    public const string EraB = "2026.7.35";

    /// <summary>Sessions live in SQLite.</summary>
    public const string EraC = "2026.9.6";

    public static string NodePath => Require("SESSION_CLOSER_NODE", "Node 24");

    public static OpenClawInstall For(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var mjs = Require("OPENCLAW_" + version.Replace('.', '_'), "OpenClaw " + version);
        return new OpenClawInstall(version, NodePath, mjs);
    }

    private static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value) || !File.Exists(value))
        {
            throw new InvalidOperationException(
                $"{what} is not installed for the conformance tests: ${variable} is " +
                (string.IsNullOrWhiteSpace(value) ? "not set" : $"'{value}', which does not exist") +
                ". Run ./test.sh, or first: eval \"$(eng/install-openclaw.sh)\" and export the variables it prints.");
        }

        return value;
    }
}
