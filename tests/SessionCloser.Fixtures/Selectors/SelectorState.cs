using System.Globalization;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures.Selectors;

/// <summary>The two file eras a <see cref="SelectorState"/> can take.</summary>
public enum FileEra
{
    /// <summary>2026.4.x: <c>sessions.json</c> under OpenClaw's <c>sessions.json.lock</c>; no <c>archivedAt</c>.</summary>
    A,

    /// <summary>2026.7.35: <c>sessions.json</c> without a cross-process lock; archived entries carry <c>archivedAt</c>.</summary>
    B,
}

/// <summary>
/// A multi-agent OpenClaw state for selector runs: <see cref="StoreGenerator"/>'s realistic stores (projects in both
/// spellings, DMs, topics, threads, channels, cron jobs and their <c>:run:</c> sessions, subagents, model runs) with
/// ages 0–90 days, plus the kinds it does not make (hooks, nodes, heartbeats, groups, ACP, a spawned child, an entry
/// whose chatType alone makes it a group, <c>global</c>, <c>unknown</c>, an unscoped key, a non-ASCII key), and the
/// leftovers of a real install: <c>.deleted</c>/<c>.reset</c> archives, the original scripts' and OpenClaw's backups,
/// an orphan transcript, temp files, stale locks and one live transcript lock (a run in progress, held by this
/// process). No session's age lies within an hour of a whole number of days, so a <c>--older-than &lt;n&gt;d</c>
/// run started within the hour decides every session as the oracle does.
/// </summary>
public sealed class SelectorState
{
    public const string EraAVersion = "2026.4.29";
    public const string EraBVersion = "2026.7.35";

    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

    private SelectorState(string stateDir, FileEra era, DateTimeOffset now, IReadOnlyList<string> agents, IReadOnlyList<SelectorSession> sessions, SelectorLeftovers leftovers)
    {
        StateDir = stateDir;
        Era = era;
        Now = now;
        Agents = agents;
        Sessions = sessions;
        Leftovers = leftovers;
    }

    public string StateDir { get; }

    public FileEra Era { get; }

    /// <summary>The generation clock: ages are relative to it.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Agent ids in config order; the first is the default.</summary>
    public IReadOnlyList<string> Agents { get; }

    public IReadOnlyList<SelectorSession> Sessions { get; }

    public SelectorLeftovers Leftovers { get; }

    public string SessionsDir(string agentId) => Path.Combine(StateDir, "agents", agentId, "sessions");

    public string StorePath(string agentId) => Path.Combine(SessionsDir(agentId), "sessions.json");

    public IEnumerable<SelectorSession> Of(string agentId) => Sessions.Where(s => s.AgentId == agentId);

    /// <param name="writeConfig">False keeps an existing <c>openclaw.json</c> (a sandbox's) that declares the same agents.</param>
    /// <param name="missingTranscripts">False gives every entry its transcript (OpenClaw's cleanup then has nothing to repair).</param>
    public static SelectorState Generate(
        string stateDir, FileEra era, DateTimeOffset now, IReadOnlyList<string>? agents = null, int seed = 12, int sessionCount = 150,
        bool writeConfig = true, bool missingTranscripts = true)
    {
        agents ??= ["main", "ops", "research"];
        var generated = StoreGenerator.Generate(stateDir, new StoreGeneratorOptions
        {
            SessionCount = sessionCount,
            AgentIds = agents,
            Seed = seed,
            Now = now,
            MaxAge = TimeSpan.FromDays(90),
            MissingTranscripts = missingTranscripts,
            WriteConfig = false,
        });
        return new Builder(generated, era, now, seed).Build(writeConfig);
    }

    /// <summary>The kind each generator family is made as.</summary>
    internal static string KindOf(SessionKeyFamily family) => family switch
    {
        SessionKeyFamily.Main => "main",
        SessionKeyFamily.Project or SessionKeyFamily.LegacyProject => "project",
        SessionKeyFamily.Cron => "cron",
        SessionKeyFamily.CronRun => "cron-run",
        SessionKeyFamily.Subagent => "subagent",
        SessionKeyFamily.TelegramTopic => "topic",
        SessionKeyFamily.Thread => "thread",
        SessionKeyFamily.DiscordChannel => "channel",
        SessionKeyFamily.Direct => "direct",
        SessionKeyFamily.ModelRun => "model-run",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    private sealed class Builder(GeneratedState generated, FileEra era, DateTimeOffset now, int seed)
    {
        private readonly FixtureRandom _random = new(seed * 7919);
        private readonly long _nowMs = now.ToUnixTimeMilliseconds();
        private readonly List<SelectorSession> _sessions = [];
        private readonly List<string> _scriptBackups = [];
        private readonly List<string> _openClawBackups = [];
        private readonly List<string> _orphans = [];
        private readonly List<string> _staleLocks = [];
        private readonly List<string> _liveLocks = [];
        private readonly List<string> _temps = [];

        public SelectorState Build(bool writeConfig)
        {
            var agents = generated.Agents.Select(a => a.AgentId).ToList();
            foreach (var agent in generated.Agents)
            {
                var store = JsJson.Parse(File.ReadAllText(agent.StorePath))!.AsObject();
                var own = generated.Sessions.Where(s => s.AgentId == agent.AgentId).ToList();
                foreach (var session in own)
                {
                    var entry = store[session.Key]!.AsObject();
                    Settle(entry);
                    var files = session.Artifacts.Where(a => a.Kind is not (SessionArtifactKind.ResetArchive or SessionArtifactKind.TranscriptLock)).Select(a => a.Path).ToList();
                    var cronJob = session.Family == SessionKeyFamily.CronRun ? (string?)entry["spawnedBy"] : null;
                    var described = Describe(agent.AgentId, session.Key, KindOf(session.Family), entry, cronJob, files);
                    _sessions.Add(described with { TranscriptMissing = !session.TranscriptExists });
                    if (session.LockPath is { } lockPath)
                    {
                        // The generator's lock names a random pid that may be alive here: make it stale by age.
                        WriteLock(lockPath, 900_000 + _random.Between(0, 99_999), _nowMs - (3 * Hour));
                        _staleLocks.Add(lockPath);
                    }
                }

                AddExtras(agent, store, agent.IsDefault);
                StoreGenerator.WriteStore(agent.StorePath, store, now);
                AddLeftovers(agent);
            }

            AddLiveLock();
            if (writeConfig)
            {
                WriteConfig(agents);
            }

            var leftovers = new SelectorLeftovers(
                generated.OrphanArchives,
                [.. generated.Sessions.SelectMany(s => s.PathsOf(SessionArtifactKind.ResetArchive))],
                _scriptBackups, _openClawBackups, _orphans, _staleLocks, _liveLocks, _temps);
            return new SelectorState(generated.StateDir, era, now, agents, _sessions, leftovers);
        }

        /// <summary>Era A has no archivedAt; no age within an hour of a whole number of days.</summary>
        private void Settle(JsonObject entry)
        {
            if (era == FileEra.A)
            {
                entry.Remove("archivedAt");
            }

            var updatedAt = Ms(entry["updatedAt"]!);
            var age = _nowMs - updatedAt;
            var days = (long)Math.Round(age / (double)Day);
            if (days >= 1 && Math.Abs(age - (days * Day)) < Hour)
            {
                var shift = (days * Day) + (3 * Hour) - age; // 3 h past the whole day: older by `shift`
                entry["updatedAt"] = updatedAt - shift;
                if (entry["archivedAt"] is JsonValue archivedAt)
                {
                    entry["archivedAt"] = Ms(archivedAt) - shift;
                }
            }
        }

        /// <summary>An epoch-ms value, parsed (a JS double) or added here (a long).</summary>
        private static long Ms(JsonNode node) => (long)double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

        private static SelectorSession Describe(string agentId, string key, string kind, JsonObject entry, string? cronJob, IReadOnlyList<string> files) => new(
            agentId,
            key,
            kind,
            (string)entry["sessionId"]!,
            Ms(entry["updatedAt"]!),
            entry["archivedAt"] is not null,
            (string?)entry["label"],
            (string?)entry["chatType"],
            (string?)entry["spawnedBy"],
            cronJob,
            RunInProgress: false,
            files);

        private void AddExtras(GeneratedAgent agent, JsonObject store, bool isDefault)
        {
            var prefix = $"agent:{agent.AgentId}:";
            var mainKey = prefix + "main";
            Add(agent, store, prefix + "hook:" + _random.Uuid(), "hook", chatType: null, origin: "hook");
            Add(agent, store, prefix + "hook:" + _random.Uuid(), "hook", chatType: null, origin: "hook");
            Add(agent, store, prefix + "node:" + _random.Hex(12), "node", chatType: null, origin: "node");
            Add(agent, store, prefix + "main:heartbeat", "heartbeat", chatType: "direct", origin: "heartbeat");
            Add(agent, store, prefix + "telegram:group:-100" + _random.Between(1000, 9999).ToString(CultureInfo.InvariantCulture), "group", chatType: "group", origin: "telegram");
            Add(agent, store, prefix + "whatsapp:direct:+49151" + _random.Between(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture), "direct", chatType: "direct", origin: "whatsapp");
            Add(agent, store, prefix + "acp:" + _random.Uuid(), "acp", chatType: null, origin: "acp");
            Add(agent, store, prefix + "explicit:notes-" + _random.Hex(6), "explicit", chatType: "direct", origin: "webchat");
            Add(agent, store, prefix + "explicit:team-sync-" + _random.Hex(6), "explicit", chatType: "group", origin: "slack"); // a group by its chatType alone
            Add(agent, store, prefix + "explicit:spawned-" + _random.Hex(6), "explicit", chatType: null, origin: null, spawnedBy: mainKey);
            if (era == FileEra.B)
            {
                Add(agent, store, prefix + "subagent:" + _random.Uuid(), "subagent", chatType: null, origin: null, spawnedBy: mainKey, archived: true);
                Add(agent, store, prefix + "release-notes-" + _random.Hex(4), "project", chatType: "direct", origin: null, archived: true);
            }

            if (isDefault)
            {
                Add(agent, store, "global", "global", chatType: null, origin: null);
                Add(agent, store, "unknown", "unknown", chatType: null, origin: null);
                Add(agent, store, "hook:" + _random.Uuid(), "hook", chatType: null, origin: "hook"); // unscoped, as older gateways wrote hooks
                Add(agent, store, prefix + "projekt-größe-überblick", "project", chatType: "direct", origin: null);
            }
        }

        private void Add(GeneratedAgent agent, JsonObject store, string key, string kind, string? chatType, string? origin, string? spawnedBy = null, bool archived = false)
        {
            var sessionId = _random.Uuid();
            var updatedAt = _nowMs - Age();
            var transcript = Path.Combine(agent.SessionsDir, sessionId + ".jsonl");
            FixtureFiles.Write(transcript, TranscriptText.Build(_random, sessionId, updatedAt - Hour, "/home/dev/ops", _random.Between(300, 3_000)), updatedAt);
            var entry = new JsonObject { ["sessionId"] = sessionId, ["updatedAt"] = updatedAt, ["sessionFile"] = transcript };
            if (chatType is not null)
            {
                entry["chatType"] = chatType;
            }

            if (origin is not null)
            {
                entry["origin"] = new JsonObject { ["provider"] = origin, ["surface"] = origin };
            }

            if (spawnedBy is not null)
            {
                entry["spawnedBy"] = spawnedBy;
                entry["parentSessionKey"] = spawnedBy;
                entry["spawnDepth"] = 1;
            }

            entry["model"] = _random.Pick(FixtureText.Models);
            entry["modelProvider"] = _random.Pick(FixtureText.Providers);
            if (_random.Chance(0.5))
            {
                entry["label"] = _random.Pick(FixtureText.Labels);
            }

            if (archived)
            {
                entry["archivedAt"] = updatedAt + _random.Between(1, 1_000);
            }

            store[key] = entry;
            _sessions.Add(Describe(agent.AgentId, key, kind, entry, cronJob: null, [transcript]));
        }

        /// <summary>0–90 days, never within an hour of a whole number of days.</summary>
        private long Age()
        {
            var days = _random.Between(0, 89);
            return (days * Day) + _random.Between(Hour + 1, Day - Hour - 1);
        }

        private void AddLeftovers(GeneratedAgent agent)
        {
            var dir = agent.SessionsDir;
            var storeText = File.ReadAllText(agent.StorePath);
            var script = Path.Combine(dir, "sessions.json.bak-batch-20260814-101500");
            FixtureFiles.Write(script, storeText, _nowMs - (40 * Day));
            _scriptBackups.Add(script);
            var keepOnly = Path.Combine(dir, "sessions.json.bak-keep-only-20260702-080000");
            FixtureFiles.Write(keepOnly, storeText, _nowMs - (80 * Day));
            _scriptBackups.Add(keepOnly);
            var openClaw = Path.Combine(dir, "sessions.json.bak." + (_nowMs - (20 * Day)).ToString(CultureInfo.InvariantCulture));
            FixtureFiles.Write(openClaw, storeText, _nowMs - (20 * Day));
            _openClawBackups.Add(openClaw);

            var orphanId = _random.Uuid();
            var orphan = Path.Combine(dir, orphanId + ".jsonl");
            FixtureFiles.Write(orphan, TranscriptText.Build(_random, orphanId, _nowMs - (50 * Day), "/home/dev/ops", 900), _nowMs - (50 * Day));
            _orphans.Add(orphan);

            // OpenClaw's own atomic-write temp file of a write that died (sessions.json.<pid>.<uuid>.tmp).
            var temp = Path.Combine(dir, $"sessions.json.{_random.Between(900_000, 999_999).ToString(CultureInfo.InvariantCulture)}.{_random.Uuid()}.tmp");
            FixtureFiles.Write(temp, "{", _nowMs - (2 * Day));
            _temps.Add(temp);

            if (era == FileEra.A && agent.IsDefault)
            {
                // A store lock left by a dead OpenClaw run an hour ago: stale, to be reclaimed.
                var storeLock = agent.StorePath + ".lock";
                WriteLock(storeLock, 900_000 + _random.Between(0, 99_999), _nowMs - Hour);
                _staleLocks.Add(storeLock);
            }
        }

        /// <summary>
        /// One run in progress per agent but the default: the transcript lock of an old project session (or else any
        /// non-main session), held by this process, so selectors that would pick it leave it.
        /// </summary>
        private void AddLiveLock()
        {
            foreach (var agentId in generated.Agents.Where(a => !a.IsDefault).Select(a => a.AgentId))
            {
                var candidates = _sessions.Where(s => s.AgentId == agentId && s.Files.Count > 0 && s.Files[0].EndsWith(".jsonl", StringComparison.Ordinal) && File.Exists(s.Files[0]) && !s.Archived)
                    .ToList();
                var target = candidates.Where(s => s.Kind == "project").MinBy(s => s.UpdatedAt) ?? candidates.Where(s => s.Kind is "subagent" or "direct").MinBy(s => s.UpdatedAt);
                if (target is null)
                {
                    continue;
                }

                var lockPath = target.Files[0] + ".lock";
                _staleLocks.Remove(lockPath);
                WriteLock(lockPath, Environment.ProcessId, _nowMs);
                _liveLocks.Add(lockPath);
                _sessions[_sessions.IndexOf(target)] = target with { RunInProgress = true };
            }
        }

        private static void WriteLock(string path, int pid, long createdAtMs)
        {
            var payload = new JsonObject { ["pid"] = pid, ["createdAt"] = JsTime.Iso(createdAtMs) };
            FixtureFiles.Write(path, JsJson.Stringify(payload, 0), createdAtMs);
        }

        private void WriteConfig(List<string> agents)
        {
            var list = new JsonArray();
            foreach (var agentId in agents)
            {
                list.Add((JsonNode)(agentId == agents[0] ? new JsonObject { ["id"] = agentId, ["default"] = true } : new JsonObject { ["id"] = agentId }));
            }

            var config = new JsonObject
            {
                ["meta"] = new JsonObject { ["lastTouchedVersion"] = era == FileEra.A ? EraAVersion : EraBVersion },
                ["agents"] = new JsonObject { ["list"] = list },
            };
            FixtureFiles.Write(Path.Combine(generated.StateDir, "openclaw.json"), JsJson.Stringify(config) + "\n", _nowMs);
        }
    }
}
