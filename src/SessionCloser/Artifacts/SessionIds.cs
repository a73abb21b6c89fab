using System.Text.RegularExpressions;

namespace SessionCloser.Artifacts;

/// <summary>
/// OpenClaw's own rule for a usable <c>sessionId</c> (2026.7.35 <c>validateSessionId</c>): a safe file-name stem,
/// and not one that would make <c>&lt;id&gt;.jsonl</c> look like a compaction checkpoint copy.
/// </summary>
internal static partial class SessionIds
{
    public static bool IsValid(string? sessionId) =>
        sessionId is not null
        && sessionId == sessionId.Trim()
        && SafeSessionId().IsMatch(sessionId)
        && !ArtifactNames.IsCheckpointTranscript(sessionId + ".jsonl");

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,127}\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SafeSessionId();
}
