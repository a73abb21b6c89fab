using System.Globalization;

namespace SessionCloser.Fixtures;

/// <summary>Seeded randomness with fixture vocabulary. A seeded <see cref="Random"/> is stable across .NET versions.</summary>
internal sealed class FixtureRandom(int seed)
{
    private readonly Random _random = new(seed);

    public int Between(int minInclusive, int maxInclusive) => _random.Next(minInclusive, maxInclusive + 1);

    public long Between(long minInclusive, long maxInclusive) => _random.NextInt64(minInclusive, maxInclusive + 1);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public void Shuffle<T>(T[] items) => _random.Shuffle(items);

    /// <summary>A lowercase RFC 4122 v4 UUID, like <c>crypto.randomUUID()</c>.</summary>
    public string Uuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}");
    }

    /// <summary>Short lowercase hex, like transcript entry ids.</summary>
    public string Hex(int length)
    {
        Span<byte> bytes = stackalloc byte[(length + 1) / 2];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }
}
