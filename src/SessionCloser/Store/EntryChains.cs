namespace SessionCloser.Store;

/// <summary>
/// Entry numbers by a hash of each: chains in three arrays (a bucket's last entry, each entry's previous one in its
/// bucket, each entry's hash) rather than a dictionary of lists, about 12 bytes an entry. Entries are numbered 0, 1, 2
/// … in the order added; a hash's entries come back newest first.
/// </summary>
internal sealed class EntryChains
{
    private int[] _heads; // bucket -> last entry + 1 (0: none)
    private int[] _previous; // entry -> the entry before it in its bucket + 1 (0: none)
    private int[] _hashes;

    public EntryChains(int capacity)
    {
        var buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _heads = new int[buckets];
        _previous = new int[Math.Max(16, capacity)];
        _hashes = new int[_previous.Length];
    }

    public int Count { get; private set; }

    /// <summary>Adds entry number <see cref="Count"/> under <paramref name="hash"/>.</summary>
    public void Add(int hash)
    {
        if (Count == _previous.Length)
        {
            Array.Resize(ref _previous, Count * 2);
            Array.Resize(ref _hashes, Count * 2);
        }

        if (Count >= _heads.Length / 2)
        {
            Rehash(_heads.Length * 2);
        }

        _hashes[Count] = hash;
        Link(Count++);
    }

    /// <summary>The entries added under <paramref name="hash"/>, newest first: <c>for (var e = First(h); e >= 0; e = Next(e))</c>.</summary>
    public int First(int hash) => Skip(_heads[hash & (_heads.Length - 1)] - 1, hash);

    public int Next(int entry) => Skip(_previous[entry] - 1, _hashes[entry]);

    private int Skip(int entry, int hash)
    {
        while (entry >= 0 && _hashes[entry] != hash)
        {
            entry = _previous[entry] - 1;
        }

        return entry;
    }

    private void Link(int entry)
    {
        var bucket = _hashes[entry] & (_heads.Length - 1);
        _previous[entry] = _heads[bucket];
        _heads[bucket] = entry + 1;
    }

    private void Rehash(int buckets)
    {
        _heads = new int[buckets];
        for (var entry = 0; entry < Count; entry++)
        {
            Link(entry);
        }
    }
}
