using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>One generation: plans sessions, writes their files, then the stores, config, blobs and orphan archives.</summary>
internal sealed class StoreGenerationRun
{
    private const long Minute = 60_000;
    private const long Day = 24 * 60 * Minute;

    private readonly string _stateDir;
    private readonly StoreGeneratorOptions _options;
    private readonly long _nowMs;
    private readonly FixtureRandom _random;
    private readonly SessionEntryBuilder _entries;
    private readonly Dictionary<string, AgentDraft> _agents = new(StringComparer.Ordinal);
    private readonly List<GeneratedSession> _sessions = [];
    private readonly List<string> _orphanArchives = [];

    public StoreGenerationRun(string stateDir, StoreGeneratorOptions options)
    {
        _stateDir = stateDir;
        _options = options;
        _nowMs = options.Now.ToUnixTimeMilliseconds();
        _random = new FixtureRandom(options.Seed);
        _entries = new SessionEntryBuilder(_random);
    }

    public GeneratedState Run()
    {
        var defaultAgent = _options.AgentIds.Contains("main") ? "main" : _options.AgentIds[0];
        foreach (var agentId in _options.AgentIds)
        {
            var sessionsDir = Path.Combine(_stateDir, "agents", agentId, "sessions");
            Directory.CreateDirectory(sessionsDir);
            var agent = new GeneratedAgent(agentId, agentId == defaultAgent, sessionsDir, Path.Combine(sessionsDir, "sessions.json"));
            _agents.Add(agentId, new AgentDraft(agent, [], new PromptBlobPool(agentId, sessionsDir, _random)));
        }

        var configPath = _options.WriteConfig ? WriteConfig(defaultAgent) : Path.Combine(_stateDir, "openclaw.json");
        var plan = SessionPlanner.Plan(_random, new SessionKeyFactory(_random), _options.AgentIds, _options.SessionCount);
        var mains = Math.Min(_options.AgentIds.Count, plan.Count);
        for (var i = 0; i < plan.Count; i++)
        {
            var slot = i - mains;
            GenerateSession(plan[i], slot < SessionPlanner.CoverageFamilies.Length ? slot : -1);
        }

        var blobs = new List<GeneratedPromptBlob>();
        foreach (var draft in _agents.Values)
        {
            StoreGenerator.WriteStore(draft.Agent.StorePath, draft.Store, _options.Now);
            blobs.AddRange(draft.Blobs.WriteAll(_nowMs - (3 * Day)));
            WriteOrphanArchives(draft.Agent);
        }

        return new GeneratedState(_stateDir, configPath, _options, [.. _agents.Values.Select(a => a.Agent)], _sessions, blobs, _orphanArchives);
    }

    private string WriteConfig(string defaultAgent)
    {
        var list = new JsonArray();
        foreach (var agentId in _options.AgentIds)
        {
            list.Add((JsonNode)(agentId == defaultAgent ? new JsonObject { ["id"] = agentId, ["default"] = true } : new JsonObject { ["id"] = agentId }));
        }

        var path = Path.Combine(_stateDir, "openclaw.json");
        FixtureFiles.Write(path, JsJson.Stringify(new JsonObject { ["agents"] = new JsonObject { ["list"] = list } }) + "\n", _nowMs);
        return path;
    }

    private void GenerateSession(PlannedKey planned, int coverageSlot)
    {
        var draft = _agents[planned.AgentId];
        var traits = SessionTraits.Decide(_random, planned, coverageSlot, _options.IncludeLoneSurrogates, _options.MissingTranscripts);
        var sessionId = _random.Uuid();
        var updatedAt = _nowMs - Age(planned.Family);
        var startedAt = updatedAt - _random.Between(Minute, 3 * Day);
        var sessionsDir = draft.Agent.SessionsDir;

        var fileName = traits.Naming switch
        {
            TranscriptNaming.Topic => $"{sessionId}-topic-{UriComponent.Encode(planned.TopicId!)}.jsonl",
            TranscriptNaming.Fork => $"{JsTime.FileSafeIso(startedAt)}_{sessionId}.jsonl",
            _ => $"{sessionId}.jsonl",
        };
        var transcriptPath = Path.Combine(sessionsDir, fileName);
        var sessionFile = traits.Style switch
        {
            SessionFileStyle.Absolute => transcriptPath,
            SessionFileStyle.Relative => fileName,
            _ => null,
        };

        var artifacts = new List<SessionArtifact>();
        var writeFiles = _options.WriteTranscripts;
        var transcriptExists = writeFiles && !traits.TranscriptMissing;
        if (transcriptExists)
        {
            WriteTranscript(transcriptPath, sessionId, startedAt, updatedAt);
            artifacts.Add(new(SessionArtifactKind.Transcript, transcriptPath));
        }

        var checkpoints = traits.Checkpoints > 0 ? new JsonArray() : null;
        for (var c = 0; c < traits.Checkpoints; c++)
        {
            var checkpointPath = Path.Combine(sessionsDir, $"{sessionId}.checkpoint.{_random.Uuid()}.jsonl");
            var createdAt = startedAt + ((c + 1) * ((updatedAt - startedAt) / (traits.Checkpoints + 1)));
            checkpoints!.Add((JsonNode)Checkpoint(planned.Key, sessionId, createdAt, checkpointPath, transcriptPath));
            if (writeFiles)
            {
                WriteTranscript(checkpointPath, sessionId, startedAt, createdAt);
                artifacts.Add(new(SessionArtifactKind.CheckpointTranscript, checkpointPath));
            }
        }

        if (writeFiles && traits.Trajectory)
        {
            artifacts.AddRange(WriteTrajectory(transcriptPath, sessionId, startedAt, updatedAt));
        }

        if (writeFiles && traits.ResetArchive)
        {
            var resetAt = startedAt - _random.Between(Minute, Day);
            var archivePath = Path.Combine(sessionsDir, $"{_random.Uuid()}.jsonl.reset.{JsTime.FileSafeIso(resetAt)}");
            WriteTranscript(archivePath, sessionId, resetAt - Day, resetAt);
            artifacts.Add(new(SessionArtifactKind.ResetArchive, archivePath));
        }

        if (transcriptExists && traits.Lock)
        {
            var lockPath = transcriptPath + ".lock";
            var payload = new JsonObject { ["pid"] = _random.Between(1_000, 99_999), ["createdAt"] = JsTime.Iso(_nowMs - Minute), ["maxHoldMs"] = 600_000 };
            FixtureFiles.Write(lockPath, JsJson.Stringify(payload) + "\n", _nowMs - Minute);
            artifacts.Add(new(SessionArtifactKind.TranscriptLock, lockPath));
        }

        var (blobHash, promptRef) = traits.PromptRef ? draft.Blobs.Reference(planned.Key) : (null, null);
        var label = traits.LoneSurrogate ? FixtureText.TruncatedEmojiLabel(_random.Pick(FixtureText.Labels)) : null;
        draft.Store[planned.Key] = _entries.Build(new EntryFacts(planned, sessionId, updatedAt, startedAt, sessionFile, promptRef, checkpoints, label));

        _sessions.Add(new GeneratedSession(
            planned.AgentId, planned.Key, planned.Family, sessionId, updatedAt, traits.Style, sessionFile, transcriptPath,
            transcriptExists, artifacts, blobHash, traits.LoneSurrogate));
    }

    /// <summary>Mostly recent, with a long tail: age-based cleanup needs both sides of any threshold.</summary>
    private long Age(SessionKeyFamily family)
    {
        if (family == SessionKeyFamily.Main)
        {
            return _random.Between(0, 2 * Day);
        }

        if (_options.MaxAge is { } maxAge)
        {
            return _random.Between(0, (long)maxAge.TotalMilliseconds);
        }

        var bucket = _random.Between(1, 100);
        return bucket <= 70 ? _random.Between(0, 30 * Day)
            : bucket <= 95 ? _random.Between(30 * Day, 180 * Day)
            : _random.Between(180 * Day, 365 * Day);
    }

    private JsonObject Checkpoint(string key, string sessionId, long createdAt, string checkpointPath, string transcriptPath)
    {
        var before = _random.Between(150_000, 190_000);
        return new JsonObject
        {
            ["checkpointId"] = _random.Uuid(),
            ["sessionKey"] = key,
            ["sessionId"] = sessionId,
            ["createdAt"] = createdAt,
            ["reason"] = _random.Pick(["auto-threshold", "manual", "overflow-retry", "timeout-retry"]),
            ["tokensBefore"] = before,
            ["tokensAfter"] = before / _random.Between(4, 12),
            ["summary"] = "Zusammenfassung: deploy fixed ✅, 下一步: tests",
            ["preCompaction"] = new JsonObject { ["sessionId"] = sessionId, ["sessionFile"] = checkpointPath, ["leafId"] = _random.Hex(8) },
            ["postCompaction"] = new JsonObject { ["sessionId"] = sessionId, ["sessionFile"] = transcriptPath, ["leafId"] = _random.Hex(8) },
        };
    }

    private IEnumerable<SessionArtifact> WriteTrajectory(string transcriptPath, string sessionId, long startedAt, long updatedAt)
    {
        // Sidecars derive from the transcript path: strip ".jsonl", add ".trajectory.jsonl" / ".trajectory-path.json".
        var stem = transcriptPath[..^".jsonl".Length];
        var runtimePath = stem + ".trajectory.jsonl";
        var pointerPath = stem + ".trajectory-path.json";
        FixtureFiles.Write(runtimePath, TranscriptText.Trajectory(_random, sessionId, startedAt), updatedAt);
        var pointer = new JsonObject
        {
            ["traceSchema"] = "openclaw-trajectory-pointer",
            ["schemaVersion"] = 1,
            ["sessionId"] = sessionId,
            ["runtimeFile"] = runtimePath,
        };
        FixtureFiles.Write(pointerPath, JsJson.Stringify(pointer) + "\n", startedAt);
        return [new(SessionArtifactKind.TrajectoryRuntime, runtimePath), new(SessionArtifactKind.TrajectoryPointer, pointerPath)];
    }

    private void WriteOrphanArchives(GeneratedAgent agent)
    {
        if (!_options.WriteTranscripts)
        {
            return;
        }

        var count = 1 + (_sessions.Count(s => s.AgentId == agent.AgentId) / 50);
        for (var i = 0; i < count; i++)
        {
            var deletedAt = _nowMs - _random.Between(Minute, 60 * Day);
            var sessionId = _random.Uuid();
            var path = Path.Combine(agent.SessionsDir, $"{sessionId}.jsonl.deleted.{JsTime.FileSafeIso(deletedAt)}");
            WriteTranscript(path, sessionId, deletedAt - Day, deletedAt);
            _orphanArchives.Add(path);
        }
    }

    private void WriteTranscript(string path, string sessionId, long startedAt, long mtimeMs)
    {
        var size = _random.Between(_options.MinTranscriptBytes, _options.MaxTranscriptBytes);
        FixtureFiles.Write(path, TranscriptText.Build(_random, sessionId, startedAt, _random.Pick(FixtureText.Cwds), size), mtimeMs);
    }

    private sealed record AgentDraft(GeneratedAgent Agent, JsonObject Store, PromptBlobPool Blobs);
}
