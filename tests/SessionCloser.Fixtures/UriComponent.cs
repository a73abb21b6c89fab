using System.Text;

namespace SessionCloser.Fixtures;

/// <summary>JS <c>encodeURIComponent</c>. Uri.EscapeDataString differs: it also escapes <c>! ' ( ) *</c>.</summary>
internal static class UriComponent
{
    private const string Unreserved = "-_.!~*'()";

    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || Unreserved.Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
                continue;
            }

            var rune = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                ? new Rune(c, value[++i])
                : Rune.IsValid(c) ? new Rune(c) : throw new ArgumentException("encodeURIComponent throws URIError on lone surrogates.", nameof(value));
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
