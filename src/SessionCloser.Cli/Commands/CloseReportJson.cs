using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>The documented <c>--json</c> result of close and keep-only (see docs/json-output.md). Fields are only ever added.</summary>
internal static class CloseReportJson
{
    public static void Write(CliContext context, CloseResult result) => JsonOutput.Write(context.Out, w =>
    {
        var (report, route, restart) = result;
        w.WriteStartObject();
        w.WriteString("command", report.Mode == CloseMode.Close ? "close" : "keep-only");
        w.WriteBoolean("dryRun", report.DryRun);
        w.WriteString("backend", report.Backend == CloseBackend.Gateway ? "gateway" : "files");
        w.WriteString("closeBy", report.Archive ? "archive" : "delete");
        WriteRoute(w, route);
        w.WriteString("agentId", report.AgentId);
        w.WriteString("storePath", report.StorePath);
        w.WriteString("era", EraLetter(route.Era));
        w.WriteString("eraReason", route.EraReason);
        w.WriteNumber("exitCode", ExitCodeOf(context, report.ExitCode));
        w.WriteStartObject("summary");
        w.WriteNumber("closed", report.Count(OutcomeStatus.Closed));
        w.WriteNumber("notFound", report.Count(OutcomeStatus.NotFound));
        w.WriteNumber("kept", report.Count(OutcomeStatus.Kept));
        w.WriteNumber("skipped", report.Count(OutcomeStatus.Skipped));
        w.WriteNumber("archivedFiles", report.Outcomes.Sum(o => o.Files.Count));
        w.WriteNumber("closedKeys", report.ClosedKeyCount);
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var outcome in report.Outcomes)
        {
            w.WriteStartObject();
            w.WriteString("status", Status(outcome.Status));
            w.WriteString(outcome.Status == OutcomeStatus.NotFound ? "argument" : "key", outcome.Subject);
            if (outcome.Status != OutcomeStatus.NotFound)
            {
                w.WriteStringOrNull("argument", outcome.Argument);
                w.WriteStringOrNull("sessionId", outcome.SessionId);
                w.WriteStrings("keys", outcome.Keys);
                w.WriteStartArray("variants");
                foreach (var variant in outcome.Variants)
                {
                    w.WriteStartObject();
                    w.WriteString("key", variant.Key);
                    w.WriteStringOrNull("sessionId", variant.SessionId);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStringOrNull("reason", outcome.Reason);
            WriteFiles(w, outcome.Files);
            w.WriteEndObject();

            // A keep-only reports every session of the store: the rows go out as they are written, never held whole.
            w.FlushWhenFull();
        }

        w.WriteEndArray();
        w.WriteStringOrNull("backupPath", report.BackupPath);
        w.WriteStrings("prunedBackups", report.PrunedBackups);
        w.WriteStrings("warnings", report.Warnings);
        MaintenanceText.Write(w, report.Maintenance);
        w.WriteStringOrNull("recovered", report.Recovered);
        w.WriteStringOrNull("failure", report.Failure ?? report.Refusal);
        WriteRestart(w, restart);

        w.WriteStringOrNull("operationId", report.OperationId);
        w.WriteStringOrNull("interrupted", report.Interrupted);
        w.WriteStringOrNull("signal", Signal(context));
        w.WriteEndObject();
    });

    /// <summary>
    /// A run stopped by a signal before it had a report (while routing, waiting for the lock, or asking): the same
    /// fields, nothing closed.
    /// </summary>
    public static void WriteInterruptedEarly(CliContext context, CloseMode mode, bool dryRun) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", mode == CloseMode.Close ? "close" : "keep-only");
        w.WriteBoolean("dryRun", dryRun);
        w.WriteNumber("exitCode", ExitCodeOf(context, Errors.ExitCode.Interrupted));
        w.WriteStartObject("summary");
        w.WriteNumber("closed", 0);
        w.WriteNumber("notFound", 0);
        w.WriteNumber("kept", 0);
        w.WriteNumber("skipped", 0);
        w.WriteNumber("archivedFiles", 0);
        w.WriteEndObject();
        w.WriteStartArray("results");
        w.WriteEndArray();
        w.WriteStrings("warnings", []);
        w.WriteNull("maintenance");
        w.WriteString("interrupted", "interrupted before anything was changed; nothing was closed");
        w.WriteStringOrNull("signal", Signal(context));
        w.WriteEndObject();
    });

    /// <summary><c>route</c>: who closes, and why.</summary>
    internal static void WriteRoute(System.Text.Json.Utf8JsonWriter w, Backends.RouteSummary route)
    {
        w.WriteStartObject("route");
        w.WriteString("reason", route.Reason);
        w.WriteString("gatewayUrl", route.GatewayUrl.ToString());
        w.WriteBoolean("gatewayLive", route.GatewayLive);
        w.WriteStringOrNull("gatewayVersion", route.GatewayVersion);
        w.WriteEndObject();
    }

    /// <summary><c>files</c>: each file archived (or to be), with its kind.</summary>
    internal static void WriteFiles(System.Text.Json.Utf8JsonWriter w, IEnumerable<Artifacts.ArchivedFile> files)
    {
        w.WriteStartArray("files");
        foreach (var file in files)
        {
            w.WriteStartObject();
            w.WriteString("kind", Artifacts.ArtifactKindNames.Name(file.Kind));
            w.WriteStringOrNull("from", file.From);
            w.WriteString("to", file.To);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>gatewayRestart</c>: null, or how <c>--restart-gateway</c> went.</summary>
    internal static void WriteRestart(System.Text.Json.Utf8JsonWriter w, GatewayRestartResult? restart)
    {
        if (restart is null)
        {
            w.WriteNull("gatewayRestart");
            return;
        }

        w.WriteStartObject("gatewayRestart");
        w.WriteBoolean("succeeded", restart.Succeeded);
        w.WriteString("command", restart.Command);
        w.WriteStringOrNull("problem", restart.Problem);
        w.WriteEndObject();
    }

    /// <summary>The process's exit code: the signal's when one stopped the run.</summary>
    private static int ExitCodeOf(CliContext context, Errors.ExitCode reported) =>
        (int)(context.Interruption.Signal is { } signal ? Interruption.ExitCodeOf(signal) : reported);

    private static string? Signal(CliContext context) => context.Interruption.Signal is { } signal ? Interruption.NameOf(signal) : null;

    internal static string Status(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Closed => "closed",
        OutcomeStatus.NotFound => "not-found",
        OutcomeStatus.Kept => "kept",
        _ => "skipped",
    };

    /// <summary>The documented letters: A (locked JSON file), B (JSON file), C (SQLite behind the gateway).</summary>
    internal static string EraLetter(Eras.StorageEra era) => era switch
    {
        Eras.StorageEra.LockedJsonFile => "A",
        Eras.StorageEra.JsonFile => "B",
        Eras.StorageEra.SqliteBehindGateway => "C",
        _ => "Unknown",
    };
}
