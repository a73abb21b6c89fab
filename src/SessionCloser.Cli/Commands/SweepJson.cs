using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// The <c>--json</c> document of a selector run, one shape for the plan (<c>--dry-run</c>) and the result
/// (docs/cli.md, "close by selectors: --json"): <c>{command, selector, dryRun, closeBy, exitCode, stores: [{agent,
/// store, backend, era, route, operationId, backupPath, archiveBytes, summary, sessions: [{key, sessionId, keys, kind,
/// updatedAt, status, reason, files}], warnings, maintenance, recovered, failure, interrupted}], totals, notStarted,
/// gatewayRestart, interrupted, signal}</c>. Fields are only ever added.
/// </summary>
internal static class SweepJson
{
    private static readonly string[] TotalNames = ["stores", "storesChanged", "sessions", "closed", "kept", "skipped", "notFound", "archivedFiles", "archiveBytes"];

    /// <summary>The plan (<paramref name="result"/> null: a dry run, or nothing ran) or what the run did.</summary>
    public static void Write(CliContext context, SweepPlan plan, SweepResult? result, CloseOptions options, int exitCode) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "close");
        WriteSelector(w, plan.Selector, options.AllAgents);
        w.WriteBoolean("dryRun", options.DryRun);
        w.WriteString("closeBy", options.Archive ? "archive" : "delete");
        w.WriteNumber("exitCode", ExitCodeOf(context, exitCode));
        var notStarted = NotStarted(result);
        var stores = plan.Stores.Select(p => Store(p, result, notStarted)).ToList();
        w.WriteStartArray("stores");
        foreach (var store in stores)
        {
            WriteStore(w, store);
        }

        w.WriteEndArray();
        w.WriteStartObject("totals");
        w.WriteNumber("stores", stores.Count);
        w.WriteNumber("storesChanged", stores.Count(s => s.Ran?.Report.Changed == true));
        w.WriteNumber("sessions", stores.Sum(s => s.Sessions.Count));
        w.WriteNumber("closed", stores.Sum(s => s.Sessions.Count(o => o.Status == OutcomeStatus.Closed)));
        w.WriteNumber("kept", stores.Sum(s => s.Sessions.Count(o => o.Status == OutcomeStatus.Kept)));
        w.WriteNumber("skipped", stores.Sum(s => s.Sessions.Count(o => o.Status == OutcomeStatus.Skipped)));
        w.WriteNumber("notFound", stores.Sum(s => s.Sessions.Count(o => o.Status == OutcomeStatus.NotFound)));
        w.WriteNumber("archivedFiles", stores.Sum(s => s.Sessions.Sum(o => o.Files.Count)));
        w.WriteNumber("archiveBytes", plan.ArchiveBytes);
        w.WriteStrings("operationIds", stores.Select(s => s.Ran?.Report.OperationId).OfType<string>());
        w.WriteEndObject();
        w.WriteStrings("notStarted", notStarted);
        if (result?.Restart is { } restart)
        {
            w.WriteStartObject("gatewayRestart");
            w.WriteBoolean("succeeded", restart.Succeeded);
            w.WriteString("command", restart.Command);
            w.WriteStringOrNull("problem", restart.Problem);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("gatewayRestart");
        }

        w.WriteStringOrNull("interrupted", Interrupted(result, notStarted));
        w.WriteStringOrNull("signal", Signal(context));
        w.WriteEndObject();
    });

    /// <summary>What a signal did to the run, over every store; null when none stopped it.</summary>
    public static string? Interrupted(SweepResult? result, IReadOnlyList<string> notStarted)
    {
        var said = (result?.Stores ?? []).Where(r => r.Report.Interrupted is not null).Select(r => $"{r.Report.AgentId}: {r.Report.Interrupted}").ToList();
        if (notStarted.Count > 0)
        {
            said.Add($"not started: {string.Join(", ", notStarted)}");
        }

        return said.Count == 0 ? null : string.Join("; ", said);
    }

    /// <summary>The agents whose stores a signal kept from starting.</summary>
    public static IReadOnlyList<string> NotStarted(SweepResult? result) => result?.NotStarted ?? [];

    /// <summary>A run stopped by a signal before it had a plan (routing, reading the stores): the same shape, nothing in it.</summary>
    public static void WriteInterruptedEarly(CliContext context, SessionSelector? selector, CloseOptions options) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "close");
        WriteSelector(w, selector ?? new SessionSelector(), options.AllAgents);
        w.WriteBoolean("dryRun", options.DryRun);
        w.WriteString("closeBy", options.Archive ? "archive" : "delete");
        w.WriteNumber("exitCode", ExitCodeOf(context, (int)Errors.ExitCode.Interrupted));
        w.WriteStartArray("stores");
        w.WriteEndArray();
        w.WriteStartObject("totals");
        foreach (var name in TotalNames)
        {
            w.WriteNumber(name, 0);
        }

        w.WriteStrings("operationIds", []);
        w.WriteEndObject();
        w.WriteStrings("notStarted", []);
        w.WriteNull("gatewayRestart");
        w.WriteString("interrupted", "interrupted before anything was changed; nothing was closed");
        w.WriteStringOrNull("signal", Signal(context));
        w.WriteEndObject();
    });

    /// <summary>The selector as the engine reads it: durations also in ms, kinds by their canonical names.</summary>
    private static void WriteSelector(Utf8JsonWriter w, SessionSelector selector, bool allAgents)
    {
        w.WriteStartObject("selector");
        w.WriteStringOrNull("olderThan", selector.OlderThan is { } age ? DurationText.Format(age) : null);
        w.WriteNumberOrNull("olderThanMs", selector.OlderThan?.TotalMilliseconds);
        w.WriteStrings("match", selector.Match);
        w.WriteStrings("kinds", selector.Kinds);
        w.WriteString("archived", selector.Archive switch { ArchiveFilter.ArchivedOnly => "archived", ArchiveFilter.ActiveOnly => "active", _ => "any" });
        w.WriteStrings("except", selector.Except);
        w.WriteNumberOrNull("keepLast", selector.KeepLast);
        w.WriteBoolean("includeGroups", selector.IncludeGroups);
        w.WriteBoolean("allAgents", allAgents);
        w.WriteEndObject();
    }

    /// <summary>
    /// One store as the document shows it: in the plan, its preview; after the run, what the run reported for the
    /// sessions it closed (or tried to), followed by the ones the plan left. A store a signal kept from starting
    /// lists its picked sessions as skipped.
    /// </summary>
    private static StoreView Store(StorePlan plan, SweepResult? result, IReadOnlyList<string> notStarted)
    {
        if (result is null)
        {
            return new StoreView(plan, null, plan.Preview.Outcomes);
        }

        var ran = result.Stores.FirstOrDefault(r => r.Report.AgentId == plan.AgentId && r.Report.StorePath == plan.Preview.StorePath);
        var left = plan.Preview.Outcomes.Where(o => o.Status != OutcomeStatus.Closed);
        if (ran is not null)
        {
            return new StoreView(plan, ran, [.. ran.Report.Outcomes, .. left]);
        }

        var stopped = notStarted.Contains(plan.AgentId)
            ? plan.Preview.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o with { Status = OutcomeStatus.Skipped, Reason = "not attempted: interrupted", Files = [] })
            : [];
        return new StoreView(plan, null, [.. stopped, .. left]);
    }

    private static void WriteStore(Utf8JsonWriter w, StoreView view)
    {
        var (plan, ran, sessions) = view;
        var report = ran?.Report ?? plan.Preview;
        var route = ran?.Route ?? plan.Route;
        w.WriteStartObject();
        w.WriteString("agent", plan.AgentId);
        w.WriteString("store", plan.Preview.StorePath);
        w.WriteString("backend", report.Backend == CloseBackend.Gateway ? "gateway" : "files");
        w.WriteString("era", CloseReportJson.EraLetter(route.Era));
        w.WriteStartObject("route");
        w.WriteString("reason", route.Reason);
        w.WriteString("gatewayUrl", route.GatewayUrl.ToString());
        w.WriteBoolean("gatewayLive", route.GatewayLive);
        w.WriteStringOrNull("gatewayVersion", route.GatewayVersion);
        w.WriteEndObject();
        w.WriteStringOrNull("operationId", ran?.Report.OperationId);
        w.WriteStringOrNull("backupPath", ran?.Report.BackupPath);
        w.WriteNumberOrNull("archiveBytes", plan.ArchiveBytes);
        w.WriteStartObject("summary");
        w.WriteNumber("closed", sessions.Count(o => o.Status == OutcomeStatus.Closed));
        w.WriteNumber("kept", sessions.Count(o => o.Status == OutcomeStatus.Kept));
        w.WriteNumber("skipped", sessions.Count(o => o.Status == OutcomeStatus.Skipped));
        w.WriteNumber("notFound", sessions.Count(o => o.Status == OutcomeStatus.NotFound));
        w.WriteNumber("archivedFiles", sessions.Sum(o => o.Files.Count));
        w.WriteEndObject();
        w.WriteStartArray("sessions");
        foreach (var outcome in sessions)
        {
            WriteSession(w, outcome);
        }

        w.WriteEndArray();
        w.WriteStrings("warnings", report.Warnings);
        MaintenanceText.Write(w, plan.Preview.Maintenance);
        w.WriteStringOrNull("recovered", ran?.Report.Recovered);
        w.WriteStringOrNull("failure", report.Failure ?? report.Refusal);
        w.WriteStringOrNull("interrupted", ran?.Report.Interrupted);
        w.WriteEndObject();
    }

    private static void WriteSession(Utf8JsonWriter w, SessionOutcome outcome)
    {
        w.WriteStartObject();
        w.WriteString("key", outcome.Subject);
        w.WriteStringOrNull("sessionId", outcome.SessionId);
        w.WriteStrings("keys", outcome.Keys);
        w.WriteStringOrNull("kind", outcome.Kind);
        w.WriteNumberOrNull("updatedAt", outcome.UpdatedAt);
        w.WriteString("status", CloseReportJson.Status(outcome.Status));
        w.WriteStringOrNull("reason", outcome.Reason);
        w.WriteStartArray("files");
        foreach (var file in outcome.Files)
        {
            w.WriteStartObject();
            w.WriteString("kind", Artifacts.ArtifactKindNames.Name(file.Kind));
            w.WriteStringOrNull("from", file.From);
            w.WriteString("to", file.To);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static int ExitCodeOf(CliContext context, int reported) =>
        context.Interruption.Signal is { } signal ? (int)Interruption.ExitCodeOf(signal) : reported;

    private static string? Signal(CliContext context) => context.Interruption.Signal is { } signal ? Interruption.NameOf(signal) : null;

    private sealed record StoreView(StorePlan Plan, CloseResult? Ran, IReadOnlyList<SessionOutcome> Sessions);
}
