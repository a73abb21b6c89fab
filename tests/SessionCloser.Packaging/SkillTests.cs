using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Fixtures;
using SessionCloser.Fixtures.RealOpenClaw;

namespace SessionCloser.Packaging;

/// <summary>
/// The skill archive as the real OpenClaw 2026.9.6 installs and gates it (<c>openclaw skills install</c>,
/// <c>skills info --json</c>) in a temp state, and its bin/ commands run from where OpenClaw put them.
/// </summary>
public sealed class SkillTests(PackagesFixture packages)
{
    private static readonly OpenClawInstall OpenClaw = OpenClawInstall.For(OpenClawInstall.EraC);

    private string Skill => $"session-closer-skill-{packages.Version}";

    [Fact]
    public async Task The_skill_archive_holds_SKILL_md_the_bin_commands_and_the_licence_only()
    {
        var listing = await Processes.Run("tar", ["-tzvf", Path.Join(packages.Packages, Skill + ".tar.gz")], new Dictionary<string, string?>(), Processes.Quick, inherit: true);

        listing.ExitCode.Should().Be(0, Processes.Describe(listing));
        var entries = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (Mode: line[..10], Name: line.Split(' ')[^1])).ToList();
        entries.Select(e => e.Name).Should().BeEquivalentTo(
        [
            $"{Skill}/", $"{Skill}/SKILL.md", $"{Skill}/LICENSE", $"{Skill}/bin/", $"{Skill}/bin/session-closer",
            $"{Skill}/bin/close-project", $"{Skill}/bin/close-project-batch", $"{Skill}/bin/keep-only-sessions",
        ]);
        entries.Where(e => e.Name.Contains("/bin/", StringComparison.Ordinal) && !e.Name.EndsWith('/')).Select(e => e.Mode).Should().AllBe("-rwxr-xr-x");
        File.ReadAllText(Path.Join(packages.Packages, Skill, "SKILL.md")).Should().Be(File.ReadAllText(Path.Join(Repository.Root, "SKILL.md")));
    }

    [Fact]
    public async Task OpenClaw_installs_the_skill_gates_it_on_session_closer_and_its_close_project_runs_without_dotnet()
    {
        var root = packages.Scratch("skill");
        await Processes.Run("tar", ["-xzf", Path.Join(packages.Packages, Skill + ".tar.gz"), "-C", root], new Dictionary<string, string?>(), Processes.Quick, inherit: true);
        var openclaw = new OpenClawState(Path.Join(root, "openclaw"));
        var bare = $"{packages.NodeBin}:/usr/bin:/bin";
        foreach (var dir in new[] { "/usr/bin", "/bin", "/usr/local/bin" })
        {
            File.Exists(Path.Join(dir, "session-closer")).Should().BeFalse($"{dir}/session-closer would make the not-ready check meaningless");
        }

        var install = await openclaw.Run(bare, "skills", "install", Path.Join(root, Skill));
        install.ExitCode.Should().Be(0, Processes.Describe(install));

        // Not findable: not ready, and the missing binary is named, with the npm installer OpenClaw can run.
        var missing = await openclaw.Info(bare);
        missing.GetProperty("eligible").GetBoolean().Should().BeFalse();
        Strings(missing.GetProperty("missing").GetProperty("bins")).Should().Equal("session-closer");
        Strings(missing.GetProperty("requirements").GetProperty("bins")).Should().Equal("session-closer");
        var installer = missing.GetProperty("install").EnumerateArray().Should().ContainSingle().Subject;
        installer.GetProperty("kind").GetString().Should().Be("node");
        Strings(installer.GetProperty("bins")).Should().Equal("session-closer");

        // The npm package's bin on PATH: ready.
        var ready = await openclaw.Info($"{packages.NpmBin}:{bare}");
        ready.GetProperty("eligible").GetBoolean().Should().BeTrue(ready.ToString());
        Strings(ready.GetProperty("missing").GetProperty("bins")).Should().BeEmpty();

        // The installed copy's commands, with no dotnet on PATH: a real close; without session-closer, what to install.
        var installed = ready.GetProperty("baseDir").GetString()!;
        installed.Should().StartWith(openclaw.StateDir, "installed into the temp state");
        File.Exists(Path.Join(installed, "src")).Should().BeFalse();
        var store = new StoreToClose(packages.Scratch("skill-close"));

        var absent = await Processes.Run(Path.Join(installed, "bin", "close-project"), [store.ProjectId], store.Environment(Processes.PathWithoutDotnet(packages.NodeBin)), Processes.Quick);
        absent.ExitCode.Should().Be(127, Processes.Describe(absent));
        absent.StandardError.Should().Contain("npm install -g session-closer");

        var closed = await Processes.Run(Path.Join(installed, "bin", "close-project"), [store.ProjectId], store.Environment(Processes.PathWithoutDotnet(packages.NpmBin, packages.NodeBin)), Processes.Quick);
        store.ShouldBeClosedBy(closed);
    }

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());

    /// <summary>A temp OpenClaw state and HOME, with a config whose gateway port nobody listens on.</summary>
    private sealed class OpenClawState
    {
        private readonly string _home;

        public OpenClawState(string root)
        {
            _home = Path.Join(root, "home");
            StateDir = Path.Join(root, "state");
            Directory.CreateDirectory(_home);
            Directory.CreateDirectory(StateDir);
            var config = SandboxConfig.Build(OpenClawInstall.EraC, Path.Join(root, "openclaw.log"), maintenance: null, gateway: (FreePort.Pick(), "packaging-test-token"), agents: ["main"]);
            File.WriteAllText(Path.Join(StateDir, "openclaw.json"), config.ToJsonString());
        }

        public string StateDir { get; }

        public Task<CliWrap.Buffered.BufferedCommandResult> Run(string path, params string[] arguments)
        {
            var env = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["PATH"] = path,
                ["HOME"] = _home,
                ["OPENCLAW_STATE_DIR"] = StateDir,
            };
            foreach (var (name, value) in OpenClawOffline.Switches)
            {
                env[name] = value;
            }

            return Processes.Run(OpenClaw.Node, [OpenClaw.OpenClawMjs, .. arguments], env, Processes.Quick, workingDirectory: _home);
        }

        public async Task<JsonElement> Info(string path)
        {
            var result = await Run(path, "skills", "info", "session-closer", "--json");
            result.ExitCode.Should().Be(0, Processes.Describe(result));
            using var json = JsonDocument.Parse(result.StandardOutput);
            return json.RootElement.Clone();
        }
    }
}
