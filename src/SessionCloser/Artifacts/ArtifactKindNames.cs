namespace SessionCloser.Artifacts;

/// <summary>
/// The names a file kind has in <c>--json</c> and in the operation record: <c>transcript</c>, <c>topic-transcript</c>,
/// <c>fork-transcript</c>, <c>checkpoint-transcript</c>, <c>trajectory-sidecar</c>. Records written before these names
/// (the enum's, e.g. <c>TopicTranscript</c>) are still read.
/// </summary>
public static class ArtifactKindNames
{
    private static readonly (ArtifactKind Kind, string Name)[] Names =
    [
        (ArtifactKind.Transcript, "transcript"),
        (ArtifactKind.TopicTranscript, "topic-transcript"),
        (ArtifactKind.ForkTranscript, "fork-transcript"),
        (ArtifactKind.CheckpointTranscript, "checkpoint-transcript"),
        (ArtifactKind.TrajectorySidecar, "trajectory-sidecar"),
    ];

    /// <summary>Every name written today, for messages.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    public static string Name(ArtifactKind kind)
    {
        // A loop, not Names.First(predicate): a keep-only names 100,000+ files in its report and record.
        foreach (var (candidate, name) in Names)
        {
            if (candidate == kind)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a file kind");
    }

    /// <summary>A name written today, or the enum name older records hold.</summary>
    public static bool TryParse(string text, out ArtifactKind kind)
    {
        foreach (var (candidate, name) in Names)
        {
            if (text == name || text == candidate.ToString())
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
