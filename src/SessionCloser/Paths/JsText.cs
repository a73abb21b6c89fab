namespace SessionCloser.Paths;

/// <summary>
/// JavaScript string semantics OpenClaw relies on. .NET's Trim/ToLower differ in small ways
/// (U+FEFF, U+0085, U+0130), and those differences would change which directory we pick.
/// </summary>
internal static class JsText
{
    /// <summary>String.prototype.trim: ECMAScript WhiteSpace plus LineTerminator.</summary>
    public static string Trim(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsWhiteSpaceOrLineTerminator(value[start]))
        {
            start++;
        }

        while (end > start && IsWhiteSpaceOrLineTerminator(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>ECMAScript WhiteSpace (incl. U+FEFF and every Zs char) or LineTerminator; unlike .NET, not U+0085.</summary>
    public static bool IsWhiteSpaceOrLineTerminator(char c) =>
        c is '\t' or '\v' or '\f' or ' ' or '\u00A0' or '\uFEFF' or '\n' or '\r' or '\u2028' or '\u2029'
        || (c > '\u00FF' && char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.SpaceSeparator);

    /// <summary>
    /// String.prototype.toLowerCase as far as it can matter to ASCII-only consumers: ASCII letters,
    /// U+0130 (full mapping "i\u0307") and U+212A KELVIN SIGN ("k"). Other chars keep .NET's invariant mapping.
    /// </summary>
    public static string ToLower(string value)
    {
        if (!value.Contains('\u0130', StringComparison.Ordinal))
        {
            return value.ToLowerInvariant().Replace('\u212A', 'k');
        }

        return value.Replace("\u0130", "i\u0307", StringComparison.Ordinal).ToLowerInvariant().Replace('\u212A', 'k');
    }

    /// <summary>OpenClaw's normalizeOptionalString: trimmed, or null when blank.</summary>
    public static string? TrimToNull(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = Trim(value);
        return trimmed.Length == 0 ? null : trimmed;
    }
}
