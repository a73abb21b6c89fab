using System.Text;

namespace SessionCloser.Fixtures;

/// <summary>QuoteJSONString as of ES2019 (well-formed JSON.stringify).</summary>
internal static class JsStringQuoter
{
    private const string HexDigits = "0123456789abcdef";

    public static void AppendQuoted(StringBuilder builder, string value)
    {
        builder.Append('"');
        var clean = FirstCharNeedingCare(value);
        builder.Append(value, 0, clean);
        for (var i = clean; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // Lone surrogates cannot be encoded as UTF-8, so JS escapes them (lowercase hex).
                        AppendUnicodeEscape(builder, c);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Fast path: most keys and values contain nothing to escape and no surrogates.</summary>
    private static int FirstCharNeedingCare(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < ' ' || c == '"' || c == '\\' || char.IsSurrogate(c))
            {
                return i;
            }
        }

        return value.Length;
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u")
            .Append(HexDigits[(c >> 12) & 0xF])
            .Append(HexDigits[(c >> 8) & 0xF])
            .Append(HexDigits[(c >> 4) & 0xF])
            .Append(HexDigits[c & 0xF]);
}
