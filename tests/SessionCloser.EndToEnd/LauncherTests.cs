using System.Text;
using AwesomeAssertions;
using CliWrap;
using CliWrap.Buffered;

namespace SessionCloser.EndToEnd;

/// <summary>
/// bin/session-closer's decisions (docs/cli.md, "The launcher"): when it builds, when it only runs the build, what
/// SESSION_CLOSER_REQUIRE_NATIVE and build.failed do, and that the other bin/ commands hand their arguments over word
/// for word. The repository's own bin/ scripts run in a copy of the checkout's layout; the toolchain is a stand-in
/// <c>dotnet</c> on PATH that records each publish and writes a CLI that prints its arguments, because these tests are
/// about whether and how the launcher builds, not the build itself (every other end-to-end test runs the real one).
/// File times are set, never waited for.
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private static readonly DateTime Built = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly string _root = Directory.CreateTempSubdirectory("sc-launcher-").FullName;

    public LauncherTests()
    {
        Directory.CreateDirectory(Path.Join(Checkout, "bin"));
        foreach (var script in Directory.GetFiles(Path.Join(Repo.Root, "bin")))
        {
            var copy = Path.Join(Checkout, "bin", Path.GetFileName(script));
            File.Copy(script, copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(script));
        }

        Directory.CreateDirectory(Path.Join(Checkout, "src", "SessionCloser.Cli"));
        File.WriteAllText(Source, "class Program { }\n");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.WriteAllText(Path.Join(Checkout, file), file == "global.json" ? "{}\n" : "<Project />\n");
        }

        Directory.CreateDirectory(Path.Join(Checkout, ".git"));
        File.WriteAllText(Path.Join(Checkout, ".git", "index"), "");
        Directory.CreateDirectory(Path.Join(_root, "tools"));
        File.WriteAllText(Path.Join(_root, "tools", "dotnet"), FakeDotnet);
        File.SetUnixFileMode(Path.Join(_root, "tools", "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AgeEverything(Built.AddHours(-1));
    }

    /// <summary>
    /// Records every call (one line of arguments) in $FAKE_DOTNET_LOG; fails a Native AOT publish when
    /// $FAKE_DOTNET_NO_NATIVE is set; otherwise writes, into the -o directory, a CLI that prints which build it is
    /// (native or framework-dependent, and the number of the call) and then each argument on a line of its own.
    /// </summary>
    private const string FakeDotnet = """
        #!/bin/sh
        echo "$*" >>"$FAKE_DOTNET_LOG"
        calls=$(wc -l <"$FAKE_DOTNET_LOG" | tr -d ' ')
        out= kind=framework-dependent
        while [ $# -gt 0 ]; do
          case $1 in
            -o) out=$2; shift ;;
            -p:PublishAot=true) kind=native ;;
          esac
          shift
        done
        if [ "$kind" = native ] && [ -n "${FAKE_DOTNET_NO_NATIVE:-}" ]; then
          echo "error: no native toolchain (stand-in)"
          exit 1
        fi
        [ -z "${FAKE_DOTNET_SLOW:-}" ] || sleep 1
        mkdir -p "$out"
        printf '#!/bin/sh\necho "%s build %s"\nfor a in "$@"; do echo "[$a]"; done\n' "$kind" "$calls" >"$out/session-closer.tmp"
        chmod +x "$out/session-closer.tmp"
        mv "$out/session-closer.tmp" "$out/session-closer"
        echo "published $kind"

        """;

    private string Checkout => Path.Join(_root, "checkout");

    private string Source => Path.Join(Checkout, "src", "SessionCloser.Cli", "Program.cs");

    private string BuildDir => Path.Join(Checkout, ".build", "cli");

    private string Exe => Path.Join(BuildDir, "session-closer");

    private string DotnetLog => Path.Join(_root, "dotnet.log");

    private string[] Publishes => File.Exists(DotnetLog) ? File.ReadAllLines(DotnetLog) : [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_fresh_checkout_builds_native_once_and_later_calls_only_run_the_build()
    {
        var first = await Run("session-closer", "--version");

        first.ExitCode.Should().Be(0, Describe(first));
        first.StandardOutput.Should().Be("native build 1\n[--version]\n");
        first.StandardError.Should().Contain("building the CLI");
        Publishes.Should().ContainSingle().Which.Should().StartWith($"publish {Checkout}/src/SessionCloser.Cli -c Release -r ").And.Contain("-p:PublishAot=true").And.NotContain("-warnaserror");
        File.ReadAllText(Path.Join(BuildDir, "build-kind")).Should().Be("native\n");

        var second = await Run("session-closer", "list", "--json");

        second.StandardOutput.Should().Be("native build 1\n[list]\n[--json]\n");
        second.StandardError.Should().BeEmpty();
        Publishes.Should().ContainSingle();
    }

    [Fact]
    public async Task An_edited_source_alone_does_not_rebuild_but_the_next_compile_of_src_does()
    {
        await BuildOnce();
        File.SetLastWriteTimeUtc(Source, Built.AddMinutes(5));

        (await Run("session-closer")).StandardOutput.Should().StartWith("native build 1\n", "the fast path does not scan the sources");

        TouchStamp(Built.AddMinutes(6)); // what src/Directory.Build.targets does when a project under src/ compiles
        var rebuilt = await Run("session-closer", "x");

        rebuilt.StandardOutput.Should().Be("native build 2\n[x]\n");
        (await Run("session-closer")).StandardOutput.Should().StartWith("native build 2\n");
        Publishes.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_compile_that_changed_no_source_of_the_build_only_marks_it_checked()
    {
        await BuildOnce();
        TouchStamp(Built.AddMinutes(5)); // a compile, but every source is older than the build

        (await Run("session-closer")).StandardOutput.Should().StartWith("native build 1\n");

        Publishes.Should().ContainSingle();
        File.GetLastWriteTimeUtc(Exe).Should().BeOnOrAfter(Built.AddMinutes(5), "the next calls take the fast path again");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_git_operation_that_changed_a_source_rebuilds(bool worktree)
    {
        var index = Path.Join(Checkout, ".git", "index");
        if (worktree)
        {
            // A worktree's .git is a file naming its git directory, where its index lives.
            var gitDir = Path.Join(_root, "main-git", "worktrees", "checkout");
            Directory.CreateDirectory(gitDir);
            Directory.Delete(Path.Join(Checkout, ".git"), recursive: true);
            File.WriteAllText(Path.Join(Checkout, ".git"), $"gitdir: {gitDir}\n");
            index = Path.Join(gitDir, "index");
            File.WriteAllText(index, "");
            File.SetLastWriteTimeUtc(index, Built.AddHours(-1));
        }

        await BuildOnce();

        // git pull: the source and then the index are rewritten.
        File.SetLastWriteTimeUtc(Source, Built.AddMinutes(5));
        File.SetLastWriteTimeUtc(index, Built.AddMinutes(5));
        (await Run("session-closer")).StandardOutput.Should().StartWith("native build 2\n");

        // git status, commit: the index changes, no source does.
        File.SetLastWriteTimeUtc(index, DateTime.UtcNow.AddMinutes(1));
        (await Run("session-closer")).StandardOutput.Should().StartWith("native build 2\n");
        Publishes.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_deleted_build_is_rebuilt()
    {
        await BuildOnce();
        File.Delete(Exe);

        (await Run("session-closer")).StandardOutput.Should().StartWith("native build 2\n");
    }

    [Fact]
    public async Task Session_closer_build_dir_is_where_the_build_goes_and_what_runs()
    {
        var elsewhere = Path.Join(_root, "elsewhere");
        var env = new Dictionary<string, string?> { ["SESSION_CLOSER_BUILD_DIR"] = elsewhere };

        (await Run(env, "session-closer", "a")).StandardOutput.Should().Be("native build 1\n[a]\n");

        File.Exists(Path.Join(elsewhere, "session-closer")).Should().BeTrue();
        File.Exists(Exe).Should().BeFalse();
        Publishes.Should().ContainSingle().Which.Should().Contain($"-o {elsewhere}");
    }

    [Fact]
    public async Task Without_a_native_toolchain_it_falls_back_to_a_framework_dependent_build()
    {
        var env = new Dictionary<string, string?> { ["FAKE_DOTNET_NO_NATIVE"] = "1" };

        var result = await Run(env, "session-closer", "a");

        result.ExitCode.Should().Be(0, Describe(result));
        result.StandardOutput.Should().Be("framework-dependent build 2\n[a]\n");
        result.StandardError.Should().Contain("building a framework-dependent CLI instead");
        Publishes.Should().HaveCount(2);
        Publishes[1].Should().Contain("--self-contained false -p:PublishAot=false");
        File.ReadAllText(Path.Join(BuildDir, "build-kind")).Should().Be("framework-dependent\n");

        (await Run("session-closer")).StandardOutput.Should().StartWith("framework-dependent build 2\n", "without REQUIRE_NATIVE that build is fine");
        Publishes.Should().HaveCount(2);
    }

    [Fact]
    public async Task Require_native_rebuilds_a_framework_dependent_build_natively_and_without_warnings()
    {
        await Run(new Dictionary<string, string?> { ["FAKE_DOTNET_NO_NATIVE"] = "1" }, "session-closer");
        var native = new Dictionary<string, string?> { ["SESSION_CLOSER_REQUIRE_NATIVE"] = "1" };

        var result = await Run(native, "session-closer", "a");

        result.StandardOutput.Should().Be("native build 3\n[a]\n");
        Publishes[2].Should().Contain("-p:PublishAot=true -warnaserror");
        (await Run(native, "session-closer")).StandardOutput.Should().StartWith("native build 3\n");
        Publishes.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_failed_required_native_build_fails_every_call_at_once_until_a_source_changes()
    {
        var failing = new Dictionary<string, string?> { ["SESSION_CLOSER_REQUIRE_NATIVE"] = "1", ["FAKE_DOTNET_NO_NATIVE"] = "1" };

        var first = await Run(failing, "session-closer");

        first.ExitCode.Should().Be(70);
        first.StandardError.Should().Contain("no native toolchain (stand-in)").And.Contain("SESSION_CLOSER_REQUIRE_NATIVE=1 allows no fallback");
        File.Exists(Path.Join(BuildDir, "build.failed")).Should().BeTrue();
        Publishes.Should().ContainSingle();

        var second = await Run(failing, "session-closer");

        second.ExitCode.Should().Be(70);
        second.StandardError.Should().Contain("no source changed since");
        Publishes.Should().ContainSingle("one failed build is enough");

        // A source changes and src/ compiles: the next call tries again (and here the toolchain works).
        File.SetLastWriteTimeUtc(Source, DateTime.UtcNow.AddMinutes(1));
        TouchStamp(DateTime.UtcNow.AddMinutes(1));
        var third = await Run(new Dictionary<string, string?> { ["SESSION_CLOSER_REQUIRE_NATIVE"] = "1" }, "session-closer");

        third.ExitCode.Should().Be(0, Describe(third));
        third.StandardOutput.Should().StartWith("native build 2\n");
        File.Exists(Path.Join(BuildDir, "build.failed")).Should().BeFalse();
    }

    [Fact]
    public async Task Concurrent_first_calls_build_once()
    {
        var env = new Dictionary<string, string?> { ["FAKE_DOTNET_SLOW"] = "1" };

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Run(env, "session-closer", $"call{i}")));

        results.Select(r => r.ExitCode).Should().AllBeEquivalentTo(0);
        results.Select(r => r.StandardOutput).Should().BeEquivalentTo(Enumerable.Range(0, 6).Select(i => $"native build 1\n[call{i}]\n"));
        Publishes.Should().ContainSingle();
    }

    public static TheoryData<string, string[], string[]> Entries => new()
    {
        { "close-project", ["acme", "b c", "", "*", "$HOME"], ["close", "--agent", "project-lead", "acme", "b c", "", "*", "$HOME"] },
        { "close-project", ["--agent", "x", "acme"], ["close", "--agent", "x", "acme"] },
        { "close-project", ["acme", "--agent=x"], ["close", "acme", "--agent=x"] },
        { "close-project", ["--agent:x", "acme"], ["close", "--agent:x", "acme"] },
        { "close-project", ["--all-agents", "--kind", "cron-run"], ["close", "--all-agents", "--kind", "cron-run"] },
        { "close-project", ["--", "--agent"], ["close", "--agent", "project-lead", "--", "--agent"] },
        { "close-project", ["--agents", "x"], ["close", "--agent", "project-lead", "--agents", "x"] },
        { "close-project", [], ["close", "--agent", "project-lead"] },
        { "close-project-batch", ["a", "b"], ["close", "--agent", "project-lead", "a", "b"] },
        { "close-project-batch", ["--all-agents", "a"], ["close", "--all-agents", "a"] },
        { "close-project-batch", ["a", "--", "--all-agents"], ["close", "--agent", "project-lead", "a", "--", "--all-agents"] },
        { "keep-only-sessions", ["a", "b"], ["keep-only", "--agent", "project-lead", "a", "b"] },
        { "keep-only-sessions", ["--agent=main", "a"], ["keep-only", "--agent=main", "a"] },
        { "keep-only-sessions", ["--all-agents", "a"], ["keep-only", "--agent", "project-lead", "--all-agents", "a"] },
        { "session-closer", ["close", "--agent", "project-lead", "a b"], ["close", "--agent", "project-lead", "a b"] },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task Each_bin_command_hands_its_arguments_to_the_cli_word_for_word(string command, string[] args, string[] expected)
    {
        await BuildOnce();

        var result = await Run(command, args);

        result.ExitCode.Should().Be(0, Describe(result));
        result.StandardOutput.Should().Be("native build 1\n" + string.Concat(expected.Select(a => $"[{a}]\n")));
    }

    [Theory]
    [InlineData("session-closer")]
    [InlineData("close-project")]
    public async Task A_bin_command_reached_through_a_symbolic_link_finds_its_checkout(string command)
    {
        await BuildOnce();
        var link = Path.Join(_root, "tools", command);
        File.CreateSymbolicLink(link, Path.Join(Checkout, "bin", command));

        var result = await RunProgram(link, ["a"], new Dictionary<string, string?>());

        result.ExitCode.Should().Be(0, Describe(result));
        result.StandardOutput.Should().StartWith("native build 1\n").And.EndWith("[a]\n");
        Publishes.Should().ContainSingle();
    }

    [Theory]
    [InlineData("close-project", new[] { "acme" }, new[] { "close", "--agent", "project-lead", "acme" })]
    [InlineData("keep-only-sessions", new[] { "--agent=main", "a b" }, new[] { "keep-only", "--agent=main", "a b" })]
    [InlineData("session-closer", new[] { "--version" }, new[] { "--version" })]
    public async Task An_installed_skill_runs_the_program_on_PATH_word_for_word_and_never_builds(string command, string[] args, string[] expected)
    {
        var skill = InstalledSkill();
        var programs = Program("installed", "on PATH");

        var result = await RunProgram(Path.Join(skill, "bin", command), args, SkillEnvironment(programs));

        result.ExitCode.Should().Be(0, Describe(result));
        result.StandardOutput.Should().Be("on PATH\n" + string.Concat(expected.Select(a => $"[{a}]\n")));
        result.StandardError.Should().BeEmpty();
        Publishes.Should().BeEmpty("an installed skill has no sources to build");
    }

    [Fact]
    public async Task An_installed_skill_prefers_the_program_placed_beside_its_commands()
    {
        var skill = InstalledSkill();
        var native = Path.Join(skill, "bin", "native");
        Directory.CreateDirectory(native);
        WriteProgram(Path.Join(native, "session-closer"), "beside");

        var result = await RunProgram(Path.Join(skill, "bin", "close-project"), ["a"], SkillEnvironment(Program("installed", "on PATH")));

        result.StandardOutput.Should().Be("beside\n[close]\n[--agent]\n[project-lead]\n[a]\n", Describe(result));
    }

    [Fact]
    public async Task An_installed_skill_passes_over_launchers_on_PATH_its_own_and_another_copys()
    {
        var skill = InstalledSkill();
        var other = InstalledSkill("other-skill");
        var program = Program("installed", "the program");
        var env = SkillEnvironment(program);
        env["PATH"] = $"{Path.Join(skill, "bin")}:{Path.Join(other, "bin")}:{env["PATH"]}";

        var result = await RunProgram(Path.Join(skill, "bin", "close-project-batch"), ["a"], env);

        result.ExitCode.Should().Be(0, Describe(result));
        result.StandardOutput.Should().Be("the program\n[close]\n[--agent]\n[project-lead]\n[a]\n");
    }

    [Fact]
    public async Task An_installed_skill_without_the_program_exits_127_naming_what_to_install()
    {
        var skill = InstalledSkill();
        var env = SkillEnvironment(Path.Join(_root, "empty"));
        env["PATH"] = $"{Path.Join(skill, "bin")}:{env["PATH"]}";

        var result = await RunProgram(Path.Join(skill, "bin", "close-project"), ["acme"], env);

        result.ExitCode.Should().Be(127, Describe(result));
        result.StandardOutput.Should().BeEmpty();
        result.StandardError.Should().Contain("the session-closer program is not installed")
            .And.Contain("npm install -g session-closer").And.Contain("dotnet tool install -g session-closer");
        Publishes.Should().BeEmpty();
    }

    [Fact]
    public async Task A_source_checkout_without_dotnet_exits_127_saying_what_to_install_instead()
    {
        // The tools the launcher's slow path uses, and no dotnet among them.
        var tools = Path.Join(_root, "no-dotnet");
        Directory.CreateDirectory(tools);
        foreach (var tool in new[] { "flock", "find", "mkdir", "touch", "cat", "tail", "uname", "dirname", "readlink" })
        {
            File.CreateSymbolicLink(Path.Join(tools, tool), Path.Join("/usr/bin", tool));
        }

        var result = await RunProgram(Path.Join(Checkout, "bin", "close-project"), ["acme"], new Dictionary<string, string?> { ["PATH"] = tools });

        result.ExitCode.Should().Be(127, Describe(result));
        result.StandardError.Should().Contain("needs the .NET 10 SDK, but dotnet is not on PATH").And.Contain("npm install -g session-closer");
        File.Exists(Exe).Should().BeFalse();
    }

    /// <summary>What eng/pack.sh ships as the skill: bin/ and SKILL.md, no src/.</summary>
    private string InstalledSkill(string name = "skill")
    {
        var skill = Path.Join(_root, name);
        Directory.CreateDirectory(Path.Join(skill, "bin"));
        foreach (var script in Directory.GetFiles(Path.Join(Checkout, "bin")))
        {
            var copy = Path.Join(skill, "bin", Path.GetFileName(script));
            File.Copy(script, copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(script));
        }

        File.WriteAllText(Path.Join(skill, "SKILL.md"), "---\nname: session-closer\n---\n");
        return skill;
    }

    /// <summary>A directory holding a stand-in session-closer program that prints <paramref name="banner"/>, then its arguments.</summary>
    private string Program(string directory, string banner)
    {
        var dir = Path.Join(_root, directory);
        Directory.CreateDirectory(dir);
        WriteProgram(Path.Join(dir, "session-closer"), banner);
        return dir;
    }

    private static void WriteProgram(string path, string banner)
    {
        File.WriteAllText(path, $"#!/bin/sh\necho \"{banner}\"\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>PATH: the given directory, the stand-in dotnet (which must not be called) and the system's tools.</summary>
    private Dictionary<string, string?> SkillEnvironment(string programs) => new(StringComparer.Ordinal)
    {
        ["PATH"] = $"{programs}:{Path.Join(_root, "tools")}:/usr/bin:/bin",
    };

    [Fact]
    public async Task A_compile_under_src_touches_the_stamp_and_a_build_that_compiles_nothing_does_not()
    {
        // The real src/Directory.Build.targets and the real dotnet, on a one-file project in a checkout of its own.
        var repo = Path.Join(_root, "stamped");
        var project = Path.Join(repo, "src", "Tiny");
        Directory.CreateDirectory(project);
        File.Copy(Path.Join(Repo.Root, "src", "Directory.Build.targets"), Path.Join(repo, "src", "Directory.Build.targets"));
        File.WriteAllText(Path.Join(project, "Tiny.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        var program = Path.Join(project, "Program.cs");
        File.WriteAllText(program, "internal static class Program { private static void Main() { } }\n");
        var stamp = Path.Join(repo, ".build", "sources.stamp");

        await DotnetBuild(project);
        File.Exists(stamp).Should().BeTrue("the first build compiles");

        var compiled = File.GetLastWriteTimeUtc(stamp);
        await DotnetBuild(project);
        File.GetLastWriteTimeUtc(stamp).Should().Be(compiled, "nothing changed, nothing compiled");

        File.WriteAllText(program, "internal static class Program { private static void Main() { _ = 1; } }\n");
        await DotnetBuild(project);
        File.GetLastWriteTimeUtc(stamp).Should().BeAfter(compiled, "an edited source compiles");
    }

    private static async Task DotnetBuild(string project)
    {
        var result = await Cli.Wrap("dotnet")
            .WithArguments(["build", project, "-c", "Release", "-v", "q", "--nologo"])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, TestContext.Current.CancellationToken);
        result.ExitCode.Should().Be(0, Repo.Describe(result));
    }

    private async Task BuildOnce()
    {
        (await Run("session-closer")).StandardOutput.Should().StartWith("native build 1\n");
        File.SetLastWriteTimeUtc(Exe, Built);
    }

    private void TouchStamp(DateTime time)
    {
        var stamp = Path.Join(Checkout, ".build", "sources.stamp");
        File.WriteAllText(stamp, "");
        File.SetLastWriteTimeUtc(stamp, time);
    }

    private void AgeEverything(DateTime time)
    {
        foreach (var file in Directory.GetFiles(Checkout, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, time);
        }
    }

    private Task<BufferedCommandResult> Run(string command, params string[] args) => Run(new Dictionary<string, string?>(), command, args);

    private Task<BufferedCommandResult> Run(IReadOnlyDictionary<string, string?> env, string command, params string[] args) =>
        RunProgram(Path.Join(Checkout, "bin", command), args, env);

    private async Task<BufferedCommandResult> RunProgram(string program, string[] args, IReadOnlyDictionary<string, string?> env)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = $"{Path.Join(_root, "tools")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["FAKE_DOTNET_LOG"] = DotnetLog,
            ["SESSION_CLOSER_BUILD_DIR"] = null,
            ["SESSION_CLOSER_REQUIRE_NATIVE"] = null,
        };
        foreach (var (name, value) in env)
        {
            variables[name] = value;
        }

        return await Cli.Wrap(program)
            .WithArguments(args)
            .WithEnvironmentVariables(variables)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, TestContext.Current.CancellationToken);
    }

    private static string Describe(BufferedCommandResult result) => Repo.Describe(result);
}
