using SessionCloser.Database;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Keys;
using SessionCloser.Listing;

namespace SessionCloser.Backends;

/// <summary>
/// <c>list</c> in era C: each agent's SQLite database read read-only (every session, archived and cron runs
/// included), with the gateway stopped as with it running; with a gateway serving this state, its
/// <c>sessions.list</c> adds what the read cannot see: runs in progress, and sessions made after the read.
/// </summary>
internal static class DatabaseLister
{
    public static async Task<ListReport> ListAsync(
        OpenClawInstallation installation,
        IReadOnlyList<AgentStore> stores,
        ListContext context,
        GatewayEndpoint endpoint,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(endpoint);
        var warnings = new List<string>();
        var read = new List<(AgentStore Store, string Path, bool Exists, IReadOnlyList<ListedSession> Rows)>();
        int? schemaVersion = null;
        foreach (var store in stores)
        {
            var path = installation.DatabasePath(store.AgentId);
            if (!File.Exists(path))
            {
                read.Add((store, path, false, []));
                continue;
            }

            using var database = AgentDatabase.OpenReadOnly(path);
            schemaVersion ??= database.SchemaVersion;
            var mainKey = database.MainKey ?? context.MainKey;
            read.Add((store, path, true, DatabaseInventory.Rows(
                store.AgentId,
                database.ReadSessions(),
                key => MainSessionKeys.IsProtected(key, store.AgentId, mainKey),
                context.Now)));
        }

        var gateway = await GatewayAsync(installation, stores, endpoint, warnings, cancellationToken);
        GatewaySessionList? list = null;
        if (gateway is not null)
        {
            try
            {
                list = await gateway.ListRowsAsync(cancellationToken);
            }
            catch (GatewayException e)
            {
                warnings.Add($"the gateway at {gateway.GatewayUrl} did not list its sessions ({e.Message}): runs in progress are not marked");
            }
        }

        try
        {
            var listed = read.Select(entry => new ListedStore(entry.Store, list is null || gateway is null ? entry.Rows : Merge(entry.Rows, list, entry.Store, gateway, context))
            {
                Path = entry.Path,
                PathExists = entry.Exists,
            }).ToList();
            return new ListReport
            {
                Source = ListSource.Database,
                Stores = listed,
                AllAgents = context.AllAgents,
                Path = context.AllAgents || listed.Count > 1 ? null : listed[0].Path,
                GatewayUrl = list is null ? null : gateway?.GatewayUrl,
                GatewayVersion = list is null ? null : gateway?.GatewayVersion,
                SchemaVersion = schemaVersion,
                Warnings = warnings,
            };
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    /// <summary>The database's rows, each marked with the gateway's run in progress; a key the gateway holds with another session, or one the read did not see, as the gateway lists it (newer than the read).</summary>
    private static List<ListedSession> Merge(IReadOnlyList<ListedSession> rows, GatewaySessionList list, AgentStore store, GatewayBackend gateway, ListContext context)
    {
        var byKey = rows.ToDictionary(row => row.Key, StringComparer.Ordinal);
        foreach (var row in list.Sessions.Where(row => GatewayBackend.OwnedBy(row, store)))
        {
            if (byKey.TryGetValue(row.Key, out var stored) && stored.SessionId == row.SessionId)
            {
                byKey[row.Key] = row.HasActiveRun ? stored with { Flags = stored.Flags | SessionMarks.ActiveRun } : stored;
            }
            else
            {
                byKey[row.Key] = gateway.Listed(row, store, context);
            }
        }

        return [.. byKey.Values.OrderByDescending(row => row.UpdatedAt ?? 0).ThenBy(row => row.Key, StringComparer.Ordinal)];
    }

    /// <summary>A read-only connection to the gateway that serves this state, or null (with a warning when one answers but cannot be used).</summary>
    private static async Task<GatewayBackend?> GatewayAsync(OpenClawInstallation installation, IReadOnlyList<AgentStore> stores, GatewayEndpoint endpoint, List<string> warnings, CancellationToken cancellationToken)
    {
        if (stores.Count == 0 || !await endpoint.IsLiveAsync(BackendRouter.ProbeTimeout, cancellationToken))
        {
            return null;
        }

        try
        {
            var readOnly = new GatewayClientOptions { RequiredScopes = [GatewayScopes.Read] };
            var route = await BackendRouter.RouteAsync(installation, stores[0], endpoint, BackendPreference.Auto, force: false, readOnly, cancellationToken);
            if (route.Client is null)
            {
                return null;
            }

            return (GatewayBackend)route.CreateBackend(TimeProvider.System, stores[0]);
        }
        catch (SessionCloserException e)
        {
            warnings.Add($"listed from the database only: {e.Message.Replace(" Nothing was changed.", "", StringComparison.Ordinal)}");
            return null;
        }
    }
}
