using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Gateway;
using SessionCloser.Keys;
using SessionCloser.Listing;
using SessionCloser.Paths;
using Spectre.Console;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>list</c> where sessions live in SQLite (2026.8+): the gateway owns them, so they are read with its own
/// <c>sessions.list</c> (active sessions, as <c>openclaw sessions</c> shows them), one connection for every agent.
/// </summary>
internal static class GatewayListView
{
    public static async Task WriteAsync(CliContext context, GatewayClient client, IReadOnlyList<AgentStore> stores, string mainKey, bool json, bool allAgents, CancellationToken cancellationToken)
    {
        var list = await client.ListSessionsAsync(cancellationToken: cancellationToken);
        var now = context.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var listed = stores.Select(store => (
            Store: store,
            Rows: list.Sessions.Where(r => SessionKeys.Parse(r.Key)?.OwnerAgentId == AgentIds.Normalize(store.AgentId)).ToList())).ToList();
        string[] Flags(AgentStore store, GatewaySessionRow row) =>
        [
            .. MainSessionKeys.IsProtected(row.Key, store.AgentId, mainKey) || row.Key == client.Snapshot.MainSessionKey ? [SessionFlags.Protected] : Array.Empty<string>(),
            .. row.HasActiveRun ? [SessionFlags.ActiveRun] : Array.Empty<string>(),
        ];

        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                var rows = listed.SelectMany(l => l.Rows.Select(r => (l.Store, Row: r))).OrderByDescending(x => x.Row.UpdatedAt ?? 0).ToList();
                w.WriteStartObject();
                w.WriteStringOrNull("path", list.Path);
                if (allAgents)
                {
                    w.WriteBoolean("allAgents", true);
                }

                w.WriteString("source", "gateway");
                w.WriteString("gatewayVersion", client.ServerVersion);
                ListCommand.WriteCounts(w, rows.Count);
                w.WriteStartArray("sessions");
                foreach (var (store, row) in rows)
                {
                    // The gateway's row as it sent it, plus session-closer's flags.
                    w.WriteStartObject();
                    foreach (var property in row.Raw.EnumerateObject())
                    {
                        property.WriteTo(w);
                    }

                    if (!row.Raw.TryGetProperty("agentId", out _))
                    {
                        w.WriteString("agentId", store.AgentId);
                    }

                    if (!row.Raw.TryGetProperty("ageMs", out _) && row.UpdatedAt is { } updated)
                    {
                        w.WriteNumber("ageMs", Math.Max(0, now - updated));
                    }

                    w.WriteStrings("flags", Flags(store, row));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        var console = Terminal.For(context);
        foreach (var (store, rows) in listed)
        {
            console.Write(new Text($"Sessions of {store.AgentId}, from the gateway at {client.Endpoint.Url} (OpenClaw {client.ServerVersion}; they live in SQLite)\n"));
            console.MarkupLine($"Sessions listed: {rows.Count}");
            if (rows.Count == 0)
            {
                continue;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("Key", "Age", "Label", "Flags");
            foreach (var row in rows.OrderByDescending(r => r.UpdatedAt ?? 0))
            {
                table.AddRow(
                    new Text(row.Key),
                    new Text(HumanFormat.Age(row.UpdatedAt is { } u ? Math.Max(0, now - u) : null)),
                    new Text(row.Label ?? ""),
                    new Text(string.Join(" ", Flags(store, row))));
            }

            console.Write(table);
        }
    }
}
