namespace SessionCloser.Artifacts;

/// <summary>A file that belongs to a closed session and will be archived as <c>&lt;file&gt;.deleted.&lt;stamp&gt;</c>.</summary>
internal sealed record SessionArtifact(string Path, ArtifactKind Kind);
