using System.Text.Json;

namespace SessionCloser.Gateway;

/// <summary>Well-known operator scopes.</summary>
internal static class GatewayScopes
{
    public const string Admin = "operator.admin";
    public const string Read = "operator.read";
    public const string Write = "operator.write";

    /// <summary>What session-closer asks for: admin (needed by sessions.delete) plus read and write.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Read, Write];
}

/// <summary>Settings for <see cref="GatewayClient"/>. Every timeout is bounded; defaults suit a local gateway.</summary>
internal sealed record GatewayClientOptions
{
    /// <summary><c>client.version</c> in the connect request (must be non-empty).</summary>
    internal string ClientVersion { get; init; } = GatewayClient.DefaultClientVersion;

    /// <summary>Scopes the connection must be granted, or connecting fails. Default: all of <see cref="GatewayScopes.All"/>.</summary>
    internal IReadOnlyList<string> RequiredScopes { get; init; } = GatewayScopes.All;

    /// <summary>TCP + WebSocket open + connect/hello-ok, per attempt.</summary>
    internal TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest wait for the answer to a write (<c>--timeout</c>) while the gateway stays alive. A write may run
    /// OpenClaw's own session maintenance first (pruning and archiving hundreds of old entries: 104 s seen on a busy
    /// 2-core host), and giving up on a write still in flight helps nobody: a gateway that stops talking is noticed by
    /// <see cref="LivenessMisses"/>, not by this bound.
    /// </summary>
    internal TimeSpan WriteTimeout { get; init; } = DefaultWriteTimeout;

    /// <summary>The longest wait for a read (health, describe, resolve, one list page), also while alive; never more than <see cref="WriteTimeout"/>.</summary>
    internal TimeSpan ReadTimeout { get; init; } = DefaultReadTimeout;

    /// <summary>How many tick intervals (hello-ok <c>policy.tickIntervalMs</c>) of silence declare the connection lost. OpenClaw's own client allows 2.</summary>
    internal int LivenessMisses { get; init; } = 3;

    /// <summary>Tests only: the silence that declares the connection lost instead of <see cref="LivenessMisses"/> tick intervals.</summary>
    internal TimeSpan? LivenessWindow { get; init; }

    /// <summary>Default <see cref="WriteTimeout"/>: 10 minutes.</summary>
    internal static TimeSpan DefaultWriteTimeout => TimeSpan.FromMinutes(10);

    /// <summary>Default <see cref="ReadTimeout"/>: 2 minutes (a big 7.x list page takes long on a loaded host).</summary>
    internal static TimeSpan DefaultReadTimeout => TimeSpan.FromMinutes(2);

    /// <summary>The bound for one call: reads never wait longer than writes.</summary>
    internal TimeSpan BoundFor(bool idempotent) => idempotent && ReadTimeout < WriteTimeout ? ReadTimeout : WriteTimeout;

    /// <summary>The silence after which a connection whose gateway ticks every <paramref name="tickInterval"/> is lost.</summary>
    internal TimeSpan LivenessWindowFor(TimeSpan tickInterval) => LivenessWindow ?? tickInterval * Math.Max(1, LivenessMisses);

    /// <summary>How many times one request is retried after a retryable UNAVAILABLE (startup, busy).</summary>
    internal int MaxUnavailableRetries { get; init; } = 20;

    /// <summary>Upper bound for one wait after a retryable UNAVAILABLE (the server's retryAfterMs is honoured up to this).</summary>
    internal TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reconnect when the gateway closes with 1012 (service restart) or announced a shutdown.</summary>
    internal bool ReconnectOnRestart { get; init; } = true;

    /// <summary>Total time spent reconnecting after a restart (backoff 1 s, 2 s, 4 s … capped at 30 s).</summary>
    internal TimeSpan ReconnectBudget { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Largest message accepted from the gateway (a frame beyond this closes the connection).</summary>
    internal int MaxMessageBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>
    /// session-closer's device key file, used only when no client identity gets any scope without a signed device
    /// (OpenClaw 2026.3.13 – 2026.4.14). Created (mode 0600) on first use; normally
    /// <see cref="GatewayDeviceIdentity.DefaultPath"/> of the gateway's state dir. Null: never sign in as a device.
    /// </summary>
    internal string? DeviceIdentityPath { get; init; }

    /// <summary>Tests only: the (client.id, client.mode) pairs to try instead of cli/cli then gateway-client/backend.</summary>
    internal IReadOnlyList<(string Id, string Mode)>? ClientIdentities { get; init; }

    /// <summary>Called on the receive loop for every event except connect.challenge. Must return quickly; exceptions are ignored.</summary>
    internal Action<GatewayEvent>? OnEvent { get; init; }
}

/// <summary>An event the gateway sent (<c>tick</c>, <c>health</c>, <c>shutdown</c>, …), by name; unknown ones too.</summary>
internal sealed record GatewayEvent(string Name);

/// <summary>The parts of <c>hello-ok.snapshot</c> that say which state this gateway owns.</summary>
/// <param name="StateDir">snapshot.stateDir.</param>
/// <param name="ConfigPath">snapshot.configPath.</param>
/// <param name="MainSessionKey">snapshot.sessionDefaults.mainSessionKey (e.g. agent:main:main): never delete it.</param>
/// <param name="DefaultAgentId">snapshot.sessionDefaults.defaultAgentId.</param>
/// <param name="AuthMode">snapshot.authMode (token, password, none …).</param>
internal sealed record GatewaySnapshot(string? StateDir, string? ConfigPath, string? MainSessionKey, string? DefaultAgentId, string? AuthMode);

/// <summary>The <c>health</c> result: <see cref="SessionsPath"/> is sessions.json (file era) or the agent SQLite file (9.x).</summary>
internal sealed record GatewayHealth(bool Ok, string? DefaultAgentId, string? SessionsPath);

/// <summary>One <c>sessions.list</c> row (7.35 rows have no agentId: it is taken from the key).</summary>
internal sealed record GatewaySessionRow(
    string Key,
    string? SessionId,
    string? AgentId,
    string? Label,
    string? Kind,
    long? UpdatedAt,
    bool Archived,
    long? ArchivedAt,
    bool HasActiveRun,
    JsonElement Raw)
{
    /// <summary>The row says the session is pinned (<c>pinned</c> or <c>pinnedAt</c>; 7.1+).</summary>
    public bool Pinned => JsonFields.IsTrue(Raw, "pinned") || JsonFields.GetLong(Raw, "pinnedAt") is not null;
}

/// <summary>All rows of a (paged) <c>sessions.list</c>.</summary>
/// <param name="Sessions">Rows in the gateway's order (newest first), each key once.</param>
/// <param name="Path">The store path the gateway reported ("(multiple)" for several or none).</param>
/// <param name="Pages">How many requests it took.</param>
internal sealed record GatewaySessionList(IReadOnlyList<GatewaySessionRow> Sessions, string? Path, int Pages);

/// <summary>Filters for <see cref="GatewayClient.ListSessionsAsync"/>. Unset values are not sent.</summary>
internal sealed record GatewayListOptions
{
    /// <summary>true = only archived rows, false = only active ones (7.1+); null = the gateway's default (active only).</summary>
    public bool? Archived { get; init; }

    /// <summary>Only this agent's sessions.</summary>
    public string? AgentId { get; init; }

    /// <summary>Include the <c>global</c> row.</summary>
    public bool IncludeGlobal { get; init; }

    /// <summary>Include the <c>unknown</c> row.</summary>
    public bool IncludeUnknown { get; init; }

    /// <summary>Rows per request (5.4+; older gateways return everything at once).</summary>
    public int PageSize { get; init; } = 500;
}

/// <summary>The <c>sessions.delete</c> result. <c>Deleted:false</c> means the key was already gone.</summary>
/// <param name="Key">The key as the gateway echoed it.</param>
/// <param name="Deleted">Whether a row was removed.</param>
/// <param name="Archived">Paths the transcript(s) were archived to (<c>&lt;sid&gt;.jsonl.deleted.&lt;ts&gt;</c>, 9.x adds <c>.&lt;hex&gt;.zst</c>).</param>
/// <param name="Guarded">True when <c>expectedSessionId</c> was sent (7.1+), so the delete could not hit a recreated session.</param>
internal sealed record GatewayDeleteResult(string Key, bool Deleted, IReadOnlyList<string> Archived, bool Guarded)
{
    /// <summary>The gateway's answer as JSON text (kept in the operation log); null when the client inferred the result.</summary>
    public string? Reported { get; init; }
}

/// <summary>The <c>sessions.patch {archived:true}</c> result.</summary>
/// <param name="Key">The key.</param>
/// <param name="ArchivedAt">entry.archivedAt (ms since epoch), when reported.</param>
/// <param name="Guarded">True when <c>expectedSessionId</c> was sent (8.x+).</param>
internal sealed record GatewayArchiveResult(string Key, long? ArchivedAt, bool Guarded)
{
    /// <summary>The gateway's answer as JSON text (kept in the operation log).</summary>
    public string? Reported { get; init; }
}

/// <summary>The <c>sessions.create</c> result (an existing key is adopted with its sessionId).</summary>
internal sealed record GatewayCreateResult(string Key, string SessionId);

/// <summary>What <see cref="GatewayClient.UnarchiveSessionAsync"/> found and did.</summary>
internal enum UnarchiveOutcome
{
    /// <summary>The archived session is active again.</summary>
    Unarchived,

    /// <summary>The key holds the same session and it is not archived (someone unarchived it already); nothing was sent.</summary>
    NotArchived,

    /// <summary>The key holds no session any more (deleted since); nothing was created.</summary>
    Missing,

    /// <summary>The key now holds another session (deleted and recreated since); it was left alone.</summary>
    Replaced,
}

/// <summary>The result of <see cref="GatewayClient.UnarchiveSessionAsync"/>.</summary>
/// <param name="Key">The key.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="SessionId">The sessionId the key holds now, when it holds one.</param>
/// <param name="Guarded">True when <c>expectedSessionId</c> was (or would have been) sent (8.x+).</param>
/// <param name="Entry">The stored entry the gateway returned after the patch (undefined when nothing was patched).</param>
internal sealed record GatewayUnarchiveResult(string Key, UnarchiveOutcome Outcome, string? SessionId, bool Guarded, JsonElement Entry);
