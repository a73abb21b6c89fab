using System.Reflection;

namespace SessionCloser.Conformance.Infrastructure;

public static class Repository
{
    /// <summary>The checkout this test project was built from.</summary>
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Launcher => Path.Combine(Root, "bin", "session-closer");

    /// <summary>Where bin/session-closer builds the CLI for these tests (apart from anyone else's build).</summary>
    public static string CliBuildDir
    {
        get
        {
            var artifacts = Environment.GetEnvironmentVariable("SC_ARTIFACTS");
            return Path.Combine(string.IsNullOrEmpty(artifacts) ? Path.Combine(Root, "artifacts") : artifacts, "conformance-cli");
        }
    }
}
