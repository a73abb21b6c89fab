using SessionCloser.Cli.Output;
using SessionCloser.Errors;
using SessionCloser.Operations;
using SessionCloser.Undo;

namespace SessionCloser.Cli.Commands;

/// <summary>The documented <c>--json</c> result of restore (docs/cli.md), also printed for a refusal. Fields are only ever added.</summary>
internal static class RestoreReportJson
{
    public static void Write(CliContext context, RestoreReport report) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "restore");
        w.WriteBoolean("dryRun", report.DryRun);
        w.WriteString("operationId", report.OperationId);
        w.WriteString("undoneCommand", report.UndoneCommand);
        w.WriteStringOrNull("restoreOperationId", report.RestoreOperationId);
        w.WriteString("backend", report.Backend);
        w.WriteString("agentId", report.AgentId);
        w.WriteString("storePath", report.StorePath);
        w.WriteNumber("exitCode", (int)report.ExitCode);
        w.WriteNull("error");
        w.WriteNull("failure");
        w.WriteStartObject("summary");
        w.WriteNumber("restored", report.Count(RestoreStatus.Restored));
        w.WriteNumber("present", report.Count(RestoreStatus.AlreadyPresent));
        w.WriteNumber("closed", report.Count(RestoreStatus.Closed));
        w.WriteNumber("skipped", report.Count(RestoreStatus.Skipped));
        w.WriteNumber("notRestored", report.Count(RestoreStatus.NotRestored));
        w.WriteNumber("renamedFiles", report.Outcomes.Sum(o => o.Files.Count(f => f.Status == RestoreFileStatus.Renamed)));
        w.WriteNumber("filesNotRestored", report.Outcomes.Sum(o => o.Files.Count(f => f.Status is RestoreFileStatus.LiveFileInTheWay or RestoreFileStatus.ArchiveMissing)));
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var outcome in report.Outcomes)
        {
            w.WriteStartObject();
            w.WriteString("status", Status(outcome.Status));
            w.WritePropertyName("key");
            w.WriteStringValueSafely(outcome.Key);
            w.WriteStringOrNull("sessionId", outcome.SessionId);
            w.WriteStrings("keys", outcome.Keys);
            w.WriteStringOrNull("reason", outcome.Reason);
            w.WriteStartArray("files");
            foreach (var file in outcome.Files)
            {
                w.WriteStartObject();
                w.WriteString("kind", Artifacts.ArtifactKindNames.Name(file.Kind));
                w.WriteString("from", file.From);
                w.WriteString("to", file.To);
                w.WriteString("status", RestoreReportText.FileStatus(file.Status));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStringOrNull("backupPath", report.BackupPath);
        w.WriteBoolean("storeAsBefore", report.StoreAsBefore);
        w.WriteStrings("warnings", report.Warnings);
        w.WriteStringOrNull("recovered", report.Recovered);
        w.WriteEndObject();
    });

    /// <summary>A refusal or error as a document: the same fields, most of them null, and the message.</summary>
    public static void WriteRefusal(CliContext context, RestoreOptions options, SessionCloserException error) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "restore");
        w.WriteBoolean("dryRun", options.DryRun);
        w.WriteStringOrNull("operationId", options.OperationId);
        w.WriteNull("undoneCommand");
        w.WriteNull("restoreOperationId");
        w.WriteNull("backend");
        w.WriteStringOrNull("agentId", options.AgentId);
        w.WriteNull("storePath");
        w.WriteNumber("exitCode", (int)error.ExitCode);
        w.WriteString("error", error.Message);
        w.WriteString("failure", string.Join(' ', error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        w.WriteNull("summary");
        w.WriteStartArray("results");
        w.WriteEndArray();
        w.WriteNull("backupPath");
        w.WriteBoolean("storeAsBefore", false);
        w.WriteStartArray("warnings");
        w.WriteEndArray();
        w.WriteNull("recovered");
        w.WriteEndObject();
    });

    private static string Status(RestoreStatus status) => status switch
    {
        RestoreStatus.Restored => "restored",
        RestoreStatus.AlreadyPresent => "present",
        RestoreStatus.Closed => "closed",
        RestoreStatus.NotRestored => "not-restored",
        _ => "skipped",
    };
}
