using SessionCloser.Config;

namespace SessionCloser.Cli;

/// <summary>Everything a command touches outside its arguments, so tests can run the CLI in-process.</summary>
internal sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    OpenClawEnvironment Environment,
    TimeProvider Clock,
    bool IsOutputTerminal,
    bool IsInputTerminal,
    TextReader Input)
{
    /// <summary>The signals that stop a run at its next safe point; in-process tests raise them by hand.</summary>
    public Interruption Interruption { get; init; } = Interruption.Detached(Error);

    /// <summary>stderr is a terminal: a long run shows a live progress line there (never on a pipe).</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>Where a question's answer is read from; null for the real keyboard (in-process tests type their answers here).</summary>
    public Spectre.Console.IAnsiConsoleInput? Keyboard { get; init; }

    /// <summary>The arguments the CLI was started with (set by <see cref="CliApplication.Run"/>), for the operation log.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>What every operation reads from outside its options.</summary>
    public Operations.OperationContext Operation => new(Environment, Clock) { CommandLine = CommandLine };

    public static CliContext FromProcess(OpenClawEnvironment environment)
    {
        // Piped output (scripts, agents, 'list --json' of a big store) goes out in 64 KB writes, not 256-byte ones;
        // on a terminal every write shows at once, as prompts need. stderr flushes it first, so 2>&1 keeps the order.
        var output = Console.IsOutputRedirected
            ? new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false }
            : Console.Out;
        return new CliContext(
            output,
            Console.IsOutputRedirected ? new Output.StdoutFirstWriter(Console.Error, output) : Console.Error,
            environment,
            TimeProvider.System,
            IsOutputTerminal: !Console.IsOutputRedirected,
            IsInputTerminal: !Console.IsInputRedirected,
            Console.In)
        {
            IsErrorTerminal = !Console.IsErrorRedirected,
        };
    }
}
