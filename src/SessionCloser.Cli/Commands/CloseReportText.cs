using System.Globalization;
using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// The line format agents and scripts parse, one line per session on stdout:
/// <c>CLOSED &lt;key&gt; sessionId=&lt;id&gt;</c>, <c>NOT_FOUND &lt;arg&gt;</c>, <c>KEPT &lt;key&gt;</c>, <c>SKIPPED &lt;key&gt; &lt;reason&gt;</c>
/// (<c>WOULD_CLOSE</c> in a dry run, followed by indented <c>archive</c> lines). Commentary goes to stderr.
/// </summary>
internal static class CloseReportText
{
    /// <param name="context">Where to print.</param>
    /// <param name="result">The run's report.</param>
    /// <param name="streamed">The lines already printed as the run went (<see cref="StreamedCloseLines"/>); they are not repeated.</param>
    public static void Write(CliContext context, CloseResult result, StreamedCloseLines? streamed = null)
    {
        var (report, route, restart) = result;
        if (report.DryRun)
        {
            context.Error.WriteLine($"session-closer: backend {(report.Backend == CloseBackend.Gateway ? "gateway" : "files")}: {route.Reason}");
        }

        if (report.Recovered is not null)
        {
            context.Error.WriteLine($"session-closer: {report.Recovered}");
        }

        foreach (var outcome in report.Outcomes)
        {
            if (streamed?.WasPrinted(outcome) == true)
            {
                continue;
            }

            foreach (var line in Lines(outcome, report.DryRun))
            {
                context.Out.WriteLine(line);
            }

            if (report.DryRun)
            {
                foreach (var file in outcome.Files)
                {
                    context.Out.WriteLine(file.From is null ? $"  archive {file.To}" : $"  archive {file.From} -> {Path.GetFileName(file.To)}");
                }
            }
        }

        // Every line is out before the commentary: with 2>&1 the summary comes last.
        context.Out.Flush();
        foreach (var warning in report.Warnings)
        {
            context.Error.WriteLine($"session-closer: warning: {warning}");
        }

        if (MaintenanceText.Warning(report.Maintenance) is { } maintenance)
        {
            context.Error.WriteLine($"session-closer: warning: {maintenance}");
        }

        var closed = Sessions(report);
        var files = report.Outcomes.Sum(o => o.Files.Count);
        var how = report.Backend == CloseBackend.Gateway ? $" through the gateway ({(report.Archive ? "archived" : "deleted")})" : "";
        context.Error.WriteLine(report.DryRun
            ? report.Backend == CloseBackend.Gateway
                ? string.Create(CultureInfo.InvariantCulture, $"session-closer: dry run: the gateway would {(report.Archive ? "archive" : "delete")} {closed}; nothing was changed")
                : string.Create(CultureInfo.InvariantCulture, $"session-closer: dry run: would close {closed} and archive {files} file(s) in {report.StorePath}; nothing was changed")
            : report.Refusal is not null
                ? $"session-closer: refused: {report.Refusal}"
            : report.Interrupted is not null && !report.Changed
                ? $"session-closer: {report.Interrupted}"
            : report.Changed
                ? string.Create(CultureInfo.InvariantCulture, $"session-closer: closed {closed}{how}, archived {files} file(s){(report.BackupPath is null ? "" : $"; backup {report.BackupPath}")}")
                : "session-closer: nothing to close; nothing was changed");
        if (report.Interrupted is not null && report.Changed)
        {
            context.Error.WriteLine($"session-closer: {report.Interrupted}");
        }

        if (report.Failure is not null)
        {
            context.Error.WriteLine($"session-closer: stopped early: {report.Failure}");
        }

        if (restart is not null)
        {
            context.Error.WriteLine(restart.Succeeded ? "session-closer: gateway restarted" : $"session-closer: gateway restart failed: {restart.Problem}");
        }

        context.Out.Flush();
    }

    /// <summary>A closed session is one line per stored key it had (<c>alpha</c> and <c>ALPHA</c> are two entries, both gone); the rest one line per session.</summary>
    public static IEnumerable<string> Lines(SessionOutcome outcome, bool dryRun) => outcome.Status switch
    {
        OutcomeStatus.Closed => (outcome.Variants.Count > 0 ? outcome.Variants : [new KeyVariant(outcome.Subject, outcome.SessionId)])
            .Select(v => $"{(dryRun ? "WOULD_CLOSE" : "CLOSED")} {HumanFormat.Printable(v.Key)} sessionId={HumanFormat.Printable(v.SessionId ?? "")}"),
        OutcomeStatus.NotFound => [$"NOT_FOUND {HumanFormat.Printable(outcome.Subject)}"],
        OutcomeStatus.Kept => [$"KEPT {HumanFormat.Printable(outcome.Subject)}"],
        _ => [$"SKIPPED {HumanFormat.Printable(outcome.Subject)} {outcome.Reason}"],
    };

    /// <summary>"1 session(s)", or "1 session(s) (2 keys)" when case variants made the stored keys more than the sessions.</summary>
    private static string Sessions(CloseReport report)
    {
        var sessions = report.Count(OutcomeStatus.Closed);
        var keys = report.ClosedKeyCount;
        return string.Create(CultureInfo.InvariantCulture, $"{sessions} session(s){(keys == sessions ? "" : $" ({keys} keys)")}");
    }
}
