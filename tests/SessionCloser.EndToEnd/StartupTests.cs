using AwesomeAssertions;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures.RealOpenClaw;

namespace SessionCloser.EndToEnd;

/// <summary>
/// The Native AOT program answers <c>--version</c> alone from its C entry point, before the .NET runtime starts
/// (Native/main.c); every other command line starts the runtime as before.
/// </summary>
public sealed class StartupTests
{
    // 30 MB of address space: the program and libc load, the runtime cannot reserve its GC heap and exits 255.
    private const string Limited = "ulimit -v 30000 && exec \"$0\" \"$@\"";

    [Fact]
    public async Task Version_alone_is_answered_without_starting_the_runtime()
    {
        var warm = await Repo.RunAsync("session-closer", ["--version"]);
        warm.ExitCode.Should().Be(0, Repo.Describe(warm));
        warm.StandardOutput.Should().MatchRegex(@"^\d+\.\d+\.\d+(\+[0-9a-f]+)?\n$");
        var exe = Path.Join(Repository.CliBuildDir, "session-closer");
        if (File.ReadAllText(Path.Join(Repository.CliBuildDir, "build-kind")).Trim() != "native")
        {
            Assert.Skip("the CLI build is framework-dependent (no native toolchain): it has no C entry point");
        }

        var version = await RunLimited("--version");
        var parsed = await RunLimited("--version", "list");

        version.ExitCode.Should().Be(0, Repo.Describe(version));
        version.StandardOutput.Should().Be(warm.StandardOutput);
        version.StandardError.Should().BeEmpty();
        parsed.ExitCode.Should().NotBe(0, "the limit does keep the runtime from starting: " + Repo.Describe(parsed));

        async Task<BufferedCommandResult> RunLimited(params string[] args) => await Cli.Wrap("sh")
            .WithArguments(["-c", Limited, exe, .. args])
            .WithEnvironmentVariables(Repo.Environment())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
    }
}
