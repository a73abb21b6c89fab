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

        return new GatewayDeleteResult(GetString(payload, "key") ?? key, IsTrue(payload, "deleted"), GetStrings(payload, "archived"), guarded);
    }

    /// <summary>
    /// Archives a session with <c>sessions.patch {key, archived:true}</c> (operator.write; 7.1+). 8.x+ require
    /// <c>expectedSessionId</c> and 7.x reject it, so it is sent by version and, on the matching refusal, the call is
    /// retried once the other way.
    /// </summary>
    internal async Task<GatewayArchiveResult> ArchiveSessionAsync(string key, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (IsOlderThan(2026, 7, 1))
        {
            throw NotSupported("sessions.patch", "archiving sessions", "2026.7.1");
        }

        var withExpected = !IsOlderThan(2026, 8, 0);
        JsonElement payload;
        try
        {
            payload = await PatchArchivedAsync(key, sessionId, withExpected, cancellationToken);
        }
        catch (GatewayException e) when (e.Code == "INVALID_REQUEST" && withExpected
            && e.GatewayMessage.Contains("unexpected property 'expectedSessionId'", StringComparison.Ordinal))
        {
            withExpected = false;
            payload = await PatchArchivedAsync(key, sessionId, withExpected, cancellationToken);
        }
        catch (GatewayException e) when (e.Code == "INVALID_REQUEST" && !withExpected
            && e.GatewayMessage.Contains("expectedSessionId required", StringComparison.Ordinal))
        {
            withExpected = true;
            payload = await PatchArchivedAsync(key, sessionId, withExpected, cancellationToken);
        }

        var entry = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("entry", out var en) ? en : default;
        return new GatewayArchiveResult(GetString(payload, "key") ?? key, GetLong(entry, "archivedAt"), withExpected);
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

    private Task<JsonElement> PatchArchivedAsync(string key, string sessionId, bool withExpected, CancellationToken cancellationToken) =>
        CallAsync("sessions.patch", w => WriteGuardedParams(w, key, "archived", true, withExpected ? sessionId : null), cancellationToken: cancellationToken);

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
