using System.CommandLine;
using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Errors;
using SessionCloser.Listing;
using SessionCloser.Operations;
using Spectre.Console;

namespace SessionCloser.Cli.Commands;

/// <summary><c>session-closer list</c>: what is in an agent's store (or every agent's), newest first.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var agent = CommonOptions.Agent();
        var selectors = new SelectorOptions(forList: true);
        var stateDir = CommonOptions.StateDir();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var command = new Command("list", "List an agent's sessions: key, age, label, transcript size and flags.")
        {
            agent, stateDir, profile, json,
        };
        selectors.AddTo(command);
        var gateway = new GatewayFlags();
        gateway.AddTo(command);

        command.SetAction(async (result, cancellationToken) =>
        {
            // Filters rows only: protected sessions are listed like any other.
            var selector = selectors.Read(result);
            var options = new ListOptions
            {
                AgentId = result.GetValue(agent),
                AllAgents = result.GetValue(selectors.AllAgents),
                Archive = selector?.Archive ?? ArchiveFilter.All,
                Selector = selector,
                StateDir = result.GetValue(stateDir),
                Profile = result.GetValue(profile),
                Gateway = gateway.Read(result),
            };
            var report = await ListOperation.RunAsync(new OperationContext(context.Environment, context.Clock), options, cancellationToken);
            if (result.GetValue(json))
            {
                WriteJson(context, report);
            }
            else
            {
                WriteTable(context, report);
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    /// <summary>The shape of 'openclaw sessions --json' (path, stores, allAgents, count, ...), plus session-closer's own fields.</summary>
    private static void WriteJson(CliContext context, ListReport report) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteStringOrNull("path", report.Path);
        if (report.Source != ListSource.Gateway && report.Path is null)
        {
            w.WriteStartArray("stores");
            foreach (var listed in report.Stores)
            {
                w.WriteStartObject();
                w.WriteString("agentId", listed.Store.AgentId);
                w.WriteString("path", listed.Path);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (report.AllAgents)
        {
            w.WriteBoolean("allAgents", true);
        }

        if (report.Source == ListSource.Gateway)
        {
            w.WriteString("source", "gateway");
            w.WriteString("gatewayVersion", report.GatewayVersion);
        }
        else if (report.Source == ListSource.Database)
        {
            // The database, read-only; with a gateway, its sessions.list added runs in progress.
            w.WriteString("source", report.GatewayUrl is null ? "database" : "database+gateway");
            w.WriteStringOrNull("gatewayVersion", report.GatewayVersion);
            if (report.SchemaVersion is { } schema)
            {
                w.WriteNumber("schemaVersion", schema);
            }
        }

        if (report.Warnings.Count > 0)
        {
            w.WriteStrings("warnings", report.Warnings);
        }

        WriteCounts(w, report.Stores.Sum(listed => listed.Sessions.Count));
        w.WriteStartArray("sessions");
        foreach (var session in report.AllSessions)
        {
            SessionRowJson.Write(w, session);
            w.FlushWhenFull();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The paging fields of 'openclaw sessions --json': session-closer always lists everything.</summary>
    private static void WriteCounts(Utf8JsonWriter w, int count)
    {
        w.WriteNumber("count", count);
        w.WriteNumber("totalCount", count);
        w.WriteNull("limitApplied");
        w.WriteBoolean("hasMore", false);
        w.WriteNull("activeMinutes");
    }

    private static void WriteTable(CliContext context, ListReport report)
    {
        var console = Terminal.For(context);
        var fromFiles = report.Source == ListSource.StoreFiles;
        foreach (var warning in report.Warnings)
        {
            console.Write(new Text($"warning: {warning}\n", new Style(Color.Yellow)));
        }

        foreach (var listed in report.Stores)
        {
            var (store, sessions) = listed;
            console.Write(new Text(report.Source switch
            {
                ListSource.StoreFiles => $"Session store ({store.AgentId}): {store.StorePath}{(store.Exists ? "" : " (no store file)")}\n",
                ListSource.Database => $"Session database ({store.AgentId}): {listed.Path}{(listed.PathExists ? "" : " (no database yet)")}, read-only" +
                    (report.GatewayUrl is null ? "; no gateway running\n" : $"; runs in progress from the gateway at {report.GatewayUrl} (OpenClaw {report.GatewayVersion})\n"),
                _ => $"Sessions of {store.AgentId}, from the gateway at {report.GatewayUrl} (OpenClaw {report.GatewayVersion}; they live in SQLite)\n",
            }));
            var archivedCount = sessions.Count(session => session.Archived);
            console.MarkupLine($"Sessions listed: {sessions.Count}{(archivedCount > 0 ? $" ({archivedCount} archived)" : "")}");
            if (sessions.Count == 0)
            {
                continue;
            }

            ChunkedTable.Write(
                console,
                fromFiles ? ["Key", "Age", "Label", "Transcript", "Flags"] : ["Key", "Age", "Label", "Flags"],
                sessions,
                session => [
                    HumanFormat.Printable(session.Key),
                    HumanFormat.Age(session.AgeMs),
                    session.Label ?? "",
                    .. fromFiles ? [HumanFormat.Size(session.TranscriptBytes)] : Array.Empty<string>(),
                    string.Join(" ", FlagNames.Of(session.Flags)),
                ]);
            foreach (var session in sessions.Where(r => r.Problems.Count > 0))
            {
                console.Write(new Text($"{HumanFormat.Printable(session.Key)}: {string.Join("; ", session.Problems)}\n", new Style(Color.Yellow)));
            }
        }
    }
}
