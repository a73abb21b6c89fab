using System.Text;
using System.Text.Json;

namespace SessionCloser.Store;

/// <summary>
/// A store's keys read in place, from their tokens in the file's bytes: decoded only when asked for, hashed from the
/// bytes as they are (so finding an entry or a duplicate key costs no string per entry).
/// </summary>
internal static class StoreKeys
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = int.MaxValue };

    /// <summary>The key of the string token <paramref name="token"/> (quotes included), decoded as <see cref="JsonStrings.Decode"/> does.</summary>
    public static string Decode(ReadOnlySpan<byte> file, ByteSpan token)
    {
        var raw = Raw(file, token);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var reader = new Utf8JsonReader(token.Of(file), Options);
        reader.Read();
        return JsonStrings.Decode(ref reader);
    }

    /// <summary>What is between the token's quotes.</summary>
    public static ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> file, ByteSpan token) => file.Slice(token.Start + 1, token.Length - 2);

    /// <summary>
    /// A hash of the key a token decodes to: of its UTF-8 bytes, so that an escaped key and an unescaped one that decode
    /// alike hash alike (a key with an escaped lone surrogate hashes as its U+FFFD replacement: equal keys still agree).
    /// </summary>
    public static int ExactHash(ReadOnlySpan<byte> file, ByteSpan token)
    {
        var raw = Raw(file, token);
        return raw.IndexOf((byte)'\\') < 0 ? Hash(raw) : Hash(Decode(file, token));
    }

    /// <summary>Whether two tokens decode to the same key: their bytes when neither is escaped, else their decoded keys.</summary>
    public static bool AreEqual(ReadOnlySpan<byte> file, ByteSpan a, ByteSpan b)
    {
        var rawA = Raw(file, a);
        var rawB = Raw(file, b);
        return rawA.IndexOf((byte)'\\') < 0 && rawB.IndexOf((byte)'\\') < 0
            ? rawA.SequenceEqual(rawB)
            : string.Equals(Decode(file, a), Decode(file, b), StringComparison.Ordinal);
    }

    private static int Hash(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = length > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented ?? stackalloc byte[512];
        var hash = Hash(buffer[..Encoding.UTF8.GetBytes(key, buffer)]);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    /// <summary>
    /// A hash that every spelling of a key OpenClaw files under one normalized key shares, when the key is ASCII:
    /// its ASCII letters lowercased and its whitespace left out (normalizing a key only trims whitespace, in places,
    /// and lowercases, in places, so a key and its normalized form fold alike). False for a key with a non-ASCII
    /// character, which normalizing may fold in other ways (<c>K</c>, the Kelvin sign, lowercases to <c>k</c>).
    /// </summary>
    public static bool TryFoldedHash(ReadOnlySpan<char> key, out int hash)
    {
        var h = FoldSeed;
        foreach (var c in key)
        {
            if (c > 0x7F)
            {
                hash = 0;
                return false;
            }

            h = Fold(h, (byte)c);
        }

        hash = (int)h;
        return true;
    }

    /// <summary><see cref="TryFoldedHash(ReadOnlySpan{char}, out int)"/> of the bytes between a token's quotes, when they are ASCII and hold no escape.</summary>
    public static bool TryFoldedHash(ReadOnlySpan<byte> raw, out int hash)
    {
        var h = FoldSeed;
        foreach (var b in raw)
        {
            if (b > 0x7F || b == (byte)'\\')
            {
                hash = 0;
                return false;
            }

            h = Fold(h, b);
        }

        hash = (int)h;
        return true;
    }

    private const uint FoldSeed = 2166136261;

    // FNV-1a over the folded bytes; JavaScript's whitespace in ASCII (what String.prototype.trim removes) is skipped.
    private static uint Fold(uint h, byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r'
        ? h
        : (h ^ (b is >= (byte)'A' and <= (byte)'Z' ? (uint)(b | 0x20) : b)) * 16777619;
}
