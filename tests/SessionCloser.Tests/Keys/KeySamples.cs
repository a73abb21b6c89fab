namespace SessionCloser.Tests.Keys;

/// <summary>Builds messy but realistic session keys from fragments, for properties and the differential test.</summary>
internal static class KeySamples
{
    private static readonly string[] Prefixes = ["", "agent:", "AGENT:", "Agent:", " agent:", "agent:agent:x:", "agent:"];
    private static readonly string[] AgentIds = ["main", "Main", "work", "My Bot", "", " ops ", "a_b-c", "İnfo", "x"];

    private static readonly string[] Segments =
    [
        "discord", "Discord", "telegram", "signal", "SIGNAL", "Signal", "matrix", "Matrix", "slack", "whatsapp",
        "cron", "subagent", "hook", "node", "acp", "explicit", "main", "project-Foo", "heartbeat", "global", "unknown",
        "group", "Group", "GROUP", "channel", "Channel", "direct", "dm", "topic", "thread", "THREAD", "run",
        "123", "AbC", "!AbC", "Server.org", "!room", "Matrix.ORG", "+15551234567", "abc==", "AbC/dE+fG=", "  padded ",
        "", "x y", "İ", "Σ", "ΑΣ", "ß", "\U00010400", "ǅ", "\u212A", "Straße", "ΌΣΟΣ", "\u00A0nb", "\uFEFFbom", "model-run-1",
    ];

    private static readonly string[] Separators = [":", ":", ":", ":", "::", ": ", " :"];

    public static string Build(Random random)
    {
        if (random.Next(4) == 0)
        {
            return Templated(random);
        }

        var key = new System.Text.StringBuilder(Pick(random, Prefixes));
        if (key.Length > 0 && random.Next(3) > 0)
        {
            key.Append(Pick(random, AgentIds)).Append(':');
        }

        var count = random.Next(1, 8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                key.Append(Pick(random, Separators));
            }

            key.Append(Pick(random, Segments));
        }

        return random.Next(6) == 0 ? $" {key}\t" : key.ToString();
    }

    private static string Templated(Random random)
    {
        string[] channels = ["signal", "Signal", "matrix", "MATRIX", "discord", "telegram"];
        string[] kinds = ["group", "Group", "channel", "direct"];
        string[] ids = ["AbC+dE/fG==", "!AbC:Matrix.Org", "-100123", "Room Name", "!x:y:thread:Z"];
        var key = $"{Pick(random, Prefixes)}{Pick(random, AgentIds)}:{Pick(random, channels)}:{Pick(random, kinds)}:{Pick(random, ids)}";
        return random.Next(3) switch
        {
            0 => key + ":thread:" + Pick(random, ids),
            1 => key + ":Thread:" + Pick(random, ["1712.0001", "AbC", " T "]),
            _ => key,
        };
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
