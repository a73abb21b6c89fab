namespace SessionCloser.Fixtures;

/// <summary>Finds Node for parity tests. Missing Node is a failure, never a skip: parity is the point.</summary>
public static class NodeExecutable
{
    public const string EnvironmentVariable = "SESSION_CLOSER_NODE";

    public static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{EnvironmentVariable}={configured} does not exist.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"])
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"Node.js is required for the JSON.stringify parity tests: set {EnvironmentVariable} to a node executable or put `node` on PATH.");
    }
}
