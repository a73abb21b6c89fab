using System.Text;

using SessionCloser.JavaScript;

namespace SessionCloser.Keys;

/// <summary>
/// OpenClaw's agent id rules (normalizeAgentId / isValidAgentId in src/routing/session-key.ts).
/// The normalized id names the store directory, so any drift here points at the wrong agent.
/// </summary>
internal static class AgentIds
{
    /// <summary>The agent OpenClaw uses when none is configured or the id is blank.</summary>
    public const string DefaultAgentId = "main";

    /// <summary>The longest id OpenClaw produces.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="value"/>, trimmed, matches ^[a-z0-9][a-z0-9_-]{0,63}$ ignoring ASCII case.</summary>
    public static bool IsValid(string? value)
    {
        var trimmed = JsText.Trim(value ?? string.Empty);
        return IsValidTrimmed(trimmed);
    }

    /// <summary>
    /// normalizeAgentId: trim; a valid id is lowercased; anything else is lowercased, each run of chars outside
    /// [a-z0-9_-] becomes '-', leading/trailing '-' are dropped and the result is cut to 64 chars;
    /// blank or nothing left gives "main".
    /// </summary>
    public static string Normalize(string? value)
    {
        var trimmed = JsText.Trim(value ?? string.Empty);
        if (trimmed.Length == 0)
        {
            return DefaultAgentId;
        }

        var lowered = JsText.ToLower(trimmed);
        if (IsValidTrimmed(trimmed))
        {
            return lowered;
        }

        var builder = new StringBuilder(lowered.Length);
        var inInvalidRun = false;
        foreach (var c in lowered)
        {
            if (IsIdChar(c))
            {
                builder.Append(c);
                inInvalidRun = false;
            }
            else if (!inInvalidRun)
            {
                builder.Append('-');
                inInvalidRun = true;
            }
        }

        var collapsed = builder.ToString().Trim('-');
        if (collapsed.Length > MaxLength)
        {
            // JavaScript slices after trimming, so a '-' can end up last again; OpenClaw keeps it.
            collapsed = collapsed[..MaxLength];
        }

        return collapsed.Length == 0 ? DefaultAgentId : collapsed;
    }

    private static bool IsValidTrimmed(string trimmed)
    {
        if (trimmed.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(trimmed[0]))
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-';
}
