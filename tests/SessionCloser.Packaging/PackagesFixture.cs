using System.Text.RegularExpressions;
using AwesomeAssertions;
using SessionCloser.Fixtures.RealOpenClaw;

[assembly: AssemblyFixture(typeof(SessionCloser.Packaging.PackagesFixture))]

namespace SessionCloser.Packaging;

/// <summary>
/// eng/pack.sh run once for every test here (into a temp dir, building in its own SC_ARTIFACTS), then its npm tarballs
/// installed with <c>npm install -g --prefix</c> and its dotnet tool with <c>dotnet tool install --tool-path</c>, as
/// docs/packaging.md tells users to.
/// </summary>
public sealed partial class PackagesFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("sc-packaging-").FullName;

    /// <summary>The one version, as Directory.Build.props says it (read here, not through MSBuild).</summary>
    public string Version { get; } = VersionPattern().Match(File.ReadAllText(Path.Join(Repository.Root, "Directory.Build.props"))).Groups[1].Value;

    public string Rid { get; } = "linux-x64";

    public string Packages => Path.Join(_root, "packages");

    public string NpmPrefix => Path.Join(_root, "npm");

    public string NpmBin => Path.Join(NpmPrefix, "bin");

    public string ToolDir => Path.Join(_root, "tool");

    /// <summary>Node 24's bin directory (the npm command needs a node; it holds no dotnet).</summary>
    public string NodeBin { get; } = Path.GetDirectoryName(OpenClawInstall.NodePath)!;

    public string PackLog { get; private set; } = "";

    public string Scratch(string name)
    {
        var path = Path.Join(_root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public async ValueTask InitializeAsync()
    {
        Version.Should().MatchRegex(@"^\d+\.\d+\.\d+", "Directory.Build.props holds the version");
        var artifacts = Environment.GetEnvironmentVariable("SC_ARTIFACTS") is { Length: > 0 } configured ? configured : Path.Join(Repository.Root, "artifacts");
        var pack = await Processes.Run(
            Path.Join(Repository.Root, "eng", "pack.sh"),
            ["--out", Packages],
            new Dictionary<string, string?>
            {
                // Its own build output: the other tests keep running the shared CLI build undisturbed.
                ["SC_ARTIFACTS"] = Path.Join(artifacts, "packaging-test"),
                ["SessionCloserNoSourcesStamp"] = "true",
                ["PATH"] = $"{NodeBin}:{Environment.GetEnvironmentVariable("PATH")}",
            },
            Processes.Slow,
            inherit: true);
        PackLog = Processes.Describe(pack);
        pack.ExitCode.Should().Be(0, PackLog);

        var npm = await Processes.Run(
            "npm",
            ["install", "-g", "--prefix", NpmPrefix, "--no-audit", "--no-fund", "--loglevel=error",
                Path.Join(Packages, $"session-closer-{Version}.tgz"), Path.Join(Packages, $"session-closer-{Rid}-{Version}.tgz")],
            new Dictionary<string, string?> { ["PATH"] = $"{NodeBin}:{Environment.GetEnvironmentVariable("PATH")}" },
            Processes.Quick,
            inherit: true);
        npm.ExitCode.Should().Be(0, Processes.Describe(npm));

        var tool = await Processes.Run(
            "dotnet",
            ["tool", "install", "--tool-path", ToolDir, "--add-source", Packages, "session-closer", "--version", Version],
            new Dictionary<string, string?>
            {
                // A package folder of its own: a cached session-closer of the same version from an earlier run would
                // otherwise be installed instead of the one just built.
                ["NUGET_PACKAGES"] = Path.Join(_root, "nuget-packages"),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            },
            Processes.Quick,
            inherit: true);
        tool.ExitCode.Should().Be(0, Processes.Describe(tool));
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionPattern();
}
