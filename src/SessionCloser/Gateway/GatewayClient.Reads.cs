using System.Text.Json;
using SessionCloser.Errors;
using static SessionCloser.Gateway.JsonFields;

namespace SessionCloser.Gateway;

/// <summary>Read-only session methods (operator.read): health, the paged list, existence of a key.</summary>
internal sealed partial class GatewayClient
{
    /// <summary><c>health</c> (operator.read). Cached by the server for 60 s unless <paramref name="probe"/>.</summary>
    internal async Task<GatewayHealth> HealthAsync(bool probe = false, CancellationToken cancellationToken = default)
    {
        var payload = await CallAsync("health", probe ? w => w.WriteBoolean("probe", true) : null, idempotent: true, cancellationToken: cancellationToken);
        return new GatewayHealth(IsTrue(payload, "ok"), GetString(payload, "defaultAgentId"), GetString(GetObject(payload, "sessions"), "path"));
    }

    /// <summary>
    /// Every row <c>sessions.list</c> returns, paging with limit/offset until hasMore is false (5.4+; older
    /// gateways return all rows in one answer). Note the gateway hides some keys (7.35: <c>cron:…:run:…</c>, and
    /// <c>global</c>/<c>unknown</c> unless asked for): this is the gateway's view, not the whole store.
    /// </summary>
    internal async Task<GatewaySessionList> ListSessionsAsync(GatewayListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GatewayListOptions();
        if (options.PageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PageSize must be at least 1.");
        }

        if (options.Archived == true && IsOlderThan(2026, 7, 1))
        {
            throw NotSupported("sessions.list", "listing archived sessions", "2026.7.1");
        }

        var paged = !IsOlderThan(2026, 5, 4);
        var sendArchived = options.Archived is not null && !IsOlderThan(2026, 7, 1);
        var rows = new List<GatewaySessionRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? path = null;
        var offset = 0;
        var pages = 0;
        while (true)
        {
            var pageOffset = offset;
            var payload = await CallAsync(
                "sessions.list",
                w =>
                {
                    if (paged)
                    {
                        w.WriteNumber("limit", options.PageSize);
                        if (pageOffset > 0)
                        {
                            w.WriteNumber("offset", pageOffset);
                        }
                    }

                    if (sendArchived)
                    {
                        w.WriteBoolean("archived", options.Archived!.Value);
                    }

                    if (options.AgentId is { } agent)
                    {
                        w.WriteString("agentId", agent);
                    }

                    if (options.IncludeGlobal)
                    {
                        w.WriteBoolean("includeGlobal", true);
                    }

                    if (options.IncludeUnknown)
                    {
                        w.WriteBoolean("includeUnknown", true);
                    }
                },
                idempotent: true,
                cancellationToken: cancellationToken);
            pages++;
            path = GetString(payload, "path") ?? path;
            var count = 0;
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("sessions", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    count++;
                    if (ParseRow(item) is { } row && seen.Add(row.Key))
                    {
                        rows.Add(row);
                    }
                }
            }

            if (!paged || !IsTrue(payload, "hasMore") || count == 0)
            {
                break;
            }

            var next = GetInt(payload, "nextOffset") ?? pageOffset + count;
            if (next <= pageOffset)
            {
                break;
            }

            offset = next;
        }

        return new GatewaySessionList(rows, path, pages);
    }

    /// <summary>
    /// Does the gateway's store hold <paramref name="key"/>? Uses <c>sessions.resolve {key}</c> (operator.read), which,
    /// unlike sessions.list, also sees keys the list hides. Null when the gateway's answer does not say.
    /// </summary>
    internal async Task<bool?> SessionExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            var payload = await CallAsync("sessions.resolve", w => w.WriteString("key", key), idempotent: true, cancellationToken: cancellationToken);
            return payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("ok", out var ok)
                ? ok.ValueKind == JsonValueKind.True
                : null;
        }
        catch (GatewayException e) when (e.Code == "INVALID_REQUEST" && e.GatewayMessage.StartsWith("No session found", StringComparison.Ordinal))
        {
            return false;
        }
    }

    /// <summary>
    /// One session as the gateway describes it: <c>sessions.describe {key}</c> (operator.read; 7.x+), the same row
    /// shape as <c>sessions.list</c> with <c>archived</c> and <c>pinned</c>; null when the key holds no session. A
    /// gateway without the method is asked through its active and archived lists instead.
    /// </summary>
    internal async Task<GatewaySessionRow?> DescribeSessionAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            var payload = await CallAsync("sessions.describe", w => w.WriteString("key", key), idempotent: true, cancellationToken: cancellationToken);
            return payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("session", out var session) ? ParseRow(session) : null;
        }
        catch (GatewayException e) when (e.Code == "INVALID_REQUEST" && e.GatewayMessage.StartsWith("unknown method", StringComparison.Ordinal))
        {
            bool?[] lists = IsOlderThan(2026, 7, 1) ? [null] : [false, true];
            foreach (var archived in lists)
            {
                var list = await ListSessionsAsync(new GatewayListOptions { Archived = archived }, cancellationToken);
                if (list.Sessions.FirstOrDefault(r => r.Key == key) is { } row)
                {
                    return row;
                }
            }

            return null;
        }
    }

    /// <summary>One <c>sessions.list</c> row, leniently: missing or mistyped fields become null; a row without a key is skipped.</summary>
    internal static GatewaySessionRow? ParseRow(JsonElement row)
    {
        if (GetString(row, "key") is not { Length: > 0 } key)
        {
            return null;
        }

        var archivedAt = GetLong(row, "archivedAt");
        return new GatewaySessionRow(
            key,
            GetString(row, "sessionId"),
            GetString(row, "agentId") ?? AgentIdFromKey(key),
            GetString(row, "label"),
            GetString(row, "kind"),
            GetLong(row, "updatedAt"),
            IsTrue(row, "archived") || archivedAt is not null,
            archivedAt,
            IsTrue(row, "hasActiveRun"),
            row);
    }

    private static string? AgentIdFromKey(string key)
    {
        var parts = key.Split(':');
        return parts.Length >= 3 && parts[0] == "agent" && parts[1].Length > 0 ? parts[1] : null;
    }

    private GatewayException NotSupported(string method, string what, string since) =>
        new(
            GatewayException.NotSupportedCode,
            $"OpenClaw {ServerVersion} does not support {what} over the gateway (needs {since} or later).",
            ExitCode.Refused,
            method);
}
