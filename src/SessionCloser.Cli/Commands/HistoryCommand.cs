using System.CommandLine;
using System.Globalization;
using SessionCloser.Cli.Output;
using SessionCloser.Errors;
using SessionCloser.Operations;
using SessionCloser.Undo;

namespace SessionCloser.Cli.Commands;

/// <summary><c>session-closer history</c>: the operation log, newest first, with counts, state and the retention in force.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliContext context)
    {
        var agent = CommonOptions.Agent();
        var allAgents = new Option<bool>("--all-agents") { Description = "Every agent's operations." };
        var stateDir = CommonOptions.StateDir();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var command = new Command("history", "List the operation log (what close, keep-only and restore did), newest first; 'restore <id>' undoes one.")
        {
            agent, allAgents, stateDir, profile, json,
        };

        command.SetAction(result =>
        {
            var options = new HistoryOptions
            {
                AgentId = result.GetValue(agent),
                AllAgents = result.GetValue(allAgents),
                StateDir = result.GetValue(stateDir),
                Profile = result.GetValue(profile),
            };
            var report = HistoryOperation.Run(context.Operation, options);
            if (result.GetValue(json))
            {
                WriteJson(context, report);
            }
            else
            {
                WriteText(context, report);
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    private static void WriteText(CliContext context, HistoryReport report)
    {
        context.Out.WriteLine($"Operation log: {report.Directory}{(report.AgentId is null ? "" : $" (agent {report.AgentId})")}");
        context.Out.WriteLine($"Operations listed: {report.Operations.Count.ToString(CultureInfo.InvariantCulture)}");
        foreach (var op in report.Operations)
        {
            context.Out.WriteLine(op.State == OperationState.Unreadable
                ? $"{op.Id}  unreadable  {op.Problem}"
                : op.Command == "purge"
                ? string.Create(CultureInfo.InvariantCulture, $"{op.Id}  {op.StartedAt:yyyy-MM-dd HH:mm:ss}Z  {op.Command,-9}  {op.AgentId}  {op.Backend}  deleted={op.FilesDeleted} bytes={op.BytesDeleted}  {State(op)}")
                : string.Create(CultureInfo.InvariantCulture, $"{op.Id}  {op.StartedAt:yyyy-MM-dd HH:mm:ss}Z  {op.Command,-9}  {op.AgentId}  {op.Backend}  sessions={op.Sessions} removed={op.EntriesRemoved} added={op.EntriesAdded} renamed={op.Renamed}  {State(op)}"));
        }

        context.Out.WriteLine($"Retention: {report.Retention}");
        context.Out.Flush();
    }

    private static string State(HistoryEntry op) => (op.State switch
    {
        OperationState.Restored => $"restored by {op.RestoredBy}",
        OperationState.RolledBack => "rolled-back (interrupted before it changed anything)",
        OperationState.Incomplete => "incomplete (running, or interrupted: the next run on its store finishes or rolls it back)",
        _ => op.Restores is null ? (op.FinishedByRecovery ? "complete (finished by recovery)" : "complete") : $"complete (undid {op.Restores})",
    }) + (op.PurgedBy.Count > 0 ? $"; cannot be undone: archives deleted by purge {string.Join(", ", op.PurgedBy)}" : op.Command == "purge" ? "; cannot be undone" : "");

    private static void WriteJson(CliContext context, HistoryReport report) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("directory", report.Directory);
        w.WriteStringOrNull("agentId", report.AgentId);
        w.WriteStartObject("retention");
        w.WriteNumber("keepCount", report.KeepCount);
        w.WriteNumber("keepDays", report.KeepAge.TotalDays);
        w.WriteString("text", report.Retention);
        w.WriteEndObject();
        w.WriteNumber("count", report.Operations.Count);
        w.WriteStartArray("operations");
        foreach (var op in report.Operations)
        {
            w.WriteStartObject();
            w.WriteString("id", op.Id);
            w.WriteStringOrNull("startedAt", op.StartedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteStringOrNull("command", op.Command);
            w.WriteStringOrNull("agentId", op.AgentId);
            w.WriteStringOrNull("backend", op.Backend);
            w.WriteStringOrNull("storePath", op.StorePath);
            w.WriteString("state", op.State switch
            {
                OperationState.Complete => "complete",
                OperationState.Restored => "restored",
                OperationState.Incomplete => "incomplete",
                OperationState.RolledBack => "rolled-back",
                _ => "unreadable",
            });
            w.WriteNumber("sessions", op.Sessions);
            w.WriteNumber("entriesRemoved", op.EntriesRemoved);
            w.WriteNumber("entriesAdded", op.EntriesAdded);
            w.WriteNumber("renamed", op.Renamed);
            w.WriteBoolean("finishedByRecovery", op.FinishedByRecovery);
            w.WriteStringOrNull("restores", op.Restores);
            w.WriteStringOrNull("restoredBy", op.RestoredBy);
            w.WriteStartArray("commandLine");
            foreach (var argument in op.CommandLine)
            {
                w.WriteStringValueSafely(argument);
            }

            w.WriteEndArray();
            w.WriteNumber("filesDeleted", op.FilesDeleted);
            w.WriteNumber("bytesDeleted", op.BytesDeleted);
            w.WriteStrings("purgedBy", op.PurgedBy);
            w.WriteStringOrNull("problem", op.Problem);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
