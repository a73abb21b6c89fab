using System.Globalization;
using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Operations;
using SessionCloser.Purging;

namespace SessionCloser.Cli.Commands;

/// <summary><c>purge-archives --json</c>: one document for a plan (a dry run, or nothing to delete) or a run (docs/cli.md).</summary>
internal static class PurgeReportJson
{
    public static Action<Utf8JsonWriter> OfPlan(PurgePlan plan, bool dryRun) => w => Write(
        w,
        plan,
        dryRun,
        exitCode: 0,
        plan.Stores.Select(s => (s, (string?)null, s.Files, (string?)null, (IReadOnlyList<string>)[])).ToList());

    public static Action<Utf8JsonWriter> OfResult(PurgeResult result) => w => Write(
        w,
        result.Plan,
        dryRun: false,
        (int)result.ExitCode,
        result.Stores.Select(s => (s.Plan, s.OperationId, s.Files, s.Recovered, s.Unrestorable)).ToList());

    private static void Write(
        Utf8JsonWriter w,
        PurgePlan plan,
        bool dryRun,
        int exitCode,
        IReadOnlyList<(PurgeStorePlan Plan, string? OperationId, IReadOnlyList<PurgeFile> Files, string? Recovered, IReadOnlyList<string> Unrestorable)> stores)
    {
        var all = stores.SelectMany(s => s.Files).ToList();
        w.WriteStartObject();
        w.WriteString("command", "purge-archives");
        w.WriteBoolean("dryRun", dryRun);
        w.WriteString("olderThan", plan.OlderThan);
        w.WriteString("cutoff", Time(plan.Cutoff));
        w.WriteBoolean("force", plan.Force);
        w.WriteNumber("exitCode", exitCode);
        w.WriteNull("failure");
        WriteSummary(w, all);
        w.WriteStartArray("stores");
        foreach (var (store, operationId, files, recovered, unrestorable) in stores)
        {
            w.WriteStartObject();
            w.WriteString("agentId", store.AgentId);
            w.WriteStrings("agentIds", store.AgentIds);
            w.WriteStringOrNull("sessionsDirectory", store.SessionsDirectory);
            w.WriteStringOrNull("storePath", store.StorePath);
            w.WriteString("era", store.Era);
            w.WriteStringOrNull("operationId", operationId);
            w.WriteStringOrNull("recovered", recovered);
            WriteSummary(w, files);
            w.WriteStartArray("files");
            foreach (var file in files)
            {
                WriteFile(w, file);
            }

            w.WriteEndArray();
            w.WriteStrings("unrestorable", unrestorable);
            w.WriteStrings("warnings", store.Warnings);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Counts and bytes: to delete (a plan) or deleted (a run), kept, already gone, failed, and per what they are.</summary>
    private static void WriteSummary(Utf8JsonWriter w, IReadOnlyList<PurgeFile> files)
    {
        var going = files.Where(Goes).ToList();
        w.WriteStartObject("summary");
        w.WriteNumber("files", going.Count);
        w.WriteNumber("bytes", going.Sum(f => f.Bytes));
        w.WriteNumber("kept", files.Count(f => f.Status is PurgeFileStatus.Kept || (f.Status == PurgeFileStatus.Planned && f.Action == PurgeAction.Keep)));
        w.WriteNumber("alreadyGone", files.Count(f => f.Status == PurgeFileStatus.AlreadyGone));
        w.WriteNumber("failed", files.Count(f => f.Status == PurgeFileStatus.Failed));
        w.WriteStartArray("byReason");
        foreach (var group in going.GroupBy(f => (f.Category, f.Reason)).OrderBy(g => g.Key.Category).ThenBy(g => g.Key.Reason, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("category", Category(group.Key.Category));
            w.WriteString("reason", group.Key.Reason);
            w.WriteNumber("files", group.Count());
            w.WriteNumber("bytes", group.Sum(f => f.Bytes));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>In a plan: the files it deletes; after a run: those it deleted.</summary>
    private static bool Goes(PurgeFile file) => file.Status == PurgeFileStatus.Deleted || (file.Status == PurgeFileStatus.Planned && file.Action == PurgeAction.Delete);

    private static void WriteFile(Utf8JsonWriter w, PurgeFile file)
    {
        w.WriteStartObject();
        w.WriteStringOrNull("path", file.Path);
        w.WriteStringOrNull("name", file.Name);
        w.WriteString("category", Category(file.Category));
        w.WriteString("reason", file.Reason);
        w.WriteString("time", Time(file.Time));
        w.WriteString("timeFrom", file.TimeFromName ? "name" : "mtime");
        w.WriteNumber("bytes", file.Bytes);
        w.WriteString("action", file.Action == PurgeAction.Delete ? "delete" : "keep");
        w.WriteString("status", file.Status switch
        {
            PurgeFileStatus.Planned => "planned",
            PurgeFileStatus.Deleted => "deleted",
            PurgeFileStatus.AlreadyGone => "already-gone",
            PurgeFileStatus.Failed => "failed",
            _ => "kept",
        });
        w.WriteString("why", file.Why);
        w.WriteStringOrNull("neededBy", file.NeededBy);
        w.WriteStringOrNull("referencedBy", file.ReferencedBy);
        w.WriteEndObject();
    }

    private static string Category(PurgeCategory category) => category == PurgeCategory.Archive ? "archive" : "backup";

    private static string Time(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
