using System.Text;

namespace SessionCloser.Cli.Output;

/// <summary>UTF-8 bytes into a <see cref="TextWriter"/> (a test's <see cref="StringWriter"/>, a terminal): decoded as they come, a character cut between writes included.</summary>
internal sealed class TextWriterStream(TextWriter target) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = [];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

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

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
