using System.Text.Json;
using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>
/// A failure reported by, or while talking to, an OpenClaw gateway. Branch on <see cref="Code"/>, then
/// <see cref="DetailsCode"/> / <see cref="DetailsReason"/>; the message text is only a fallback (its wording
/// changes between OpenClaw versions).
/// </summary>
internal sealed class GatewayException : SessionCloserException
{
    /// <summary>Our code for a request that was sent but whose connection closed before the answer came.</summary>
    public const string ConnectionLostCode = "CONNECTION_LOST";

    /// <summary>Our code for a gateway that could not be reached or whose WebSocket handshake failed.</summary>
    public const string UnreachableCode = "UNREACHABLE";

    /// <summary>Our code for a request that got no answer in time.</summary>
    public const string TimeoutCode = "TIMEOUT";

    /// <summary>Our code for a frame we could not understand (not JSON, wrong shape).</summary>
    public const string ProtocolCode = "PROTOCOL";

    /// <summary>Our code for connections that were accepted without the scopes we need.</summary>
    public const string ScopesCode = "SCOPES";

    /// <summary>Our code for a feature the connected OpenClaw version does not have.</summary>
    public const string NotSupportedCode = "NOT_SUPPORTED";

    /// <summary>Our code for session-closer's device key file being unusable (corrupt, inconsistent, readable by others).</summary>
    public const string DeviceKeyCode = "DEVICE_KEY";

    public GatewayException(
        string code,
        string message,
        ExitCode exitCode = ExitCode.StoreError,
        string? method = null,
        string? detailsCode = null,
        string? detailsReason = null,
        bool retryable = false,
        int? retryAfterMs = null,
        JsonElement? details = null,
        Exception? innerException = null)
        : base(exitCode, message, innerException)
    {
        Code = code;
        Method = method;
        DetailsCode = detailsCode;
        DetailsReason = detailsReason;
        Retryable = retryable;
        RetryAfterMs = retryAfterMs;
        Details = details;
    }

    /// <summary><c>error.code</c> from the gateway (INVALID_REQUEST, UNAVAILABLE, FORBIDDEN, NOT_PAIRED, ...) or one of our own codes above.</summary>
    public string Code { get; }

    /// <summary>The RPC method that failed; null for connection-level failures.</summary>
    public string? Method { get; }

    /// <summary><c>error.details.code</c>, e.g. AUTH_TOKEN_MISMATCH, MISSING_SCOPE, DEVICE_IDENTITY_REQUIRED, PROTOCOL_MISMATCH.</summary>
    public string? DetailsCode { get; }

    /// <summary><c>error.details.reason</c>, e.g. session-changed, startup-sidecars.</summary>
    public string? DetailsReason { get; }

    /// <summary><c>error.retryable</c>.</summary>
    public bool Retryable { get; }

    /// <summary><c>error.retryAfterMs</c>.</summary>
    public int? RetryAfterMs { get; }

    /// <summary><c>error.details</c> as sent (a detached copy), when there was one.</summary>
    public JsonElement? Details { get; }

    /// <summary>The gateway refused our credentials (token/password mismatch, missing, rate limited ...).</summary>
    public bool IsAuthFailure =>
        DetailsCode is { } c && c.StartsWith("AUTH_", StringComparison.Ordinal)
        || (Method == "connect" && GatewayMessage.Contains("unauthorized", StringComparison.OrdinalIgnoreCase));

    /// <summary>The token or password was wrong (as opposed to missing or rate limited).</summary>
    public bool IsCredentialMismatch =>
        DetailsCode is "AUTH_TOKEN_MISMATCH" or "AUTH_PASSWORD_MISMATCH";

    /// <summary>The connection lacks a scope (7.x: INVALID_REQUEST "missing scope: …"; 8.x+: FORBIDDEN / MISSING_SCOPE).</summary>
    public bool IsMissingScope =>
        DetailsCode == "MISSING_SCOPE"
        || GatewayMessage.StartsWith("missing scope:", StringComparison.Ordinal);

    /// <summary>The session was reset or recreated after it was listed (<c>expectedSessionId</c> no longer matches).</summary>
    public bool IsSessionChanged => DetailsReason == "session-changed";

    /// <summary>The gateway refused to delete or archive the agent's main session (or <c>global</c> on 9.x).</summary>
    public bool IsMainSessionRefusal =>
        Code == "INVALID_REQUEST"
        && (GatewayMessage.StartsWith("Cannot delete the main session", StringComparison.Ordinal)
            || GatewayMessage.StartsWith("Cannot archive an agent's main session", StringComparison.Ordinal));

    /// <summary>Builds the exception for a <c>res</c> frame with <c>ok:false</c>.</summary>
    internal static GatewayException FromError(string? method, JsonElement error)
    {
        var code = JsonFields.GetString(error, "code") ?? "UNKNOWN";
        var message = JsonFields.GetString(error, "message") ?? code;
        var retryable = error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("retryable", out var r) && r.ValueKind == JsonValueKind.True;
        int? retryAfter = error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("retryAfterMs", out var ra) && ra.ValueKind == JsonValueKind.Number
            && ra.TryGetDouble(out var raMs) && raMs >= 0
            ? (int)Math.Min(raMs, int.MaxValue)
            : null;
        JsonElement? details = error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("details", out var d) && d.ValueKind != JsonValueKind.Null
            ? d.Clone()
            : null;
        var detailsCode = details is { ValueKind: JsonValueKind.Object } dd ? JsonFields.GetString(dd, "code") : null;
        var detailsReason = details is { ValueKind: JsonValueKind.Object } dr ? JsonFields.GetString(dr, "reason") : null;

        var exit = code switch
        {
            "INVALID_REQUEST" when detailsReason == "session-changed" => ExitCode.Refused,
            "INVALID_REQUEST" when message.StartsWith("Cannot ", StringComparison.Ordinal) => ExitCode.Refused,
            _ => ExitCode.StoreError,
        };
        var prefix = method is null ? "OpenClaw gateway" : $"OpenClaw gateway {method}";
        return new GatewayException(
            code,
            $"{prefix}: {message}",
            exit,
            method,
            detailsCode,
            detailsReason,
            retryable,
            retryAfter,
            details);
    }

    /// <summary>The gateway's own message, without our "OpenClaw gateway method:" prefix.</summary>
    public string GatewayMessage
    {
        get
        {
            var prefix = Method is null ? "OpenClaw gateway: " : $"OpenClaw gateway {Method}: ";
            return Message.StartsWith(prefix, StringComparison.Ordinal) ? Message[prefix.Length..] : Message;
        }
    }

    /// <summary>How long to wait before repeating after a retryable UNAVAILABLE: its retryAfterMs (else 500 ms), at most <paramref name="max"/>.</summary>
    internal TimeSpan RetryDelay(TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Clamp(RetryAfterMs ?? 500, 50, (int)max.TotalMilliseconds));
}
