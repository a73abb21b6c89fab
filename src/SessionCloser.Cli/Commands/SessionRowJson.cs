using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Keys;
using SessionCloser.Listing;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// One session in <c>list --json</c>: the row fields of <c>openclaw sessions --json</c> that come straight from the
/// entry (copied verbatim when present), then session-closer's own: transcript path and size, flags, problems.
/// </summary>
internal static class SessionRowJson
{
    // 2026.7.35 toSessionDisplayRow: the entry fields 'openclaw sessions --json' copies into each row.
    private static readonly string[] EntryFields =
    [
        "sessionFile", "spawnedBy", "spawnedWorkspaceDir", "spawnedCwd", "parentSessionKey", "forkedFromParent", "spawnDepth",
        "subagentRole", "subagentControlScope", "sessionStartedAt", "lastInteractionAt", "label", "status", "systemSent",
        "abortedLastRun", "thinkingLevel", "verboseLevel", "traceLevel", "reasoningLevel", "elevatedLevel", "responseUsage",
        "groupActivation", "inputTokens", "outputTokens", "totalTokens", "totalTokensFresh", "model", "modelProvider",
        "providerOverride", "modelOverride", "contextTokens", "displayName",
    ];

    public static void Write(Utf8JsonWriter w, SessionRow row)
    {
        using var entry = row.Entry.Fields.Problems.Contains("entry is not a JSON object") ? null : JsonDocument.Parse(row.EntryJson);
        w.WriteStartObject();
        w.WriteStringOrNull("key", row.Key);
        w.WriteNumberOrNull("updatedAt", row.UpdatedAt);
        w.WriteNumberOrNull("ageMs", row.AgeMs);
        w.WriteStringOrNull("sessionId", row.SessionId);
        w.WriteStringOrNull("agentId", row.AgentId);
        w.WriteString("kind", Kind(row.Key, entry?.RootElement));
        if (entry is not null)
        {
            foreach (var name in EntryFields)
            {
                if (entry.RootElement.TryGetProperty(name, out var value))
                {
                    // Raw bytes as stored: re-encoding would throw on the lone surrogates JSON.parse accepts.
                    w.WritePropertyName(name);
                    w.WriteRawValue(value.GetRawText(), skipInputValidation: true);
                }
            }
        }

        w.WriteStringOrNull("transcriptPath", row.TranscriptPath);
        if (row.TranscriptBytes is { } bytes)
        {
            w.WriteNumber("transcriptBytes", bytes);
        }
        else
        {
            w.WriteNull("transcriptBytes");
        }

        w.WriteStrings("flags", row.Flags);
        w.WriteStrings("problems", row.Problems);
        w.WriteEndObject();
    }

    /// <summary>OpenClaw's display kind (2026.7.35 classifySessionKind): sentinel, cron, spawn-child, group, else direct.</summary>
    private static string Kind(string key, JsonElement? entry)
    {
        var chatType = entry is { } e && e.TryGetProperty("chatType", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return key switch
        {
            "global" => "global",
            "unknown" => "unknown",
            _ when SessionKeys.Classify(key) is SessionKeyKind.Cron or SessionKeyKind.CronRun => "cron",
            _ when entry is { } spawned && spawned.TryGetProperty("spawnedBy", out var s) && IsTruthy(s) => "spawn-child",
            _ when chatType is "group" or "channel" => "group",
            _ when key.Contains(":group:", StringComparison.Ordinal) || key.Contains(":channel:", StringComparison.Ordinal) => "group",
            _ => "direct",
        };
    }

    private static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.True or JsonValueKind.Object or JsonValueKind.Array => true,
        _ => false,
    };
}
