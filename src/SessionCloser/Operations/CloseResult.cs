using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Errors;

namespace SessionCloser.Operations;

/// <summary>What a <c>close</c> or <c>keep-only</c> run did, who did it, and the exit code it ends with.</summary>
/// <param name="Report">Every session's outcome.</param>
/// <param name="Route">Who closed, and why.</param>
/// <param name="Restart">The gateway restart, when one was asked for and anything changed.</param>
public sealed record CloseResult(CloseReport Report, RouteSummary Route, GatewayRestartResult? Restart)
{
    /// <summary>The report's code; a failed restart after an otherwise clean run is a store error.</summary>
    public ExitCode ExitCode => Restart is { Succeeded: false } && Report.ExitCode == ExitCode.Success ? ExitCode.StoreError : Report.ExitCode;
}
