using System.Reflection;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>The checkout the tests were built from, and how to run its bin/ commands.</summary>
public static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Launcher => Bin("session-closer");

    /// <summary>A command of bin/, e.g. <c>close-project-batch</c>.</summary>
    public static string Bin(string command) => Path.Combine(Root, "bin", command);

    /// <summary>
    /// Where bin/session-closer builds the CLI for every test that runs bin/ (so a run builds it once): the
    /// SESSION_CLOSER_BUILD_DIR test.sh built it in, else the launcher's own default, or apart from anyone else's build
    /// when SC_ARTIFACTS isolates a developer.
    /// </summary>
    public static string CliBuildDir
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("SESSION_CLOSER_BUILD_DIR");
            var artifacts = Environment.GetEnvironmentVariable("SC_ARTIFACTS");
            return !string.IsNullOrEmpty(configured) ? configured
                : string.IsNullOrEmpty(artifacts) ? Path.Combine(Root, ".build", "cli")
                : Path.Combine(artifacts, "test-cli");
        }
    }

    /// <summary>Environment for running bin/ inside a sandbox: the sandbox HOME must not hide the real NuGet cache.</summary>
    public static Dictionary<string, string?> LauncherEnvironment() => new()
    {
        ["SESSION_CLOSER_BUILD_DIR"] = CliBuildDir,
        ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        ["DOTNET_CLI_HOME"] = Environment.GetEnvironmentVariable("DOTNET_CLI_HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
    };
}
