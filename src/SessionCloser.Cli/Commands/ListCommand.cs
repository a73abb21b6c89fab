using System.CommandLine;
using System.Text.Json;
using SessionCloser.Backends;
using SessionCloser.Cli.Output;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Keys;
using SessionCloser.Listing;
using SessionCloser.Paths;
using SessionCloser.Store;
using Spectre.Console;

namespace SessionCloser.Cli.Commands;

/// <summary><c>session-closer list</c>: what is in an agent's store (or every agent's), newest first.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var agent = CommonOptions.Agent();
        var allAgents = new Option<bool>("--all-agents") { Description = "List every agent's store: configured agents and stores found on disk." };
        var stateDir = CommonOptions.StateDir();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var command = new Command("list", "List an agent's sessions: key, age, label, transcript size and flags.")
        {
            agent, allAgents, stateDir, profile, json,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(allAgents) && result.GetResult(agent) is { Implicit: false })
            {
                throw new SessionCloserException(ExitCode.Usage, "--agent and --all-agents cannot be combined");
            }

            var installation = OpenClawInstallation.Open(context.Environment, result.GetValue(stateDir), result.GetValue(profile));
            var stores = result.GetValue(allAgents)
                ? installation.Stores.DiscoverAll()
                : [installation.RequireAgent(result.GetValue(agent)!)];
            if (stores.Count > 0 && installation.DetectEra(stores[0].AgentId).Era == Eras.StorageEra.C)
            {
                // Sessions in SQLite: only the gateway can tell (refused, with what to do, when none runs).
                var endpoint = GatewayEndpoint.Resolve(context.Environment, installation.Config);
                var clientOptions = new GatewayClientOptions { RequiredScopes = [GatewayScopes.Read] };
                await using var route = await BackendRouter.RouteAsync(installation, stores[0], endpoint, BackendPreference.Auto, force: false, clientOptions, cancellationToken);
                if (route.Client is { } client)
                {
                    await GatewayListView.WriteAsync(context, client, stores, installation.Config.MainKey, result.GetValue(json), result.GetValue(allAgents), cancellationToken);
                    return (int)ExitCode.Success;
                }
            }

            var now = context.Clock.GetUtcNow();
            var listed = stores.Select(store => (Store: store, Rows: Rows(installation, store, now))).ToList();
            if (result.GetValue(json))
            {
                WriteJson(context, listed, result.GetValue(allAgents));
            }
            else
            {
                WriteTable(context, listed);
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    private static IReadOnlyList<SessionRow> Rows(OpenClawInstallation installation, AgentStore store, DateTimeOffset now)
    {
        var snapshot = StoreReader.ReadFile(store.StorePath);
        var mainKey = installation.Config.MainKey;
        return SessionInventory.Rows(store.AgentId, snapshot, key => MainSessionKeys.IsProtected(key, store.AgentId, mainKey), now);
    }

    private static void WriteJson(CliContext context, List<(AgentStore Store, IReadOnlyList<SessionRow> Rows)> listed, bool allAgents)
    {
        // The shape of 'openclaw sessions --json' (path, stores, allAgents, count, ...), plus session-closer's own fields.
        var rows = listed.SelectMany(l => l.Rows).OrderByDescending(r => r.UpdatedAt ?? 0).ToList();
        JsonOutput.Write(context.Out, w =>
        {
            w.WriteStartObject();
            var aggregate = allAgents || listed.Count > 1;
            w.WriteStringOrNull("path", aggregate ? null : listed[0].Store.StorePath);
            if (aggregate)
            {
                w.WriteStartArray("stores");
                foreach (var (store, _) in listed)
                {
                    w.WriteStartObject();
                    w.WriteString("agentId", store.AgentId);
                    w.WriteString("path", store.StorePath);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (allAgents)
            {
                w.WriteBoolean("allAgents", true);
            }

            WriteCounts(w, rows.Count);
            w.WriteStartArray("sessions");
            foreach (var row in rows)
            {
                SessionRowJson.Write(w, row);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The paging fields of 'openclaw sessions --json': session-closer always lists everything.</summary>
    public static void WriteCounts(Utf8JsonWriter w, int count)
    {
        w.WriteNumber("count", count);
        w.WriteNumber("totalCount", count);
        w.WriteNull("limitApplied");
        w.WriteBoolean("hasMore", false);
        w.WriteNull("activeMinutes");
    }

    private static void WriteTable(CliContext context, List<(AgentStore Store, IReadOnlyList<SessionRow> Rows)> listed)
    {
        var console = Terminal.For(context);
        foreach (var (store, rows) in listed)
        {
            console.Write(new Text($"Session store ({store.AgentId}): {store.StorePath}{(store.Exists ? "" : " (no store file)")}\n"));
            console.MarkupLine($"Sessions listed: {rows.Count}");
            if (rows.Count == 0)
            {
                continue;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("Key", "Age", "Label", "Transcript", "Flags");
            foreach (var row in rows)
            {
                // Plain Text cells: markup would also turn ":thread:" in a key into an emoji.
                table.AddRow(
                    new Text(row.Key),
                    new Text(HumanFormat.Age(row.AgeMs)),
                    new Text(row.Entry.Fields.Label ?? row.Entry.Fields.DisplayName ?? ""),
                    new Text(HumanFormat.Size(row.TranscriptBytes)),
                    new Text(string.Join(" ", row.Flags)));
            }

            console.Write(table);
            foreach (var row in rows.Where(r => r.Problems.Count > 0))
            {
                console.Write(new Text($"{row.Key}: {string.Join("; ", row.Problems)}\n", new Style(Color.Yellow)));
            }
        }
    }
}
