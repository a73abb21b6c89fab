namespace SessionCloser.Sessions;

/// <summary>
/// What choosing sessions needs to know of one stored key, whatever holds it: a <c>sessions.json</c> entry read
/// from disk, or a row the gateway listed.
/// </summary>
internal interface ISessionRecord
{
    /// <summary>The key exactly as stored.</summary>
    string Key { get; }

    string? SessionId { get; }

    /// <summary>Epoch milliseconds; picks the newest of several case variants, as OpenClaw's lookups do.</summary>
    double? UpdatedAt { get; }

    /// <summary>Label, chatType, spawned, archived: what selectors read besides the key.</summary>
    SessionFacts Facts { get; }
}
