namespace SessionCloser.Listing;

/// <summary>The flags <c>list</c> reports; part of the documented <c>--json</c> output, so never rename one.</summary>
public static class SessionFlags
{
    /// <summary>The agent's main session (or <c>global</c>/<c>unknown</c>): never closed.</summary>
    public const string Protected = "main";

    public const string MissingTranscript = "missing-transcript";

    /// <summary>The transcript has a live <c>.lock</c>: a run is in progress.</summary>
    public const string ActiveRun = "active-run";

    /// <summary>A transcript lock whose owner is gone; OpenClaw reclaims it.</summary>
    public const string StaleLock = "stale-lock";

    /// <summary>The entry has problems OpenClaw would also trip on (bad sessionId, sessionFile outside the directory, wrong types).</summary>
    public const string Invalid = "invalid";
}
