using System.Buffers;
using System.Text;

namespace SessionCloser.Cli.Output;

/// <summary>
/// <see cref="JsonOutput.RawAstral"/> on a stream of UTF-8 bytes: each escaped valid surrogate pair
/// (<c>\uD83D\uDE80</c>) becomes the character's four UTF-8 bytes, every other escape is copied whole, so a document
/// of any size goes out in chunks with the same bytes the whole-string rewrite gives. An escape cut by a chunk's end
/// waits (at most 11 bytes) for the next write; <see cref="Complete"/> ends the document.
/// </summary>
internal sealed class RawAstralStream(Stream target) : WriteOnlyStream
{
    private const int PairLength = 12; // \uXXXX\uXXXX

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _pending;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_pending + buffer.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_pending + buffer.Length);
            _buffer.AsSpan(0, _pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        buffer.CopyTo(_buffer.AsSpan(_pending));
        _pending += buffer.Length;
        Emit(final: false);
    }

    /// <summary>Writes what is still held (the end of the document: a cut escape is copied as it is) and flushes.</summary>
    public void Complete()
    {
        Emit(final: true);
        target.Flush();
    }

    public override void Flush() => target.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }

    /// <summary>Rewrites the held bytes in place (the output is never longer), writes all but an unfinished escape.</summary>
    private void Emit(bool final)
    {
        var bytes = _buffer.AsSpan(0, _pending);
        int read = 0, written = 0;
        while (read < bytes.Length)
        {
            var slash = bytes[read..].IndexOf((byte)'\\');
            var run = slash < 0 ? bytes.Length - read : slash;
            bytes.Slice(read, run).CopyTo(bytes[written..]);
            read += run;
            written += run;
            if (slash < 0)
            {
                break;
            }

            // As the string rewrite: a pair needs its 12 characters, any other escape is two; at the very end a lone '\' stays.
            if (!final && read + PairLength > bytes.Length)
            {
                break;
            }

            if (read + 1 >= bytes.Length)
            {
                bytes[written++] = bytes[read++];
                continue;
            }

            if (TryPair(bytes[read..], out var high, out var low))
            {
                written += new Rune(high, low).EncodeToUtf8(bytes[written..]);
                read += PairLength;
                continue;
            }

            bytes[written++] = bytes[read++];
            bytes[written++] = bytes[read++];
        }

        target.Write(bytes[..written]);
        bytes[read..].CopyTo(_buffer);
        _pending = bytes.Length - read;
    }

    private static bool TryPair(ReadOnlySpan<byte> escape, out char high, out char low)
    {
        high = low = default;
        return escape.Length >= PairLength && escape[1] == 'u' && escape[6] == '\\' && escape[7] == 'u'
            && TryHex(escape.Slice(2, 4), out high) && TryHex(escape.Slice(8, 4), out low)
            && char.IsHighSurrogate(high) && char.IsLowSurrogate(low);
    }

    private static bool TryHex(ReadOnlySpan<byte> digits, out char value)
    {
        var code = 0;
        foreach (var digit in digits)
        {
            var nibble = digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
                _ => -1,
            };
            if (nibble < 0)
            {
                value = default;
                return false;
            }

            code = (code << 4) | nibble;
        }

        value = (char)code;
        return true;
    }
}
