using System.Globalization;
using SessionCloser.Undo;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>restore</c>'s lines, one per session on stdout: <c>RESTORED &lt;key&gt; sessionId=&lt;id&gt;</c>,
/// <c>PRESENT &lt;key&gt; sessionId=&lt;id&gt;</c>, <c>CLOSED &lt;key&gt; sessionId=&lt;id&gt;</c> (undoing a restore),
/// <c>SKIPPED &lt;key&gt; &lt;reason&gt;</c>; <c>WOULD_RESTORE</c>/<c>WOULD_CLOSE</c> in a dry run, then indented
/// <c>rename</c> lines. A file that could not be renamed back gets an indented line whatever the mode. Commentary goes to stderr.
/// </summary>
internal static class RestoreReportText
{
    public static void Write(CliContext context, RestoreReport report)
    {
        if (report.Recovered is not null)
        {
            context.Error.WriteLine($"session-closer: {report.Recovered}");
        }

        foreach (var outcome in report.Outcomes)
        {
            context.Out.WriteLine(Line(outcome, report.DryRun));
            foreach (var file in outcome.Files)
            {
                if (file.Status != RestoreFileStatus.Renamed)
                {
                    context.Out.WriteLine($"  {FileStatus(file.Status)} {file.To}");
                }
                else if (report.DryRun)
                {
                    context.Out.WriteLine($"  rename {file.From} -> {Path.GetFileName(file.To)}");
                }
            }
        }

        foreach (var warning in report.Warnings)
        {
            context.Error.WriteLine($"session-closer: warning: {warning}");
        }

        var sessions = report.Count(RestoreStatus.Restored) + report.Count(RestoreStatus.AlreadyPresent) + report.Count(RestoreStatus.Closed);
        var files = report.Outcomes.Sum(o => o.Files.Count(f => f.Status == RestoreFileStatus.Renamed));
        context.Error.WriteLine(report.DryRun
            ? string.Create(CultureInfo.InvariantCulture, $"session-closer: dry run: would restore {sessions} session(s) of {report.OperationId} ({report.UndoneCommand}) and rename {files} file(s) back in {report.StorePath}; nothing was changed")
            : report.RestoreOperationId is null
                ? $"session-closer: nothing to restore of {report.OperationId}; nothing was changed"
                : string.Create(CultureInfo.InvariantCulture, $"session-closer: {(report.UndoneCommand == "restore" ? "undid" : "restored")} {sessions} session(s) of {report.OperationId} ({report.UndoneCommand}), renamed {files} file(s) back{(report.BackupPath is null ? "" : $"; backup {report.BackupPath}")}; this restore is {report.RestoreOperationId}{(report.StoreAsBefore ? "; the store is byte for byte as before " + report.OperationId : "")}"));
        context.Out.Flush();
    }

    private static string Line(RestoreOutcome outcome, bool dryRun) => outcome.Status switch
    {
        RestoreStatus.Restored => $"{(dryRun ? "WOULD_RESTORE" : "RESTORED")} {outcome.Key} sessionId={outcome.SessionId}",
        RestoreStatus.AlreadyPresent => $"PRESENT {outcome.Key} sessionId={outcome.SessionId}",
        RestoreStatus.Closed => $"{(dryRun ? "WOULD_CLOSE" : "CLOSED")} {outcome.Key} sessionId={outcome.SessionId}",
        _ => $"SKIPPED {outcome.Key} {outcome.Reason}",
    };

    internal static string FileStatus(RestoreFileStatus status) => status switch
    {
        RestoreFileStatus.Renamed => "renamed",
        RestoreFileStatus.AlreadyInPlace => "in-place",
        RestoreFileStatus.LiveFileInTheWay => "live-file-in-the-way",
        _ => "archive-missing",
    };
}
