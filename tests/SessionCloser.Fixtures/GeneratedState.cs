namespace SessionCloser.Fixtures;

/// <summary>Everything <see cref="StoreGenerator"/> wrote, so tests can assert precisely.</summary>
public sealed record GeneratedState(
    string StateDir,
    string ConfigPath,
    StoreGeneratorOptions Options,
    IReadOnlyList<GeneratedAgent> Agents,
    IReadOnlyList<GeneratedSession> Sessions,
    IReadOnlyList<GeneratedPromptBlob> PromptBlobs,
    IReadOnlyList<string> OrphanArchives)
{
    public IEnumerable<string> Locks => Sessions.Select(s => s.LockPath).OfType<string>();

    public GeneratedAgent Agent(string agentId) => Agents.Single(a => a.AgentId == agentId);

    public GeneratedSession Session(string key) => Sessions.Single(s => s.Key == key);

    /// <summary>Every file written: stores, config, transcripts and artifacts, blobs and orphan archives.</summary>
    public IEnumerable<string> AllFiles =>
        Agents.Select(a => a.StorePath)
            .Append(ConfigPath)
            .Concat(Sessions.SelectMany(s => s.Artifacts).Select(a => a.Path))
            .Concat(PromptBlobs.Select(b => b.Path))
            .Concat(OrphanArchives);
}

public sealed record GeneratedAgent(string AgentId, bool IsDefault, string SessionsDir, string StorePath);

/// <param name="SessionFileValue">The entry's <c>sessionFile</c> as written, or null when absent.</param>
/// <param name="TranscriptPath">Where the primary transcript resolves to, whether or not it exists.</param>
/// <param name="Artifacts">Files on disk that belong to this session (empty without transcripts).</param>
public sealed record GeneratedSession(
    string AgentId,
    string Key,
    SessionKeyFamily Family,
    string SessionId,
    long UpdatedAt,
    SessionFileStyle SessionFileStyle,
    string? SessionFileValue,
    string TranscriptPath,
    bool TranscriptExists,
    IReadOnlyList<SessionArtifact> Artifacts,
    string? PromptBlobHash,
    bool HasLoneSurrogate)
{
    public string? LockPath => Artifacts.FirstOrDefault(a => a.Kind == SessionArtifactKind.TranscriptLock)?.Path;

    public IEnumerable<string> PathsOf(SessionArtifactKind kind) => Artifacts.Where(a => a.Kind == kind).Select(a => a.Path);
}

public sealed record SessionArtifact(SessionArtifactKind Kind, string Path);

/// <param name="ReferencingKeys">Session keys whose <c>skillsSnapshot.promptRef</c> names this blob; empty for an orphan.</param>
public sealed record GeneratedPromptBlob(string AgentId, string Hash, string Path, int Bytes, IReadOnlyList<string> ReferencingKeys);

public enum SessionKeyFamily
{
    Main,
    Project,
    LegacyProject,
    Cron,
    CronRun,
    Subagent,
    TelegramTopic,
    Thread,
    DiscordChannel,
    Direct,
    ModelRun,
}

public enum SessionFileStyle
{
    /// <summary>An absolute path, as current OpenClaw writes it.</summary>
    Absolute,

    /// <summary>A bare file name, resolved against the store's directory.</summary>
    Relative,

    /// <summary>No <c>sessionFile</c>: the transcript is <c>&lt;sessionId&gt;.jsonl</c>.</summary>
    Absent,
}

public enum SessionArtifactKind
{
    /// <summary>The primary transcript: <c>&lt;sid&gt;.jsonl</c>, <c>&lt;sid&gt;-topic-&lt;topic&gt;.jsonl</c> or a fork <c>&lt;ts&gt;_&lt;sid&gt;.jsonl</c>.</summary>
    Transcript,
    CheckpointTranscript,
    TrajectoryRuntime,
    TrajectoryPointer,
    ResetArchive,
    TranscriptLock,
}
