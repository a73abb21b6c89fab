using SessionCloser.Config;

namespace SessionCloser.Operations;

/// <summary>Everything an operation reads from outside its options: the process's environment and the clock.</summary>
/// <param name="Environment">Environment variables, home and working directory, as OpenClaw's path resolution reads them.</param>
/// <param name="Clock">Now, for backups, archive names and ages.</param>
public sealed record OperationContext(OpenClawEnvironment Environment, TimeProvider Clock)
{
    /// <summary>The command line as given (without the program name), kept in the operation log of every mutating run.</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];
}
