using SessionCloser.Config;

namespace SessionCloser.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>
/// Runs <see cref="CliApplication.Run"/> in this process, as CliFx tests its commands: output into strings, no
/// terminal (so keep-only never asks), and an environment that sees neither the developer's OpenClaw state nor a
/// gateway (a loopback port nobody listens on).
/// </summary>
internal static class CliRun
{
    public const string NoGatewayUrl = "ws://127.0.0.1:9";

    /// <param name="home">HOME and the working directory: a test's own temp dir.</param>
    /// <param name="args">The command line, without the program name.</param>
    public static CliResult Run(string home, params string[] args) => Run(home, signals: [], args);

    /// <param name="home">HOME and the working directory.</param>
    /// <param name="signals">Signals raised (in order) before the command starts, as the process's handler would.</param>
    /// <param name="args">The command line.</param>
    public static CliResult Run(string home, IReadOnlyList<System.Runtime.InteropServices.PosixSignal> signals, params string[] args) =>
        Run(home, signals, adjust: c => c, args);

    /// <param name="home">HOME and the working directory.</param>
    /// <param name="adjust">Changes to the context (a terminal on stderr, another clock).</param>
    /// <param name="args">The command line.</param>
    public static CliResult Run(string home, Func<CliContext, CliContext> adjust, params string[] args) => Run(home, signals: [], adjust, args);

    private static CliResult Run(string home, IReadOnlyList<System.Runtime.InteropServices.PosixSignal> signals, Func<CliContext, CliContext> adjust, string[] args)
    {
        var environment = new OpenClawEnvironment(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = home,
                ["OPENCLAW_GATEWAY_URL"] = NoGatewayUrl,
            },
            osHomeDirectory: home,
            currentDirectory: home);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(output, error, environment, new FixedClock(), IsOutputTerminal: false, IsInputTerminal: false, new StringReader(""));
        using var interruption = Interruption.Detached(error);
        foreach (var signal in signals)
        {
            interruption.Raise(signal);
        }

        var exitCode = CliApplication.Run(args, adjust(context with { Interruption = interruption }));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
