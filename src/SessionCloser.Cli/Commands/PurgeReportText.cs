using System.Globalization;
using SessionCloser.Cli.Output;
using SessionCloser.Operations;
using SessionCloser.Purging;
using Spectre.Console;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>purge-archives</c> as text: one line per file on stdout (<c>WOULD_DELETE</c>/<c>KEEP</c> in a plan;
/// <c>DELETED</c>, <c>ALREADY_GONE</c>, <c>KEPT</c>, <c>FAILED</c> after a run) with what it is, its size and why, then
/// a line per directory with the counts and bytes per reason; the summary goes to stderr.
/// </summary>
internal static class PurgeReportText
{
    public static void WritePlan(TextWriter output, PurgePlan plan)
    {
        foreach (var line in PlanLines(plan))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>The plan on a terminal, before the question: the same lines, unwrapped (a path cut in two cannot be copied).</summary>
    public static void ShowPlan(IAnsiConsole console, PurgePlan plan)
    {
        ArgumentNullException.ThrowIfNull(console);
        var output = console.Profile.Out.Writer;
        foreach (var line in PlanLines(plan))
        {
            output.WriteLine(line);
        }

        output.Flush();
    }

    public static void WritePlanSummary(TextWriter error, PurgePlan plan, bool dryRun)
    {
        var kept = plan.Stores.Sum(s => s.Files.Count) - plan.DeleteCount;
        error.WriteLine(plan.DeleteCount == 0
            ? string.Create(CultureInfo.InvariantCulture, $"session-closer: nothing to delete (older than {plan.OlderThan}); {kept} file(s) kept; nothing was changed")
            : string.Create(CultureInfo.InvariantCulture, $"session-closer: would delete {plan.DeleteCount} file(s), {HumanFormat.Size(plan.DeleteBytes)}, in {Directories(plan.Stores.Count(s => s.DeleteCount > 0))} (older than {plan.OlderThan}); {kept} kept; nothing was changed{(dryRun ? " (dry run)" : "")}"));
        error.Flush();
    }

    public static void WriteResult(TextWriter output, PurgeResult result)
    {
        foreach (var store in result.Stores)
        {
            output.WriteLine(Header(store.Plan));
            foreach (var file in store.Files)
            {
                output.WriteLine(file.Status switch
                {
                    PurgeFileStatus.Deleted => $"DELETED {Printable(file.Path)} ({What(file)})",
                    PurgeFileStatus.AlreadyGone => $"ALREADY_GONE {Printable(file.Path)} ({What(file)}) {file.Why}",
                    PurgeFileStatus.Failed => $"FAILED {Printable(file.Path)} ({What(file)}) {file.Why}",
                    _ => $"KEPT {Printable(file.Path)} ({What(file)}) {file.Why}",
                });
            }

            var deleted = store.Files.Where(f => f.Status == PurgeFileStatus.Deleted).ToList();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"agent {store.Plan.AgentId}: deleted {deleted.Count}, {HumanFormat.Size(deleted.Sum(f => f.Bytes))}{ByReason(deleted)}; {store.Files.Count - deleted.Count} kept{(store.OperationId is { } id ? $"; purge {id}" : "")}"));
            foreach (var warning in store.Warnings)
            {
                output.WriteLine($"  warning: {warning}");
            }
        }
    }

    public static void WriteResultSummary(TextWriter error, PurgeResult result)
    {
        var ids = result.Stores.Select(s => s.OperationId).OfType<string>().ToList();
        var unrestorable = result.Stores.SelectMany(s => s.Unrestorable).Distinct(StringComparer.Ordinal).ToList();
        foreach (var recovered in result.Stores.Select(s => s.Recovered).OfType<string>())
        {
            error.WriteLine($"session-closer: {recovered}");
        }

        if (result.DeletedCount == 0 && ids.Count == 0 && result.Stores.All(s => s.Recovered is null))
        {
            WritePlanSummary(error, result.Plan, dryRun: false);
            return;
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"session-closer: deleted {result.DeletedCount} file(s), {HumanFormat.Size(result.DeletedBytes)}, in {Directories(result.Stores.Count(s => s.DeletedCount > 0))}{(ids.Count > 0 ? $"; this purge is {string.Join(", ", ids)} (it cannot be undone)" : "")}");
        error.WriteLine(summary
            + (unrestorable.Count > 0 ? $"; operation(s) {string.Join(", ", unrestorable)} can no longer be restored (--force)" : "")
            + (result.ExitCode != Errors.ExitCode.Success ? "; some files could not be deleted (FAILED lines)" : ""));
        error.Flush();
    }

    private static IEnumerable<string> PlanLines(PurgePlan plan)
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"Archives and backups made before {plan.Cutoff.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (older than {plan.OlderThan}){(plan.Force ? ", --force" : "")}:");
        foreach (var store in plan.Stores)
        {
            yield return Header(store);
            foreach (var file in store.Files)
            {
                yield return file.Action == PurgeAction.Delete
                    ? $"WOULD_DELETE {Printable(file.Path)} ({What(file)}) {file.Why}"
                    : $"KEEP {Printable(file.Path)} ({What(file)}) {file.Why}";
            }

            var doomed = store.Files.Where(f => f.Action == PurgeAction.Delete).ToList();
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"agent {store.AgentId}: {doomed.Count} to delete, {HumanFormat.Size(doomed.Sum(f => f.Bytes))}{ByReason(doomed)}; {store.Files.Count - doomed.Count} kept");
            foreach (var warning in store.Warnings)
            {
                yield return $"  warning: {warning}";
            }
        }
    }

    private static string Header(PurgeStorePlan store) =>
        $"agent {store.AgentId}{(store.AgentIds.Count > 1 ? $" (shared with {string.Join(", ", store.AgentIds.Skip(1))})" : "")}: {Printable(store.SessionsDirectory)} (era {store.Era})";

    /// <summary>" (deleted archive 2, 10 KB; session-closer backup 1, 5 KB)": the files grouped by what they are.</summary>
    private static string ByReason(List<PurgeFile> files) => files.Count == 0 ? "" : " (" + string.Join("; ", files
        .GroupBy(Kind)
        .OrderByDescending(g => g.Sum(f => f.Bytes))
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}, {HumanFormat.Size(g.Sum(f => f.Bytes))}"))) + ")";

    private static string Kind(PurgeFile file) => file.Category == PurgeCategory.Archive ? $"{file.Reason} archive" : $"{file.Reason} backup";

    private static string What(PurgeFile file) => $"{Kind(file)}, {HumanFormat.Size(file.Bytes)}";

    private static string Directories(int count) => count == 1 ? "1 directory" : string.Create(CultureInfo.InvariantCulture, $"{count} directories");

    private static string Printable(string value) => HumanFormat.Printable(value);
}
