namespace SessionCloser.Artifacts;

/// <summary>A file renamed (or, with --dry-run, to be renamed) to its <c>.deleted.&lt;stamp&gt;</c> archive name.</summary>
public sealed record ArchivedFile(string From, string To, ArtifactKind Kind);
