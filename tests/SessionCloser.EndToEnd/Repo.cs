using System.Text;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures.RealOpenClaw;

namespace SessionCloser.EndToEnd;

/// <summary>Runs the repository's bin/ commands exactly as a user would, with a controlled environment.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    public const string NoGatewayUrl = "ws://127.0.0.1:9";

    public static Task<BufferedCommandResult> RunAsync(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        RunProgramAsync(Path.Join(Root, "bin", command), arguments, environment);

    /// <summary>Runs any program (e.g. <c>unshare</c> wrapping a bin/ command) with the environment of <see cref="RunAsync"/>.</summary>
    public static async Task<BufferedCommandResult> RunProgramAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        return await Cli.Wrap(program)
            .WithArguments(arguments)
            .WithEnvironmentVariables(Environment(environment))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, TestContext.Current.CancellationToken);
    }

    /// <summary>The environment every bin/ run gets: the shared CLI build, and no OpenClaw state or gateway of the developer's.</summary>
    public static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? environment = null)
    {
        // The CLI build every test that runs bin/ shares (the one test.sh made), so it is built once.
        var env = new Dictionary<string, string?>(Repository.LauncherEnvironment(), StringComparer.Ordinal)
        {
            // Never let a test see the developer's own OpenClaw state.
            ["OPENCLAW_STATE_DIR"] = null,
            ["OPENCLAW_HOME"] = null,
            ["OPENCLAW_CONFIG_PATH"] = null,
            ["OPENCLAW_PROFILE"] = null,

            // Nor the developer's own gateway: a loopback port nobody listens on (discard), so routing always finds none.
            ["OPENCLAW_GATEWAY_URL"] = NoGatewayUrl,
            ["OPENCLAW_GATEWAY_PORT"] = null,
            ["OPENCLAW_GATEWAY_TOKEN"] = null,
            ["OPENCLAW_GATEWAY_PASSWORD"] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        return env;
    }

    public static string Describe(BufferedCommandResult result) => $"exit {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";

    private static string FindRoot() =>
        typeof(Repo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
}
