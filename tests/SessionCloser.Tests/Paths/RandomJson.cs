using System.Globalization;
using System.Text;

namespace SessionCloser.Tests.Paths;

/// <summary>
/// Random valid JSON text with random whitespace, escapes and number forms, for comparing our JSON5 reader with
/// System.Text.Json. With <c>json5Noise</c> it adds comments and trailing commas but consumes the random stream
/// identically, so the same seed yields the same value.
/// </summary>
internal static class RandomJson
{
    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "42", "123456789012345678", "3.14", "-0.001", "1e10", "1E+2", "2.5e-3", "0.0",
        "9007199254740993", "1.7976931348623157e308", "5e-324", "100000000000000000000000",
    ];

    public static string Document(Random random, bool json5Noise = false)
    {
        var builder = new StringBuilder();
        Space(random, builder, json5Noise);
        Value(random, builder, depth: 0, json5Noise);
        Space(random, builder, json5Noise);
        return builder.ToString();
    }

    private static void Value(Random random, StringBuilder builder, int depth, bool noise)
    {
        var kind = random.Next(depth >= 5 ? 5 : 7);
        switch (kind)
        {
            case 0: builder.Append("null"); break;
            case 1: builder.Append(random.Next(2) == 0 ? "true" : "false"); break;
            case 2: builder.Append(Number(random)); break;
            case 3:
            case 4: String(random, builder); break;
            case 5: Container(random, builder, depth, noise, isObject: false); break;
            default: Container(random, builder, depth, noise, isObject: true); break;
        }
    }

    private static void Container(Random random, StringBuilder builder, int depth, bool noise, bool isObject)
    {
        builder.Append(isObject ? '{' : '[');
        var count = random.Next(5);
        var usedKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            Space(random, builder, noise);
            if (isObject)
            {
                var key = "k" + random.Next(1000).ToString(CultureInfo.InvariantCulture) + RandomText(random);
                if (!usedKeys.Add(key))
                {
                    key += "_" + i.ToString(CultureInfo.InvariantCulture);
                    usedKeys.Add(key);
                }

                Quote(random, builder, key);
                Space(random, builder, noise);
                builder.Append(':');
                Space(random, builder, noise);
            }

            Value(random, builder, depth + 1, noise);
            Space(random, builder, noise);
            if (i < count - 1)
            {
                builder.Append(',');
            }
        }

        var trailing = random.Next(2) == 0;
        if (noise && count > 0 && trailing)
        {
            builder.Append(',');
        }

        Space(random, builder, noise);
        builder.Append(isObject ? '}' : ']');
    }

    private static string Number(Random random) => random.Next(3) switch
    {
        0 => Numbers[random.Next(Numbers.Length)],
        1 => random.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        _ => (random.NextDouble() * Math.Pow(10, random.Next(-20, 20)) * (random.Next(2) == 0 ? 1 : -1))
            .ToString("R", CultureInfo.InvariantCulture),
    };

    private static void String(Random random, StringBuilder builder) => Quote(random, builder, RandomText(random));

    private static string RandomText(Random random)
    {
        var length = random.Next(8);
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            switch (random.Next(6))
            {
                case 0: text.Append((char)random.Next(0, 0x20)); break;
                case 1: text.Append("\"\\/'"[random.Next(4)]); break;
                case 2: text.Append((char)random.Next(0x80, 0xD800)); break;
                case 3: text.Append("😀"); break;
                case 4: text.Append('\u2028'); break;
                default: text.Append((char)random.Next(0x20, 0x7F)); break;
            }
        }

        return text.ToString();
    }

    private static void Quote(Random random, StringBuilder builder, string text)
    {
        builder.Append('"');
        var escapeLowSurrogate = false;
        foreach (var c in text)
        {
            // A surrogate pair is escaped as a whole or not at all; half of each would be invalid UTF-16 text.
            var escapeAnyway = char.IsLowSurrogate(c) ? escapeLowSurrogate : random.Next(5) == 0;
            escapeLowSurrogate = char.IsHighSurrogate(c) && escapeAnyway;
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t' when !escapeAnyway: builder.Append("\\t"); break;
                case '/' when escapeAnyway: builder.Append("\\/"); break;
                default:
                    if (c < 0x20 || escapeAnyway)
                    {
                        builder.Append("\\u").Append(((int)c).ToString(random.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture));
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

    private static void Space(Random random, StringBuilder builder, bool noise)
    {
        var count = random.Next(3);
        for (var i = 0; i < count; i++)
        {
            builder.Append(" \t\r\n"[random.Next(4)]);
        }

        // Drawn whether or not noise is on, so both variants stay in step.
        var comment = random.Next(6);
        if (noise && comment == 0)
        {
            builder.Append("/* c */");
        }
        else if (noise && comment == 1)
        {
            builder.Append("// line\n");
        }
    }
}
