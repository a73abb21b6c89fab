using System.Text;

namespace SessionCloser.Cli.Output;

/// <summary>UTF-8 bytes into a <see cref="TextWriter"/> (a test's <see cref="StringWriter"/>, a terminal): decoded as they come, a character cut between writes included.</summary>
internal sealed class TextWriterStream(TextWriter target) : WriteOnlyStream
{
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = [];

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, 1 << 12)];
        }

        var count = _decoder.GetChars(buffer, _chars, flush: false);
        target.Write(_chars, 0, count);
    }

    public override void Flush() => target.Flush();
}
