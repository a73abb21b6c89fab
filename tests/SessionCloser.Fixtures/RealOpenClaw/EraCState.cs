using System.Globalization;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>One session of an era-C state made by <see cref="EraCState"/>.</summary>
/// <param name="Key">The session key (e.g. <c>agent:main:cron:job:run:r1</c> for a cron run).</param>
/// <param name="Age">How long ago it was last updated (0 to 90 days and more).</param>
/// <param name="ArchivedAgo">How long ago it was archived; null when it is not.</param>
/// <param name="Label">Its label, if any.</param>
public sealed record EraCSession(string Key, TimeSpan Age, TimeSpan? ArchivedAgo = null, string? Label = null)
{
    public string SessionId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>More entry fields (e.g. <c>spawnedBy</c>, <c>spawnDepth</c>, <c>parentSessionKey</c>).</summary>
    public JsonObject? Extra { get; init; }
}

/// <summary>
/// A REAL OpenClaw 2026.9.6 (era C) state with given sessions and ages: a legacy
/// <c>agents/&lt;id&gt;/sessions/sessions.json</c> (with a transcript per session) is written, then 2026.9.6 imports it
/// itself with the gateway stopped (<c>openclaw doctor --fix</c>, its documented upgrade path), which keeps every
/// entry's <c>updatedAt</c> and <c>archivedAt</c> (checked: <see cref="ImportAsync(OpenClawSandbox, string, IReadOnlyList{EraCSession}, DateTimeOffset)"/> fails otherwise). Sessions made
/// through a gateway (<c>sessions.create</c>) can only be "now"; this is how old, archived and cron-run sessions get in.
/// </summary>
public static class EraCState
{
    /// <summary>
    /// Imports <paramref name="sessions"/> into <paramref name="agentId"/>'s database of a 2026.9.6 sandbox whose
    /// gateway is stopped; returns the database path. Ages are relative to <paramref name="now"/>.
    /// </summary>
    public static async Task<string> ImportAsync(OpenClawSandbox sandbox, string agentId, IReadOnlyList<EraCSession> sessions, DateTimeOffset now) =>
        (await ImportAsync(sandbox, new Dictionary<string, IReadOnlyList<EraCSession>> { [agentId] = sessions }, now))[agentId];

    /// <summary>
    /// Imports every agent's sessions with one <c>openclaw doctor --fix</c> (the gateway stopped); returns each agent's
    /// database path. Ages are relative to <paramref name="now"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ImportAsync(OpenClawSandbox sandbox, IReadOnlyDictionary<string, IReadOnlyList<EraCSession>> sessionsByAgent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(sessionsByAgent);
        if (sandbox.Install.Version != OpenClawInstall.EraC)
        {
            throw new InvalidOperationException($"an era-C state needs OpenClaw {OpenClawInstall.EraC}, not {sandbox.Install.Version}");
        }

        var stores = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (agentId, sessions) in sessionsByAgent)
        {
            stores[agentId] = await WriteLegacyStoreAsync(sandbox, agentId, sessions, now);
        }

        // A loaded machine can make 2026.9.6 miss its own 5 s start-up deadline ("state lease heartbeat did not become
        // ready"); doctor then refuses the migration before importing anything: the machine, not the import, so again.
        var doctor = await sandbox.OpenClawAsync(["doctor", "--fix", "--non-interactive"], TimeSpan.FromMinutes(10));
        for (var attempt = 2; attempt <= 3 && doctor.ExitCode != 0 && doctor.StandardOutput.Contains("did not become ready", StringComparison.Ordinal); attempt++)
        {
            doctor = await sandbox.OpenClawAsync(["doctor", "--fix", "--non-interactive"], TimeSpan.FromMinutes(10));
        }

        var databases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agentId in sessionsByAgent.Keys)
        {
            var database = Path.Combine(sandbox.StateDir, "agents", agentId, "agent", "openclaw-agent.sqlite");
            if (doctor.ExitCode != 0 || !File.Exists(database) || File.Exists(sandbox.StorePath(agentId)))
            {
                throw new InvalidOperationException($"openclaw doctor --fix did not import {sandbox.StorePath(agentId)} into {database}:\n{doctor.Describe()}");
            }

            databases[agentId] = database;
        }

        // One listing for every agent (each `openclaw sessions` is a new Node process: slow at load 20).
        string[] scope = sessionsByAgent.Count == 1 ? ["--agent", sessionsByAgent.Keys.Single()] : ["--all-agents"];
        var listed = await sandbox.OpenClawAsync(["sessions", .. scope, "--json", "--limit", "all"], TimeSpan.FromMinutes(3));
        foreach (var (agentId, sessions) in sessionsByAgent)
        {
            CheckKept(listed, agentId, sessions, stores[agentId]);
        }

        return databases;
    }

    private static async Task<JsonObject> WriteLegacyStoreAsync(OpenClawSandbox sandbox, string agentId, IReadOnlyList<EraCSession> sessions, DateTimeOffset now)
    {
        var sessionsDir = sandbox.SessionsDir(agentId);
        Directory.CreateDirectory(sessionsDir);
        var store = new JsonObject();
        foreach (var session in sessions)
        {
            var updatedAt = now.Add(-session.Age).ToUnixTimeMilliseconds();
            var transcript = WriteTranscript(sessionsDir, session.SessionId, updatedAt);
            var entry = new JsonObject { ["sessionId"] = session.SessionId, ["updatedAt"] = updatedAt, ["sessionFile"] = transcript };
            if (session.Label is not null)
            {
                entry["label"] = session.Label;
            }

            if (session.ArchivedAgo is { } archivedAgo)
            {
                entry["archivedAt"] = now.Add(-archivedAgo).ToUnixTimeMilliseconds();
            }

            foreach (var (name, value) in session.Extra ?? [])
            {
                entry[name] = value?.DeepClone();
            }

            store[session.Key] = entry;
        }

        await File.WriteAllTextAsync(sandbox.StorePath(agentId), store.ToJsonString());
        return store;
    }

    /// <summary>OpenClaw itself lists every session with the sessionId and updatedAt it was given.</summary>
    private static void CheckKept(CommandResult listed, string agentId, IReadOnlyList<EraCSession> sessions, JsonObject store)
    {
        var rows = listed.ExitCode == 0 && listed.Json() is JsonObject json ? json["sessions"]!.AsArray() : throw new InvalidOperationException("openclaw sessions --json failed:\n" + listed.Describe());
        foreach (var session in sessions)
        {
            var row = rows.FirstOrDefault(row => (string?)row?["key"] == session.Key && ((string?)row["agentId"] ?? agentId) == agentId)
                ?? throw new InvalidOperationException($"the import lost {session.Key}:\n{listed.Describe()}");
            var expected = (long)store[session.Key]!["updatedAt"]!;
            if ((string?)row["sessionId"] != session.SessionId || (long?)row["updatedAt"] != expected)
            {
                throw new InvalidOperationException($"the import changed {session.Key} (expected {session.SessionId} updated {expected.ToString(CultureInfo.InvariantCulture)}):\n{row.ToJsonString()}");
            }
        }
    }

    /// <summary>A transcript as OpenClaw starts one: a session header line, then a user message (mode 0600).</summary>
    private static string WriteTranscript(string sessionsDir, string sessionId, long at)
    {
        var path = Path.Combine(sessionsDir, sessionId + ".jsonl");
        var time = DateTimeOffset.FromUnixTimeMilliseconds(at).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var header = new JsonObject { ["type"] = "session", ["version"] = 3, ["id"] = sessionId, ["timestamp"] = time, ["cwd"] = "/home/user/project" };
        var message = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "m1",
            ["parentId"] = null,
            ["timestamp"] = time,
            ["message"] = new JsonObject { ["role"] = "user", ["content"] = "hello" },
        };
        File.WriteAllText(path, header.ToJsonString() + "\n" + message.ToJsonString() + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
