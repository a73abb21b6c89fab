using System.Globalization;
using SessionCloser.Closing;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// What a selector run did, for people and line-reading scripts: per store the usual <c>CLOSED</c> / <c>SKIPPED</c> /
/// <c>NOT_FOUND</c> lines on stdout (those not already streamed), then on stderr each store's summary with its
/// operation id and the command that undoes it, and a total line last.
/// </summary>
internal static class SweepResultText
{
    public static void Write(CliContext context, SweepResult result, CloseOptions options, SweepFlow.SweepProgress? streamed)
    {
        foreach (var store in result.Stores)
        {
            foreach (var outcome in store.Report.Outcomes.Where(o => o.Status != OutcomeStatus.Kept && streamed?.WasPrinted(o) != true))
            {
                foreach (var line in CloseReportText.Lines(outcome, dryRun: false))
                {
                    context.Out.WriteLine(line);
                }
            }
        }

        // Every line is out before the commentary: with 2>&1 the summary comes last.
        context.Out.Flush();
        foreach (var (report, route, _) in result.Stores)
        {
            var agent = report.AgentId;
            if (report.Recovered is not null)
            {
                context.Error.WriteLine($"session-closer: {agent}: {report.Recovered}");
            }

            foreach (var warning in report.Warnings)
            {
                context.Error.WriteLine($"session-closer: warning: {agent}: {warning}");
            }

            var closed = report.Count(OutcomeStatus.Closed);
            var files = report.Outcomes.Sum(o => o.Files.Count);
            var how = report.Backend == CloseBackend.Gateway ? $" through the gateway ({(report.Archive ? "archived" : "deleted")})" : "";
            context.Error.WriteLine(
                report.Refusal is not null ? $"session-closer: {agent}: refused: {report.Refusal}"
                : report.Interrupted is not null && !report.Changed ? $"session-closer: {agent}: {report.Interrupted}"
                : report.Changed ? string.Create(CultureInfo.InvariantCulture, $"session-closer: {agent}: closed {closed} session(s){how}, archived {files} file(s){(report.BackupPath is null ? "" : $"; backup {report.BackupPath}")}{(report.OperationId is null ? "" : $"; operation {report.OperationId}")}")
                : $"session-closer: {agent}: nothing closed; nothing was changed");
            if (report.Interrupted is not null && report.Changed)
            {
                context.Error.WriteLine($"session-closer: {agent}: {report.Interrupted}");
            }

            if (report.Failure is not null)
            {
                context.Error.WriteLine($"session-closer: {agent}: stopped early: {report.Failure}");
            }
        }

        var notStarted = SweepJson.NotStarted(result);
        if (notStarted.Count > 0)
        {
            context.Error.WriteLine($"session-closer: interrupted: not started (nothing changed there): {string.Join(", ", notStarted)}");
        }

        if (result.Restart is { } restart)
        {
            context.Error.WriteLine(restart.Succeeded ? "session-closer: gateway restarted" : $"session-closer: gateway restart failed: {restart.Problem}");
        }

        var changed = result.Stores.Where(s => s.Report.Changed).ToList();
        var total = changed.Sum(s => s.Report.Count(OutcomeStatus.Closed));
        context.Error.WriteLine(changed.Count == 0
            ? "session-closer: nothing was closed; nothing was changed"
            : string.Create(CultureInfo.InvariantCulture, $"session-closer: closed {total} session(s) in {changed.Count} store(s), archived {changed.Sum(s => s.Report.Outcomes.Sum(o => o.Files.Count))} file(s); operation(s) {string.Join(", ", changed.Select(s => s.Report.OperationId ?? "-"))}"));
        foreach (var store in changed.Where(s => s.Report.OperationId is not null))
        {
            context.Error.WriteLine($"session-closer: to undo {store.Report.AgentId}: {UndoCommand(store.Report, options, context.Environment.CurrentDirectory)}");
        }

        context.Out.Flush();
    }

    /// <summary>The restore that undoes one store's part: its agent, and the state directory or profile the run was given.</summary>
    public static string UndoCommand(CloseReport report, CloseOptions options, string? workingDirectory)
    {
        var words = new List<string> { "session-closer", "restore", report.OperationId!, "--agent", Quote(report.AgentId) };
        if (options.StateDir is { } stateDir)
        {
            // Absolute, so the line works from any directory.
            words.AddRange(["--state-dir", Quote(workingDirectory is null ? stateDir : Path.GetFullPath(stateDir, workingDirectory))]);
        }

        if (options.Profile is { } profile)
        {
            words.AddRange(["--profile", Quote(profile)]);
        }

        return string.Join(' ', words);
    }

    /// <summary>A word a POSIX shell reads back as itself: as it is when plain, else in single quotes.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '@' or '+' or ',')
            ? word
            : "'" + Output.HumanFormat.Printable(word).Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
