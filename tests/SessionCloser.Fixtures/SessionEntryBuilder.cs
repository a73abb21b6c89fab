using System.Globalization;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>What a session entry refers to on disk; the builder only shapes the JSON.</summary>
internal sealed record EntryFacts(
    PlannedKey Planned,
    string SessionId,
    long UpdatedAt,
    long StartedAt,
    string? SessionFile,
    JsonObject? PromptRef,
    JsonArray? CompactionCheckpoints,
    string? LabelOverride);

/// <summary>
/// Builds realistic <c>SessionEntry</c> objects: family-specific routing fields, model and token counters,
/// unknown plugin fields and nested data, in a key order that varies like entries patched over time.
/// </summary>
internal sealed class SessionEntryBuilder(FixtureRandom random)
{
    public JsonObject Build(EntryFacts facts)
    {
        var head = new List<KeyValuePair<string, JsonNode?>>
        {
            new("sessionId", facts.SessionId),
            new("updatedAt", facts.UpdatedAt),
        };
        if (facts.SessionFile is not null)
        {
            head.Add(new("sessionFile", facts.SessionFile));
        }

        var tail = new List<KeyValuePair<string, JsonNode?>>();
        AddFamilyFields(tail, facts);
        AddModelFields(tail, facts);
        AddExtras(tail, facts);

        // Entries merged by {...old, ...patch} keep old key positions; mimic that variety.
        var fields = head.Concat(tail).ToArray();
        if (random.Chance(0.25))
        {
            random.Shuffle(fields);
        }

        var entry = new JsonObject();
        foreach (var (name, value) in fields)
        {
            entry[name] = value;
        }

        return entry;
    }

    private void AddFamilyFields(List<KeyValuePair<string, JsonNode?>> fields, EntryFacts facts)
    {
        var planned = facts.Planned;
        var label = facts.LabelOverride ?? (random.Chance(0.6) ? random.Pick(FixtureText.Labels) : null);
        switch (planned.Family)
        {
            case SessionKeyFamily.Main:
            case SessionKeyFamily.Direct:
                var peer = planned.Peer ?? random.Between(10_000_000L, 999_999_999L).ToString(CultureInfo.InvariantCulture);
                fields.Add(new("chatType", "direct"));
                fields.Add(new("lastChannel", "telegram"));
                fields.Add(new("lastTo", peer));
                fields.Add(new("deliveryContext", new JsonObject { ["channel"] = "telegram", ["to"] = peer, ["accountId"] = "default" }));
                fields.Add(new("origin", Origin("telegram", "direct", "telegram:" + peer, label)));
                break;
            case SessionKeyFamily.Project:
            case SessionKeyFamily.LegacyProject:
                fields.Add(new("chatType", "direct"));
                fields.Add(new("displayName", label ?? "Project"));
                if (random.Chance(0.3))
                {
                    fields.Add(new("pinnedAt", facts.UpdatedAt - random.Between(0, 86_400_000)));
                }

                break;
            case SessionKeyFamily.Cron:
            case SessionKeyFamily.CronRun:
                fields.Add(new("chatType", "direct"));
                fields.Add(new("origin", new JsonObject { ["provider"] = "cron", ["surface"] = "cron", ["label"] = planned.ParentKey ?? planned.Key }));
                if (planned.Family == SessionKeyFamily.CronRun)
                {
                    fields.Add(new("spawnedBy", planned.ParentKey));
                    fields.Add(new("status", random.Pick(["done", "failed", "timeout"])));
                    fields.Add(new("startedAt", facts.StartedAt));
                    fields.Add(new("endedAt", facts.UpdatedAt));
                }

                break;
            case SessionKeyFamily.Subagent:
                fields.Add(new("spawnedBy", planned.ParentKey));
                fields.Add(new("parentSessionKey", planned.ParentKey));
                fields.Add(new("spawnDepth", random.Between(1, 3)));
                fields.Add(new("status", random.Pick(["running", "done", "failed"])));
                fields.Add(new("startedAt", facts.StartedAt));
                break;
            case SessionKeyFamily.TelegramTopic:
                fields.Add(new("chatType", "group"));
                fields.Add(new("channel", "telegram"));
                fields.Add(new("groupId", "-100123"));
                fields.Add(new("subject", random.Pick(FixtureText.Subjects)));
                fields.Add(new("lastThreadId", planned.TopicId));
                fields.Add(new("deliveryContext", new JsonObject { ["channel"] = "telegram", ["to"] = "-100123", ["threadId"] = planned.TopicId }));
                break;
            case SessionKeyFamily.Thread:
                fields.Add(new("chatType", "channel"));
                fields.Add(new("channel", "slack"));
                fields.Add(new("deliveryContext", new JsonObject { ["channel"] = "slack", ["to"] = "channel:C123", ["threadId"] = planned.Peer }));
                break;
            case SessionKeyFamily.DiscordChannel:
                fields.Add(new("chatType", "channel"));
                fields.Add(new("channel", "discord"));
                fields.Add(new("subject", random.Pick(FixtureText.Subjects)));
                fields.Add(new("origin", Origin("discord", "channel", "discord:channel", label)));
                break;
            case SessionKeyFamily.ModelRun:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(facts), planned.Family, null);
        }

        if (label is not null)
        {
            fields.Add(new("label", label));
        }
    }

    private void AddModelFields(List<KeyValuePair<string, JsonNode?>> fields, EntryFacts facts)
    {
        fields.Add(new("model", random.Pick(FixtureText.Models)));
        fields.Add(new("modelProvider", random.Pick(FixtureText.Providers)));
        if (facts.Planned.Family == SessionKeyFamily.ModelRun)
        {
            return;
        }

        var input = random.Between(0, 400_000);
        var output = random.Between(0, 60_000);
        fields.Add(new("inputTokens", input));
        fields.Add(new("outputTokens", output));
        fields.Add(new("totalTokens", input + output + random.Between(0, 9_000)));
        fields.Add(new("contextTokens", random.Pick([200_000, 1_000_000, 128_000])));
        if (random.Chance(0.4))
        {
            // A real double with a long fraction: exercises JS number printing.
            fields.Add(new("estimatedCostUsd", Math.Round(random.Between(1, 5_000_000) / 7.0 / 1_000_000.0, 9)));
        }

        fields.Add(new("compactionCount", facts.CompactionCheckpoints?.Count ?? 0));
        if (facts.CompactionCheckpoints is not null)
        {
            fields.Add(new("compactionCheckpoints", facts.CompactionCheckpoints));
        }
    }

    private void AddExtras(List<KeyValuePair<string, JsonNode?>> fields, EntryFacts facts)
    {
        if (facts.PromptRef is not null)
        {
            fields.Add(new("skillsSnapshot", new JsonObject
            {
                ["skills"] = new JsonArray(
                    new JsonObject { ["name"] = "github" },
                    new JsonObject { ["name"] = "weather", ["primaryEnv"] = "OPENWEATHER_API_KEY", ["requiredEnv"] = new JsonArray("OPENWEATHER_API_KEY") }),
                ["version"] = 1,
                ["promptRef"] = facts.PromptRef,
            }));
        }
        else if (random.Chance(0.1))
        {
            fields.Add(new("skillsSnapshot", new JsonObject { ["prompt"] = "Use the github skill for PRs.", ["skills"] = new JsonArray(new JsonObject { ["name"] = "github" }), ["version"] = 1 }));
        }

        if (random.Chance(0.2))
        {
            fields.Add(new("thinkingLevel", random.Pick(["off", "low", "medium", "high"])));
        }

        if (random.Chance(0.15))
        {
            fields.Add(new("cliSessionIds", new JsonObject { ["claude-cli"] = random.Uuid() }));
        }

        if (random.Chance(0.1))
        {
            fields.Add(new("acp", new JsonObject { ["backend"] = "acpx", ["agent"] = "codex", ["mode"] = "persistent", ["state"] = "idle", ["lastActivityAt"] = facts.UpdatedAt }));
        }

        if (random.Chance(0.2))
        {
            // An unknown plugin field with integer-like keys: JSON.stringify hoists them, so on disk they come first.
            fields.Add(new("pluginExtensions", new JsonObject
            {
                ["acme-notes"] = new JsonObject
                {
                    ["tags"] = new JsonArray("todo", "✅ done", random.Pick(FixtureText.Labels)),
                    ["10"] = true,
                    ["2"] = new JsonObject { ["nested"] = new JsonArray(1, 2.5, null, new JsonObject()) },
                    ["empty"] = new JsonArray(),
                },
            }));
        }

        if (random.Chance(0.1))
        {
            fields.Add(new("archivedAt", facts.UpdatedAt + random.Between(1, 1_000)));
        }

        if (random.Chance(0.3))
        {
            fields.Add(new("systemSent", true));
            fields.Add(new("abortedLastRun", random.Chance(0.1)));
        }
    }

    private static JsonObject Origin(string provider, string chatType, string from, string? label)
    {
        var origin = new JsonObject { ["provider"] = provider, ["surface"] = provider, ["chatType"] = chatType, ["from"] = from, ["to"] = from };
        if (label is not null)
        {
            origin["label"] = label;
        }

        return origin;
    }
}
