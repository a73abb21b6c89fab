using System.Buffers;
using System.Globalization;
using System.Text;

namespace SessionCloser.JavaScript;

/// <summary>
/// JavaScript's <c>String.prototype.trim</c> and <c>toLowerCase</c>, which OpenClaw applies to session keys.
/// .NET differs at the edges: <see cref="string.Trim()"/> also strips U+0085 but keeps U+FEFF, and
/// <see cref="string.ToLowerInvariant"/> uses simple case mapping only (no İ → i̇, no final sigma).
/// Characters added to Unicode after the .NET runtime's tables may still lowercase differently.
/// </summary>
internal static class JsText
{
    public static bool IsWhiteSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or '\u2028' or '\u2029'
            or '\u202F' or '\u205F' or '\u3000' or '\uFEFF' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    public static string Trim(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsWhiteSpace(value[start]))
        {
            start++;
        }

        while (end > start && IsWhiteSpace(value[end - 1]))
        {
            end--;
        }

        return start == 0 && end == value.Length ? value : value[start..end];
    }

    /// <summary>OpenClaw's normalizeOptionalString: trimmed, or null when blank.</summary>
    public static string? TrimToNull(string? value) => value is null ? null : Trim(value) is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>OpenClaw's normalizeLowercaseStringOrEmpty: trim, then lowercase.</summary>
    public static string TrimLower(string value) => ToLower(Trim(value));

    public static string ToLower(string value)
    {
        if (!NeedsSpecialCasing(value))
        {
            return value.ToLowerInvariant();
        }

        var builder = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\u0130')
            {
                builder.Append("i\u0307"); // SpecialCasing.txt: LATIN CAPITAL LETTER I WITH DOT ABOVE
            }
            else if (c == '\u03A3')
            {
                builder.Append(IsFinalSigma(value, i) ? '\u03C2' : '\u03C3');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(value.AsSpan(i, 2).ToString().ToLowerInvariant());
                i++;
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static bool NeedsSpecialCasing(string value) =>
        value.AsSpan().IndexOfAny('\u0130', '\u03A3') >= 0;

    // Unicode Final_Sigma: a cased letter (skipping case-ignorables) before, none after. Steps by code point.
    private static bool IsFinalSigma(string value, int index)
    {
        var before = index;
        Rune rune = default;
        while (before > 0 && Rune.DecodeLastFromUtf16(value.AsSpan(0, before), out rune, out var length) == OperationStatus.Done
            && IsCaseIgnorable(rune))
        {
            before -= length;
        }

        if (before == 0 || !IsCased(rune))
        {
            return false;
        }

        var after = index + 1;
        while (after < value.Length && Rune.DecodeFromUtf16(value.AsSpan(after), out rune, out var length) == OperationStatus.Done
            && IsCaseIgnorable(rune))
        {
            after += length;
        }

        return after >= value.Length || !IsCased(rune);
    }

    private static bool IsCased(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    // Approximates Case_Ignorable: marks, format chars, modifiers, and the word-break "mid letter" punctuation
    // (which includes ':', so "AΣ:b" does not end the word at the colon).
    private static bool IsCaseIgnorable(Rune rune) =>
        rune.Value is '\'' or '.' or ':' or '\u00B7' or '\u0387' or '\u05F4' or '\u2018' or '\u2019' or '\u2024'
            or '\u2027' or '\uFE13' or '\uFE52' or '\uFE55' or '\uFF07' or '\uFF0E' or '\uFF1A'
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
