using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Cli.Output;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// <c>--json</c> documents are streamed: the byte-level astral rewrite (<see cref="RawAstralStream"/>) gives what the
/// whole-string rewrite (<see cref="JsonOutput.RawAstral"/>) gives, wherever the chunks are cut; the written document
/// reaches a <see cref="TextWriter"/> and a UTF-8 <see cref="StreamWriter"/> alike.
/// </summary>
public class StreamedJsonTests
{
    private static readonly string[] Pieces =
    [
        "\\uD83D\\uDE80", "\\ud83d\\ude00", "\\uD83D", "\\uDE80", "\\uD83D\\u0041", "\\\\uD83D\\uDE80", "\\\\", "\\\"", "\\n", "\\u00e9",
        "é", "😀", "a", "\"", " ", "\\uDBFF\\uDFFF", "\\uD800\\uDC00", "\\uD83D\\uDE8", "\\u", "\\",
    ];

    [Fact]
    public void Any_text_cut_anywhere_is_rewritten_as_the_whole_string_is()
    {
        var random = new Random(13);
        for (var run = 0; run < 3_000; run++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            var bytes = Encoding.UTF8.GetBytes(text);
            using var output = new MemoryStream();
            using (var stream = new RawAstralStream(output))
            {
                var at = 0;
                while (at < bytes.Length)
                {
                    var chunk = random.Next(0, Math.Min(14, bytes.Length - at) + 1);
                    stream.Write(bytes, at, chunk);
                    at += chunk;
                }

                stream.Complete();
            }

            Encoding.UTF8.GetString(output.ToArray()).Should().Be(JsonOutput.RawAstral(text), $"for {text}");
        }
    }

    [Fact]
    public void A_long_document_is_the_same_through_a_text_writer_and_through_bytes()
    {
        void Document(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteStartArray("rows");
            for (var i = 0; i < 20_000; i++)
            {
                w.WriteStringValueSafely($"row {i} 🚀 é \\ {(char)0xD83D}x");
                w.FlushWhenFull(1_000);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        using var text = new StringWriter { NewLine = "\n" };
        JsonOutput.Write(text, Document);
        using var bytes = new MemoryStream();
        using (var writer = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            JsonOutput.Write(writer, Document);
        }

        text.ToString().Should().Contain("row 19999 🚀 é \\\\ \\ud83dx").And.EndWith("}\n");
        Encoding.UTF8.GetString(bytes.ToArray()).Should().Be(text.ToString());
    }
}
