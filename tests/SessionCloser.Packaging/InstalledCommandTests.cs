using AwesomeAssertions;

namespace SessionCloser.Packaging;

/// <summary>The npm package and the dotnet tool, installed, run with a PATH that has no dotnet.</summary>
public sealed class InstalledCommandTests(PackagesFixture packages)
{
    [Fact]
    public void Pack_builds_every_package_of_this_platform_with_the_one_version()
    {
        var v = packages.Version;
        Directory.GetFileSystemEntries(packages.Packages).Select(Path.GetFileName).Should().BeEquivalentTo(
        [
            $"session-closer-{v}.tgz", $"session-closer-{packages.Rid}-{v}.tgz", $"session-closer.{v}.nupkg",
            $"session-closer.{packages.Rid}.{v}.nupkg", $"session-closer-skill-{v}.tar.gz", $"session-closer-skill-{v}",
        ], packages.PackLog);
    }

    [Fact]
    public async Task The_npm_package_runs_the_native_program_it_chose_for_this_platform()
    {
        var command = Path.Join(packages.NpmBin, "session-closer");
        File.Exists(command).Should().BeTrue("npm links the package's bin into <prefix>/bin");
        var program = Path.Join(packages.NpmPrefix, "lib", "node_modules", $"session-closer-{packages.Rid}", "bin", "session-closer");
        File.Exists(program).Should().BeTrue("the platform package carries the Native AOT program");
        File.Exists(Path.Join(Path.GetDirectoryName(program)!, "libe_sqlite3.so")).Should().BeTrue("SQLite's library sits beside the program");
        File.ReadAllText(Path.Join(packages.NpmPrefix, "lib", "node_modules", "session-closer", "package.json")).Should().NotContain("\"scripts\"", "no install script");

        var version = await Processes.Run(command, ["--version"], new Dictionary<string, string?> { ["PATH"] = Processes.PathWithoutDotnet(packages.NpmBin, packages.NodeBin) }, Processes.Quick);

        version.ExitCode.Should().Be(0, Processes.Describe(version));
        version.StandardOutput.Should().Be(packages.Version + "\n");
    }

    [Fact]
    public async Task The_npm_package_closes_a_session_of_a_generated_store_without_dotnet()
    {
        var store = new StoreToClose(packages.Scratch("npm-close"));

        var result = await Processes.Run(
            Path.Join(packages.NpmBin, "session-closer"), ["close", "--agent", "project-lead", store.ProjectId],
            store.Environment(Processes.PathWithoutDotnet(packages.NpmBin, packages.NodeBin)), Processes.Quick);

        store.ShouldBeClosedBy(result);
    }

    [Fact]
    public async Task The_dotnet_tool_is_the_native_program_and_says_the_one_version_without_dotnet()
    {
        var command = Path.Join(packages.ToolDir, "session-closer");
        var program = new FileInfo(command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? command;
        File.ReadAllBytes(program)[..4].Should().Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], "the tool is the Native AOT program, not a framework-dependent shim");
        File.Exists(Path.Join(Path.GetDirectoryName(program)!, "libe_sqlite3.so")).Should().BeTrue();

        var version = await Processes.Run(command, ["--version"], new Dictionary<string, string?> { ["PATH"] = Processes.PathWithoutDotnet(packages.ToolDir) }, Processes.Quick);

        version.ExitCode.Should().Be(0, Processes.Describe(version));
        version.StandardOutput.Should().Be(packages.Version + "\n");
    }

    [Fact]
    public async Task The_dotnet_tool_closes_a_session_of_a_generated_store_without_dotnet()
    {
        var store = new StoreToClose(packages.Scratch("tool-close"));

        var result = await Processes.Run(
            Path.Join(packages.ToolDir, "session-closer"), ["close", "--agent", "project-lead", store.ProjectId],
            store.Environment(Processes.PathWithoutDotnet(packages.ToolDir)), Processes.Quick);

        store.ShouldBeClosedBy(result);
    }
}
