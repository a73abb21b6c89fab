using System.Buffers.Binary;

namespace SessionCloser.Eras;

/// <summary>
/// SQLite's WAL checksum (https://www.sqlite.org/fileformat2.html#walformat, "Checksum Algorithm"): the input is
/// read as pairs of 32-bit words x0, x1, big-endian when the WAL magic is 0x377f0683 and little-endian when it is
/// 0x377f0682, and s0 += x0 + s1; s1 += x1 + s0. It runs on from the header's first 24 bytes through each frame's
/// first 8 header bytes and page, so a frame's stored checksum also vouches for every frame before it.
/// </summary>
internal sealed class WalChecksum(bool bigEndianWords)
{
    public uint S0 { get; private set; }

    public uint S1 { get; private set; }

    /// <summary>Adds <paramref name="data"/>, whose length is a multiple of 8 (a header part or a page).</summary>
    public void Add(ReadOnlySpan<byte> data)
    {
        if (data.Length % 8 != 0)
        {
            throw new ArgumentException("SQLite checksums whole 8-byte pairs of words.", nameof(data));
        }

        uint s0 = S0, s1 = S1;
        for (var i = 0; i < data.Length; i += 8)
        {
            unchecked
            {
                s0 += Word(data[i..]) + s1;
                s1 += Word(data[(i + 4)..]) + s0;
            }
        }

        (S0, S1) = (s0, s1);
    }

    /// <summary>Whether the 8 stored bytes (two big-endian words, whatever the word order) equal the sum so far.</summary>
    public bool Matches(ReadOnlySpan<byte> stored) =>
        BinaryPrimitives.ReadUInt32BigEndian(stored) == S0 && BinaryPrimitives.ReadUInt32BigEndian(stored[4..]) == S1;

    private uint Word(ReadOnlySpan<byte> bytes) =>
        bigEndianWords ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
