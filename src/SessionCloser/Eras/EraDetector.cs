using SessionCloser.Keys;

namespace SessionCloser.Eras;

/// <summary>What decided the era, for messages and <c>--json</c>.</summary>
internal sealed record EraEvidence(StorageEra Era, string Reason, string? SqlitePath = null, int? SqliteUserVersion = null);

/// <summary>
/// Finds out how an installation stores an agent's sessions, from what is on disk: the agent's SQLite database
/// (<c>user_version</c> ≥ 4 means sessions live there, 2026.7.2-beta.1 on) first, then the OpenClaw version
/// that last wrote the config (<c>meta.lastTouchedVersion</c>). A gateway's own version outranks both (later).
/// </summary>
internal static class EraDetector
{
    /// <summary>Agent schema 4 moved sessions and transcripts into SQLite.</summary>
    public const int FirstSqliteSessionSchema = 4;

    public static string SqlitePath(string stateDir, string agentId) =>
        Path.Join(stateDir, "agents", AgentIds.Normalize(agentId), "agent", "openclaw-agent.sqlite");

    public static EraEvidence Detect(string stateDir, string agentId, string? lastTouchedVersion)
    {
        var sqlite = SqlitePath(stateDir, agentId);
        if (SqliteHeader.ReadUserVersion(sqlite) is { } userVersion)
        {
            if (userVersion >= FirstSqliteSessionSchema)
            {
                return new EraEvidence(StorageEra.SqliteBehindGateway, $"{sqlite} has agent schema {userVersion} (sessions live in SQLite from schema {FirstSqliteSessionSchema})", sqlite, userVersion);
            }

            // Schemas 1-3 (2026.5.30 to 2026.7.1) hold other agent data; sessions are still in sessions.json.
            return new EraEvidence(StorageEra.JsonFile, $"{sqlite} has agent schema {userVersion}, before sessions moved to SQLite", sqlite, userVersion);
        }

        if (OpenClawVersion.TryParse(lastTouchedVersion) is { } version)
        {
            return new EraEvidence(version.Era, $"the config was last written by OpenClaw {version}");
        }

        return new EraEvidence(StorageEra.Unknown, "no agent database and no OpenClaw version in the config");
    }
}
