namespace SessionCloser.Keys;

/// <summary>OpenClaw's normalizeAgentId (src/routing/session-key.ts), identical in 2026.4.29 and 2026.7.35.</summary>
internal static class AgentIdRules
{
    public const string DefaultAgentId = "main";
    private const int MaxLength = 64;

    public static string Normalize(string? agentId)
    {
        var trimmed = JsText.Trim(agentId ?? "");
        if (trimmed.Length == 0)
        {
            return DefaultAgentId;
        }

        var lowered = JsText.ToLower(trimmed);
        if (IsValid(trimmed))
        {
            return lowered;
        }

        // Runs of anything outside [a-z0-9_-] (checked after lowercasing) become one '-'.
        var builder = new System.Text.StringBuilder(lowered.Length);
        var inRun = false;
        foreach (var c in lowered)
        {
            if (IsIdChar(c))
            {
                builder.Append(c);
                inRun = false;
            }
            else if (!inRun)
            {
                builder.Append('-');
                inRun = true;
            }
        }

        var collapsed = builder.ToString().Trim('-');
        var cut = collapsed.Length > MaxLength ? collapsed[..MaxLength] : collapsed;
        return cut.Length == 0 ? DefaultAgentId : cut;
    }

    /// <summary><c>^[a-z0-9][a-z0-9_-]{0,63}$</c>, case-insensitive (ASCII only, as JS regexes without /u).</summary>
    public static bool IsValid(string value)
    {
        if (value.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdChar(char c) => char.IsAsciiDigit(c) || c is (>= 'a' and <= 'z') or '_' or '-';
}
