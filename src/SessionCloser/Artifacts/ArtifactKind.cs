namespace SessionCloser.Artifacts;

/// <summary>What a file is to its session. Part of the documented <c>--json</c> plan, so never rename one.</summary>
public enum ArtifactKind
{
    /// <summary>The entry's <c>sessionFile</c> or <c>&lt;sessionId&gt;.jsonl</c>.</summary>
    Transcript,

    /// <summary><c>&lt;sessionId&gt;-topic-&lt;topic&gt;.jsonl</c> (Telegram topics).</summary>
    TopicTranscript,

    /// <summary><c>&lt;timestamp&gt;_&lt;sessionId&gt;.jsonl</c>, made when a session forks or branches.</summary>
    ForkTranscript,

    /// <summary><c>&lt;sessionId&gt;.checkpoint.&lt;uuid&gt;.jsonl</c>, copies kept by compaction.</summary>
    CheckpointTranscript,

    /// <summary><c>&lt;sessionId&gt;.trajectory.jsonl</c> and <c>.trajectory-path.json</c>.</summary>
    TrajectorySidecar,
}
