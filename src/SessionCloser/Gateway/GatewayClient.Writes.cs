using System.Text.Json;
using static SessionCloser.Gateway.JsonFields;

namespace SessionCloser.Gateway;

/// <summary>Mutating session methods: delete (admin), archive and create (write).</summary>
internal sealed partial class GatewayClient
{
    /// <summary>
    /// <c>sessions.delete</c> (operator.admin). With <paramref name="expectedSessionId"/> on 7.1+, the gateway
    /// refuses (<see cref="GatewayException.IsSessionChanged"/>) if the key now holds another session; older
    /// gateways have no such guard and <see cref="GatewayDeleteResult.Guarded"/> is false. The main session is
    /// refused (<see cref="GatewayException.IsMainSessionRefusal"/>); an already missing key gives Deleted:false.
    /// </summary>
    internal async Task<GatewayDeleteResult> DeleteSessionAsync(string key, string? expectedSessionId = null, bool deleteTranscript = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var guarded = !string.IsNullOrEmpty(expectedSessionId) && !IsOlderThan(2026, 7, 1);
        JsonElement payload;
        try
        {
            payload = await CallAsync(
                "sessions.delete",
                w => WriteGuardedParams(w, key, "deleteTranscript", deleteTranscript, guarded ? expectedSessionId : null),
                cancellationToken: cancellationToken);
        }
        catch (GatewayException e) when (guarded && e.IsSessionChanged)
        {
            // A guarded delete of a key that no longer exists is also "session-changed" (7.35, 9.6). Tell the two
            // apart: a missing key was already deleted; an existing one was reset or recreated and stays.
            if (await SessionExistsAsync(key, cancellationToken) == false)
            {
                return new GatewayDeleteResult(key, Deleted: false, [], guarded);
            }

            throw;
        }

        return new GatewayDeleteResult(GetString(payload, "key") ?? key, IsTrue(payload, "deleted"), GetStrings(payload, "archived"), guarded) { Reported = payload.GetRawText() };
    }

    /// <summary>
    /// Archives a session with <c>sessions.patch {key, archived:true}</c> (operator.write; 7.1+). 8.x+ require
    /// <c>expectedSessionId</c> and 7.x reject it, so it is sent by version and, on the matching refusal, the call is
    /// retried once the other way.
    /// </summary>
    internal async Task<GatewayArchiveResult> ArchiveSessionAsync(string key, string sessionId, CancellationToken cancellationToken = default)
    {
        var (payload, guarded) = await PatchArchivedAsync(key, sessionId, archived: true, cancellationToken);
        var entry = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("entry", out var en) ? en : default;
        return new GatewayArchiveResult(GetString(payload, "key") ?? key, GetLong(entry, "archivedAt"), guarded) { Reported = payload.GetRawText() };
    }

    /// <summary>
    /// Undoes <see cref="ArchiveSessionAsync"/> with <c>sessions.patch {key, archived:false}</c> (operator.write;
    /// 7.1+), only when the key still holds <paramref name="sessionId"/> and it is archived: checked first with
    /// <see cref="DescribeSessionAsync"/>, because 7.x has no guard and its patch of a missing key creates a new empty
    /// session; 8.x+ also get <c>expectedSessionId</c>. OpenClaw moves <c>updatedAt</c> and does not give back a pin the
    /// archive removed (<see cref="PinSessionAsync"/> pins again).
    /// </summary>
    internal async Task<GatewayUnarchiveResult> UnarchiveSessionAsync(string key, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (IsOlderThan(2026, 7, 1))
        {
            throw NotSupported("sessions.patch", "unarchiving sessions", "2026.7.1");
        }

        var withExpected = !IsOlderThan(2026, 8, 0);
        if (Unchanged(await DescribeSessionAsync(key, cancellationToken)) is { } early)
        {
            return early;
        }

        JsonElement payload;
        try
        {
            (payload, withExpected) = await PatchArchivedAsync(key, sessionId, archived: false, cancellationToken);
        }
        catch (GatewayException e) when (e.IsSessionChanged)
        {
            // Deleted or recreated between the check and the patch: say which, from what the key holds now.
            if (Unchanged(await DescribeSessionAsync(key, cancellationToken)) is { } changed)
            {
                return changed;
            }

            throw;
        }

        var entry = GetObject(payload, "entry");
        return new GatewayUnarchiveResult(GetString(payload, "key") ?? key, UnarchiveOutcome.Unarchived, GetString(entry, "sessionId") ?? sessionId, withExpected, entry);

        // What to answer without patching: the key is gone, holds another session, or is not archived (any more).
        GatewayUnarchiveResult? Unchanged(GatewaySessionRow? row) => row switch
        {
            null => new GatewayUnarchiveResult(key, UnarchiveOutcome.Missing, null, withExpected, default),
            { SessionId: { } id } when id != sessionId => new GatewayUnarchiveResult(key, UnarchiveOutcome.Replaced, id, withExpected, default),
            { Archived: false } => new GatewayUnarchiveResult(key, UnarchiveOutcome.NotArchived, row.SessionId, withExpected, default),
            _ => null,
        };
    }

    /// <summary>
    /// <c>sessions.patch {key, pinned:true}</c> (operator.write; 7.1+): pins a session again after
    /// <see cref="UnarchiveSessionAsync"/> (archiving drops the pin). OpenClaw stamps a new <c>pinnedAt</c> (now).
    /// Returns that <c>pinnedAt</c> when the gateway reports it.
    /// </summary>
    internal async Task<long?> PinSessionAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var payload = await CallAsync(
            "sessions.patch",
            w =>
            {
                w.WriteString("key", key);
                w.WriteBoolean("pinned", true);
            },
            cancellationToken: cancellationToken);
        return GetLong(GetObject(payload, "entry"), "pinnedAt");
    }

    /// <summary><c>sessions.create {key, label}</c> (operator.write; 3.24+). An existing key is adopted.</summary>
    internal async Task<GatewayCreateResult> CreateSessionAsync(string key, string? label = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var payload = await CallAsync(
            "sessions.create",
            w =>
            {
                w.WriteString("key", key);
                if (!string.IsNullOrEmpty(label))
                {
                    w.WriteString("label", label);
                }
            },
            cancellationToken: cancellationToken);
        var entry = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("entry", out var en) ? en : default;
        var sessionId = GetString(payload, "sessionId") ?? GetString(entry, "sessionId")
            ?? throw new GatewayException(GatewayException.ProtocolCode, "OpenClaw gateway sessions.create: the answer has no sessionId.", method: "sessions.create");
        return new GatewayCreateResult(GetString(payload, "key") ?? key, sessionId);
    }

    /// <summary>
    /// <c>sessions.patch {key, archived, expectedSessionId?}</c>: 8.x+ require the guard and 7.x reject it, so it is
    /// sent by version and, on the matching refusal, the call is retried once the other way. Returns the payload and
    /// whether the guard went out.
    /// </summary>
    private async Task<(JsonElement Payload, bool Guarded)> PatchArchivedAsync(string key, string sessionId, bool archived, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (IsOlderThan(2026, 7, 1))
        {
            throw NotSupported("sessions.patch", archived ? "archiving sessions" : "unarchiving sessions", "2026.7.1");
        }

        var withExpected = !IsOlderThan(2026, 8, 0);
        try
        {
            return (await PatchOnceAsync(withExpected), withExpected);
        }
        catch (GatewayException e) when (IsGuardRefusal(e, withExpected))
        {
            return (await PatchOnceAsync(!withExpected), !withExpected);
        }

        Task<JsonElement> PatchOnceAsync(bool guarded) =>
            CallAsync("sessions.patch", w => WriteGuardedParams(w, key, "archived", archived, guarded ? sessionId : null), cancellationToken: cancellationToken);
    }

    /// <summary>The gateway refused the guard as sent: 7.x rejects <c>expectedSessionId</c>, 8.x+ require it.</summary>
    private static bool IsGuardRefusal(GatewayException e, bool withExpected) =>
        e.Code == "INVALID_REQUEST" && (withExpected
            ? e.GatewayMessage.Contains("unexpected property 'expectedSessionId'", StringComparison.Ordinal)
            : e.GatewayMessage.Contains("expectedSessionId required", StringComparison.Ordinal));

    /// <summary><c>{key, &lt;flag&gt;, expectedSessionId?}</c>: schemas are closed, so the guard is left out, never null, where it must not go.</summary>
    private static void WriteGuardedParams(Utf8JsonWriter w, string key, string flag, bool value, string? expectedSessionId)
    {
        w.WriteString("key", key);
        w.WriteBoolean(flag, value);
        if (expectedSessionId is not null)
        {
            w.WriteString("expectedSessionId", expectedSessionId);
        }
    }
}
