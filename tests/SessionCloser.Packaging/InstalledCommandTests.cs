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
    public async Task The_npm_command_without_its_platform_package_exits_127_naming_it()
    {
        var alone = Path.Join(packages.Scratch("npm-alone"), "node_modules", "session-closer");
        var installed = Path.Join(packages.NpmPrefix, "lib", "node_modules", "session-closer");
        foreach (var file in Directory.GetFiles(installed, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Join(alone, Path.GetRelativePath(installed, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var result = await Processes.Run(
            Path.Join(packages.NodeBin, "node"), [Path.Join(alone, "bin", "session-closer.js"), "--version"],
            new Dictionary<string, string?> { ["PATH"] = Processes.PathWithoutDotnet(packages.NodeBin) }, Processes.Quick);

        result.ExitCode.Should().Be(127, Processes.Describe(result));
        result.StandardOutput.Should().BeEmpty();
        result.StandardError.Should().Contain($"the package session-closer-{packages.Rid}").And.Contain("npm install -g session-closer");
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

    [Theory]
    [InlineData("npm")]
    [InlineData("dotnet tool")]
    public async Task Each_installed_command_closes_a_session_of_a_generated_store_without_dotnet(string package)
    {
        var (command, path) = package == "npm"
            ? (Path.Join(packages.NpmBin, "session-closer"), Processes.PathWithoutDotnet(packages.NpmBin, packages.NodeBin))
            : (Path.Join(packages.ToolDir, "session-closer"), Processes.PathWithoutDotnet(packages.ToolDir));
        var store = new StoreToClose(packages.Scratch("close"));

        var result = await Processes.Run(command, ["close", "--agent", "project-lead", store.ProjectId], store.Environment(path), Processes.Quick);

        store.ShouldBeClosedBy(result);
    }
}
