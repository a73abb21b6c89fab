using System.Text;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>JSONL transcript bodies: a session header line, then a chain of message entries linked by id/parentId.</summary>
internal static class TranscriptText
{
    public static string Build(FixtureRandom random, string sessionId, long startedAtMs, string cwd, int targetBytes)
    {
        var builder = new StringBuilder(targetBytes + 512);
        AppendLine(builder, new JsonObject
        {
            ["type"] = "session",
            ["version"] = 3,
            ["id"] = sessionId,
            ["timestamp"] = JsTime.Iso(startedAtMs),
            ["cwd"] = cwd,
        });

        string? parentId = null;
        var at = startedAtMs;
        var turn = 0;
        do
        {
            var id = random.Hex(8);
            at += random.Between(500, 90_000);
            AppendLine(builder, Message(random, id, parentId, at, turn++ % 2 == 0 ? "user" : "assistant"));
            parentId = id;
        }
        while (builder.Length < targetBytes);

        return builder.ToString();
    }

    /// <summary>Trajectory runtime events: compact JSON lines, one per recorded step.</summary>
    public static string Trajectory(FixtureRandom random, string sessionId, long startedAtMs)
    {
        var builder = new StringBuilder();
        var steps = random.Between(2, 6);
        for (var i = 0; i < steps; i++)
        {
            AppendLine(builder, new JsonObject
            {
                ["traceSchema"] = "openclaw-trajectory",
                ["schemaVersion"] = 1,
                ["sessionId"] = sessionId,
                ["seq"] = i,
                ["ts"] = JsTime.Iso(startedAtMs + (i * 1_000L)),
                ["event"] = i == 0 ? "run.start" : "tool.call",
                ["data"] = new JsonObject { ["tool"] = i == 0 ? null : "exec", ["durationMs"] = random.Between(3, 4_000) },
            });
        }

        return builder.ToString();
    }

    private static JsonObject Message(FixtureRandom random, string id, string? parentId, long at, string role)
    {
        var words = new string[random.Between(4, 40)];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = random.Pick(FixtureText.MessageWords);
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["parentId"] = parentId,
            ["timestamp"] = JsTime.Iso(at),
            ["message"] = new JsonObject
            {
                ["role"] = role,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = string.Join(' ', words) }),
                ["timestamp"] = at,
            },
        };
    }

    // appendFile(`${JSON.stringify(entry)}\n`): compact, one LF per line including the last.
    private static void AppendLine(StringBuilder builder, JsonObject entry) => builder.Append(JsJson.Stringify(entry, indent: 0)).Append('\n');
}
