using SessionCloser.JavaScript;

namespace SessionCloser.Keys;

/// <summary>Sorts keys into <see cref="SessionKeyKind"/>s, most specific shape first.</summary>
internal static class SessionKeyClassifier
{
    public static SessionKeyKind Classify(string key, string mainKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        var normalized = SessionKeys.Normalize(key);
        switch (normalized)
        {
            case "":
                return SessionKeyKind.Other;
            case SessionKeys.Global:
                return SessionKeyKind.Global;
            case SessionKeys.Unknown:
                return SessionKeyKind.Unknown;
        }

        var parsed = SessionKeys.Parse(normalized);
        // Unscoped keys (hook:…, node:…, a bare "main") are classified by their own shape, as sessions_list does.
        var rest = JsText.ToLower(parsed?.Rest ?? normalized);
        if (rest.StartsWith("agent:", StringComparison.Ordinal))
        {
            return SessionKeyKind.Other; // malformed agent key, e.g. "agent:x" or "agent::y"
        }

        if (rest == MainSessionKeys.DefaultMainKey || rest == MainSessionKeys.NormalizeMainKey(mainKey))
        {
            return SessionKeyKind.Main;
        }

        return ClassifyRest(rest);
    }

    private static SessionKeyKind ClassifyRest(string rest)
    {
        if (rest.StartsWith("cron:", StringComparison.Ordinal))
        {
            return IsCronRun(rest) ? SessionKeyKind.CronRun : SessionKeyKind.Cron;
        }

        if (rest.StartsWith("subagent:", StringComparison.Ordinal))
        {
            return SessionKeyKind.Subagent;
        }

        if (rest.StartsWith("acp:", StringComparison.Ordinal) || rest.StartsWith("acp-bridge:", StringComparison.Ordinal))
        {
            return SessionKeyKind.Acp;
        }

        if (rest.StartsWith("hook:", StringComparison.Ordinal))
        {
            return SessionKeyKind.Hook;
        }

        if (rest.StartsWith("node:", StringComparison.Ordinal) || rest.StartsWith("node-", StringComparison.Ordinal))
        {
            return SessionKeyKind.Node;
        }

        if (rest.StartsWith("explicit:", StringComparison.Ordinal))
        {
            return IsModelRun(rest) ? SessionKeyKind.ModelRun : SessionKeyKind.Explicit;
        }

        if (rest == "heartbeat" || rest.EndsWith(":heartbeat", StringComparison.Ordinal)
            || rest.Contains(":heartbeat:", StringComparison.Ordinal))
        {
            return SessionKeyKind.Heartbeat;
        }

        if (ThreadSuffix.Split(rest).ThreadId is not null)
        {
            return SessionKeyKind.Thread;
        }

        var segments = rest.Split(':');
        if (segments.Length == 1)
        {
            return rest.StartsWith("project-", StringComparison.Ordinal) && rest.Length > "project-".Length
                ? SessionKeyKind.LegacyProject
                : SessionKeyKind.Project;
        }

        return ClassifyConversation(segments);
    }

    // <channel>[:<account>]:<group|channel|direct|dm>:<peer>[:topic:<id>]; the first peer-kind segment decides.
    private static SessionKeyKind ClassifyConversation(string[] segments)
    {
        var hasTopic = false;
        for (var i = 1; i < segments.Length - 1; i++)
        {
            hasTopic |= segments[i] == "topic" && segments[i + 1].Length > 0;
        }

        if (hasTopic)
        {
            return SessionKeyKind.Topic;
        }

        // Per-peer DMs drop the channel ("direct:<peer>"), so a DM kind may also come first.
        for (var i = 0; i < segments.Length - 1; i++)
        {
            switch (segments[i])
            {
                case "group" when i > 0:
                    return SessionKeyKind.Group;
                case "channel" when i > 0:
                    return SessionKeyKind.Channel;
                case "direct" or "dm":
                    return SessionKeyKind.Direct;
            }
        }

        return SessionKeyKind.Other;
    }

    // isCronRunSessionKey (2026.7.35): /^cron:[^:]+:run:[^:]+(?::|$)/
    private static bool IsCronRun(string rest)
    {
        var segments = rest.Split(':');
        return segments.Length >= 4 && segments[1].Length > 0 && segments[2] == "run" && segments[3].Length > 0;
    }

    // isGatewayModelRunSessionKey: explicit:model-run-<8-4-4-4-12 hex>, nothing after.
    private static bool IsModelRun(string rest)
    {
        const string Prefix = "explicit:model-run-";
        if (!rest.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var uuid = rest[Prefix.Length..];
        return uuid.Length == 36 && Guid.TryParseExact(uuid, "D", out _) && uuid.All(c => c == '-' || char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));
    }
}
