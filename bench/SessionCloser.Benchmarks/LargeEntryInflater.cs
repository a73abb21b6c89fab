using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SessionCloser.Fixtures;

namespace SessionCloser.Benchmarks;

/// <summary>
/// Makes a generated store as heavy as a busy real one. After every run OpenClaw stores a <c>systemPromptReport</c>
/// on the entry (2026.9.6 <c>buildSystemPromptReport</c>: prompt sizes and hashes, the injected workspace files, one
/// line per skill and per tool). That report is what takes real stores past 100 MB at 20,000 entries, so this adds
/// one, shaped like OpenClaw's, to a share of the entries and rewrites the store as <c>JSON.stringify(store, null, 2)</c>.
/// </summary>
internal static class LargeEntryInflater
{
    private static readonly string[] Tools =
    [
        "read", "write", "edit", "apply_patch", "exec", "process", "web_search", "web_fetch", "browser", "canvas",
        "nodes", "cron", "message", "gateway", "agents_list", "sessions_list", "sessions_history", "sessions_send",
        "sessions_spawn", "session_status", "image", "memory_search", "memory_get", "tts",
    ];

    private static readonly string[] Skills = ["github", "weather", "summarize", "calendar", "notion", "coding-agent", "healthcheck", "slack", "1password", "obsidian"];

    private static readonly string[] WorkspaceFiles = ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md", "MEMORY.md"];

    public static void Inflate(string storePath, int seed, double reportShare)
    {
        // The same bytes as parsing the whole store, adding the report to each chosen entry and writing the store again
        // with JSON.stringify(store, null, 2) (what this did until the 100,000-entry states made that a minute of a
        // cold bench/run.sh), without the whole store's object tree: an entry's report becomes its last property, so
        // its text goes in right before the entry's closing brace, indented two levels as JSON.stringify nests it.
        // Only the entries themselves are parsed, one at a time, for what Report reads.
        var modified = File.GetLastWriteTimeUtc(storePath);
        var text = File.ReadAllBytes(storePath);
        var random = new Random(seed);
        using var result = new MemoryStream(text.Length * 3);
        var copied = 0;
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"{storePath} is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var memberStart = (int)reader.TokenStartIndex;
            reader.Read();
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();
            var valueEnd = (int)reader.BytesConsumed; // just after the value
            if (!isObject)
            {
                continue; // JsonObject entries only, as before; no random draw for the others
            }

            // The entry as JsJson parses it (lone surrogates in keys and labels included): { "key": {...} }.
            var member = JsJson.Parse("{" + Encoding.UTF8.GetString(text, memberStart, valueEnd - memberStart) + "}")!.AsObject();
            var (key, node) = member.Single();
            if (node is not JsonObject entry || random.NextDouble() >= reportShare)
            {
                continue;
            }

            if (entry.ContainsKey("systemPromptReport"))
            {
                throw new InvalidDataException($"{storePath}: {key} has a systemPromptReport already");
            }

            var report = JsJson.Stringify(Report(key, entry, random)).Replace("\n", "\n    ", StringComparison.Ordinal);
            var close = valueEnd - 1; // the entry's closing brace
            var empty = entry.Count == 0;
            var insertAt = empty ? close : close - "\n  ".Length;
            if (!empty && !text.AsSpan(insertAt, 4).SequenceEqual("\n  }"u8))
            {
                throw new InvalidDataException($"{storePath} is not written as JSON.stringify(store, null, 2) at {key}");
            }

            result.Write(text, copied, insertAt - copied);
            result.Write(Encoding.UTF8.GetBytes((empty ? "\n    " : ",\n    ") + "\"systemPromptReport\": " + report + (empty ? "\n  " : "")));
            copied = insertAt;
        }

        result.Write(text, copied, text.Length - copied);

        // A new file renamed over the store, never a write into it: a derived state's files start as second names of
        // its base state's (StateRelocation), which must not change.
        var temp = storePath + ".inflating";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            result.WriteTo(stream);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(storePath));
        }
        File.SetLastWriteTimeUtc(temp, DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(modified, TimeSpan.Zero).ToUnixTimeMilliseconds()).UtcDateTime);
        File.Move(temp, storePath, overwrite: true);
    }

    private static JsonObject Report(string key, JsonObject entry, Random random)
    {
        var updatedAt = entry["updatedAt"]?.GetValue<double>() ?? 0;
        var promptChars = random.Next(18_000, 60_000);
        var projectChars = random.Next(2_000, 16_000);
        var files = new JsonArray();
        foreach (var name in WorkspaceFiles)
        {
            var missing = random.NextDouble() < 0.2;
            var raw = missing ? 0 : random.Next(200, 24_000);
            var injected = Math.Min(raw, 20_000);
            files.Add(new JsonObject
            {
                ["name"] = name,
                ["path"] = "/home/openclaw/.openclaw/workspace/" + name,
                ["missing"] = missing,
                ["rawChars"] = raw,
                ["injectedChars"] = injected,
                ["truncated"] = injected < raw,
            });
        }

        var skills = new JsonArray();
        foreach (var skill in Skills.Take(random.Next(3, Skills.Length)))
        {
            skills.Add(new JsonObject { ["name"] = skill, ["blockChars"] = random.Next(180, 900) });
        }

        var tools = new JsonArray();
        var schemaTotal = 0;
        foreach (var tool in Tools.Take(random.Next(3, 10)))
        {
            var schemaChars = 200 + (tool.Length * 97 % 2_400);
            schemaTotal += schemaChars;
            tools.Add(new JsonObject
            {
                ["name"] = tool,
                ["summaryChars"] = 40 + (tool.Length * 31 % 600),
                ["summaryHash"] = Hash("summary:" + tool),
                ["schemaChars"] = schemaChars,
                ["schemaHash"] = Hash("schema:" + tool),
                ["propertiesCount"] = 1 + (tool.Length % 9),
            });
        }

        return new JsonObject
        {
            ["source"] = "run",
            ["generatedAt"] = updatedAt - random.Next(0, 600_000),
            ["sessionId"] = entry["sessionId"]?.GetValue<string>(),
            ["sessionKey"] = key,
            ["provider"] = entry["modelProvider"]?.DeepClone(),
            ["model"] = entry["model"]?.DeepClone(),
            ["workspaceDir"] = "/home/openclaw/.openclaw/workspace",
            ["bootstrapMaxChars"] = 20_000,
            ["bootstrapTotalMaxChars"] = 150_000,
            ["sandbox"] = new JsonObject { ["mode"] = "off", ["sandboxed"] = false },
            ["systemPrompt"] = new JsonObject
            {
                ["chars"] = promptChars,
                ["hash"] = Hash(key + promptChars),
                ["projectContextChars"] = projectChars,
                ["nonProjectContextChars"] = promptChars - projectChars,
            },
            ["injectedWorkspaceFiles"] = files,
            ["skills"] = new JsonObject { ["promptChars"] = random.Next(1_500, 9_000), ["hash"] = Hash("skills:" + skills.Count), ["entries"] = skills },
            ["tools"] = new JsonObject { ["listChars"] = 0, ["schemaChars"] = schemaTotal, ["entries"] = tools },
        };
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
