using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SessionCloser.Store;

/// <summary>
/// Decodes JSON string tokens the way JavaScript does. <see cref="Utf8JsonReader.GetString"/> rejects escaped lone
/// surrogates (<c>"\ud800"</c>), which <c>JSON.parse</c> accepts and OpenClaw can write; keys must still decode.
/// </summary>
internal static class JsonStrings
{
    public static string Decode(ref readonly Utf8JsonReader reader)
    {
        // Stores are always parsed from one contiguous buffer, so the value is never split into a sequence.
        var raw = reader.ValueSpan;
        return reader.ValueIsEscaped ? Unescape(raw) : Encoding.UTF8.GetString(raw);
    }

    /// <summary>
    /// Whether the current string token equals <paramref name="utf8"/>. Unlike <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>
    /// it does not throw on escaped lone surrogates, which are legal in any property name JSON.parse accepts.
    /// </summary>
    public static bool NameEquals(ref readonly Utf8JsonReader reader, ReadOnlySpan<byte> utf8) =>
        reader.ValueIsEscaped ? Decode(in reader) == Encoding.UTF8.GetString(utf8) : reader.ValueSpan.SequenceEqual(utf8);

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                result.Append(c);
                continue;
            }

            // Utf8JsonReader has already validated every escape, so the next characters are well formed.
            var escape = text[++i];
            switch (escape)
            {
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'u':
                    result.Append((char)int.Parse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: result.Append(escape); break;
            }
        }

        return result.ToString();
    }
}
