using System.Text;
using System.Text.Unicode;
using AwesomeAssertions;
using SessionCloser.Store;

namespace SessionCloser.Tests.Store;

/// <summary><see cref="Utf8Check"/> must give <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>'s answer for every input.</summary>
public class Utf8CheckTests
{
    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x41 })]
    [InlineData(new byte[] { 0x80 })] // a continuation byte alone
    [InlineData(new byte[] { 0x41, 0xC3 })] // a sequence cut at the end
    [InlineData(new byte[] { 0xC3, 0x41, 0xA9 })] // an ASCII byte inside a sequence
    [InlineData(new byte[] { 0xC3, 0xA9, 0xA9 })] // one continuation too many
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80, 0x41, 0xE2, 0x82, 0xAC })] // 😀 A €
    [InlineData(new byte[] { 0xFF })]
    public void Gives_the_frameworks_answer_on_edge_cases(byte[] bytes) => Utf8Check.IsValid(bytes).Should().Be(Utf8.IsValid(bytes));

    [Fact]
    public void Gives_the_frameworks_answer_on_random_mixes_of_ascii_and_sequences_whole_and_broken()
    {
        var random = new Random(13);
        string[] pieces = ["a", "{\"k\": \"v\"}", "é", "€", "😀", "\u0800", "\uFFFD"];
        var valid = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = new List<byte>();
            var count = random.Next(0, 40);
            for (var i = 0; i < count; i++)
            {
                switch (random.Next(10))
                {
                    case 0: bytes.Add((byte)random.Next(0x80, 0x100)); break; // any high byte
                    case 1: bytes.AddRange(Encoding.UTF8.GetBytes(pieces[random.Next(pieces.Length)]).Take(random.Next(1, 4))); break; // maybe cut
                    case 2: bytes.Add((byte)random.Next(0, 0x80)); break;
                    default: bytes.AddRange(Encoding.UTF8.GetBytes(pieces[random.Next(pieces.Length)])); break;
                }
            }

            var array = bytes.ToArray();
            var expected = Utf8.IsValid(array);
            valid += expected ? 1 : 0;
            Utf8Check.IsValid(array).Should().Be(expected, Convert.ToHexString(array));
        }

        // Both answers were exercised many times.
        valid.Should().BeInRange(1000, 19_000);
    }

    [Fact]
    public void A_store_with_invalid_utf8_after_megabytes_of_mixed_text_is_refused_at_the_bad_byte()
    {
        var text = new StringBuilder("{\n  \"agent:a:x\": {\"label\": \"");
        for (var i = 0; i < 1_500_000; i++)
        {
            text.Append(i % 7 == 0 ? "é" : "a");
        }

        var good = Encoding.UTF8.GetBytes(text.ToString());
        byte[] bytes = [.. good, 0xC3, 0x28, .. "\"}\n}"u8];
        var path = Path.Combine(Path.GetTempPath(), $"utf8check-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, bytes);
        try
        {
            var read = () => StoreReader.ReadFile(path);
            var refused = read.Should().Throw<StoreFormatException>().Which;
            refused.Problem.Should().Be("invalid UTF-8");
            refused.ByteOffset.Should().Be(good.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
