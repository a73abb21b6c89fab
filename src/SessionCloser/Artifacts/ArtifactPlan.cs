namespace SessionCloser.Artifacts;

/// <summary>
/// The files closing one session will archive, or why the session must not be closed by editing files:
/// an unusable <c>sessionId</c>/<c>sessionFile</c>, or a transcript with a live lock (a run in progress).
/// </summary>
internal sealed record ArtifactPlan(IReadOnlyList<SessionArtifact> Files, string? Refusal, bool HasActiveRun)
{
    public bool IsRefused => Refusal is not null;
}
