namespace SessionCloser.Artifacts;

/// <summary>A file renamed (or, with --dry-run, to be renamed) to its <c>.deleted.&lt;stamp&gt;</c> archive name.</summary>
/// <param name="From">
/// The file it was; null when there was no such file: from 2026.8 on, a transcript lives in the agent's SQLite
/// database, and the gateway writes the archive <see cref="To"/> from there.
/// </param>
/// <param name="To">The archive.</param>
/// <param name="Kind">What the file holds.</param>
public sealed record ArchivedFile(string? From, string To, ArtifactKind Kind)
{
    /// <summary>The file renamed to <see cref="To"/>: every archive session-closer renames itself (eras A/B) has one.</summary>
    internal string RenamedFrom => From ?? throw new InvalidOperationException($"{To} was written from OpenClaw's database, not renamed from a file");
}
