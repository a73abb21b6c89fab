using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SessionCloser.Cli.Output;

/// <summary>
/// Writes the <c>--json</c> documents: 2-space indent, LF, raw UTF-8 (like OpenClaw's own JSON output), one
/// document per run. Written with <see cref="Utf8JsonWriter"/> so output stays AOT-safe and field order is fixed.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Streams the document to <paramref name="output"/> as it is written (a writer that flushes every few rows keeps
    /// no more than those in memory): straight to the bytes of a UTF-8 <see cref="StreamWriter"/> (stdout when piped),
    /// else decoded into the <see cref="TextWriter"/>; astral characters raw (<see cref="RawAstralStream"/>), then a newline.
    /// </summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(write);
        Stream target;
        if (output is StreamWriter { Encoding: UTF8Encoding utf8 } bytes && utf8.Preamble.Length == 0)
        {
            bytes.Flush();
            target = bytes.BaseStream;
        }
        else
        {
            target = new TextWriterStream(output);
        }

        using var astral = new RawAstralStream(target);
        using (var writer = new Utf8JsonWriter(astral, Options))
        {
            write(writer);
        }

        astral.Write("\n"u8);
        astral.Complete();
        output.Flush();
    }

    /// <summary>Hands what is written on to the output once <paramref name="pendingBytes"/> are pending: called per row, it keeps a long list streaming.</summary>
    public static void FlushWhenFull(this Utf8JsonWriter writer, int pendingBytes = 1 << 16)
    {
        if (writer.BytesPending >= pendingBytes)
        {
            writer.Flush();
        }
    }

    /// <summary>
    /// Even relaxed, System.Text.Json writes characters beyond U+FFFF as <c>\uD83D\uDE80</c>; OpenClaw writes them
    /// raw. Turns each escaped valid surrogate pair back into the character; everything else is left as written.
    /// </summary>
    internal static string RawAstral(string json)
    {
        if (!json.Contains("\\uD", StringComparison.OrdinalIgnoreCase))
        {
            return json;
        }

        var result = new StringBuilder(json.Length);
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\' || i + 1 >= json.Length)
            {
                result.Append(json[i]);
                continue;
            }

            if (json[i + 1] == 'u' && i + 12 <= json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                && ushort.TryParse(json.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var high)
                && ushort.TryParse(json.AsSpan(i + 8, 4), System.Globalization.NumberStyles.HexNumber, null, out var low)
                && char.IsHighSurrogate((char)high) && char.IsLowSurrogate((char)low))
            {
                result.Append((char)high).Append((char)low);
                i += 11;
                continue;
            }

            // Any other escape (including an escaped backslash) is copied whole, so it is never re-read as the start of one.
            result.Append(json, i, 2);
            i++;
        }

        return result.ToString();
    }

    public static void WriteStringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WritePropertyName(name);
            writer.WriteStringValueSafely(value);
        }
    }

    /// <summary>
    /// Writes a string value even when it is not well-formed UTF-16: a lone surrogate (which JSON.parse accepts and
    /// OpenClaw stores) is escaped as <c>\udxxx</c>, as JSON.stringify does, where Utf8JsonWriter would throw.
    /// </summary>
    public static void WriteStringValueSafely(this Utf8JsonWriter writer, string value)
    {
        if (!HasLoneSurrogate(value))
        {
            writer.WriteStringValue(value);
            return;
        }

        var literal = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (paired)
            {
                literal.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || c < ' ')
            {
                literal.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                literal.Append(c switch { '"' => "\\\"", '\\' => "\\\\", _ => c.ToString() });
            }
        }

        writer.WriteRawValue(literal.Append('"').ToString(), skipInputValidation: true);
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Counts and byte sizes: written as integers, exact beyond 2^53.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void WriteStrings(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValueSafely(value);
        }

        writer.WriteEndArray();
    }
}
