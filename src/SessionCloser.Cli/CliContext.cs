using SessionCloser.Paths;

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
    public static CliContext FromProcess(OpenClawEnvironment environment) => new(
        Console.Out,
        Console.Error,
        environment,
        TimeProvider.System,
        IsOutputTerminal: !Console.IsOutputRedirected,
        IsInputTerminal: !Console.IsInputRedirected,
        Console.In);
}
