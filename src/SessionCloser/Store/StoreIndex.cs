using System.Text.Json;

namespace SessionCloser.Store;

/// <summary>
/// A <c>sessions.json</c> read for listing (<see cref="StoreReader.ReadIndexFile"/>): the exact bytes and, per entry,
/// only where its key and value are and its <c>updatedAt</c> (24 bytes an entry) instead of a
/// <see cref="StoreEntry"/> with its decoded strings), so a list holds little more than the file. Keys and fields are
/// decoded when a row asks for them (<see cref="Key"/>, <see cref="Fields"/>).
/// </summary>
internal sealed class StoreIndex
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = int.MaxValue };

    private readonly Slot[] _slots;

    private StoreIndex(string path, byte[] bytes, Slot[] slots, int count, bool exists, DateTime lastWriteTimeUtc)
    {
        Path = path;
        Bytes = bytes;
        _slots = slots;
        Count = count;
        Exists = exists;
        LastWriteTimeUtc = lastWriteTimeUtc;
    }

    public string Path { get; }

    /// <summary>The file as read. Never modified.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Entries, in file order.</summary>
    public int Count { get; }

    /// <summary>False when there is no store file.</summary>
    public bool Exists { get; }

    public DateTime LastWriteTimeUtc { get; }

    public ByteSpan KeyToken(int entry) => new(_slots[entry].KeyStart, _slots[entry].KeyLength);

    public ByteSpan Value(int entry) => new(_slots[entry].ValueStart, _slots[entry].ValueLength);

    public bool IsObject(int entry) => Bytes.Span[_slots[entry].ValueStart] == (byte)'{';

    /// <summary>The entry's <c>updatedAt</c> as <see cref="EntryFields.UpdatedAt"/> reads it.</summary>
    public double? UpdatedAt(int entry) => double.IsNaN(_slots[entry].UpdatedAt) ? null : _slots[entry].UpdatedAt;

    /// <summary>The key exactly as stored, decoded.</summary>
    public string Key(int entry) => DecodeKey(Bytes.Span, KeyToken(entry));

    /// <summary>The entry's fields, read from its bytes now (as <see cref="StoreReader.ReadFile"/> reads them).</summary>
    public EntryFields Fields(int entry) => IsObject(entry) ? EntryFieldReader.Read(Value(entry).Of(Bytes.Span), Options) : EntryFields.NotAnObject;

    internal static StoreIndex Missing(string path) => new(path, [], [], 0, exists: false, DateTime.MinValue);

    private static string DecodeKey(ReadOnlySpan<byte> file, ByteSpan token)
    {
        var reader = new Utf8JsonReader(token.Of(file), Options);
        reader.Read();
        return JsonStrings.Decode(ref reader);
    }

    private struct Slot
    {
        public int KeyStart;
        public int KeyLength;
        public int ValueStart;
        public int ValueLength;
        public double UpdatedAt; // NaN: none
    }

    /// <summary>Collects the entries of one read; finds an earlier equal key through the keys' hashes, comparing decoded keys on a hash match.</summary>
    internal sealed class Builder(string path, byte[] bytes, DateTime lastWrite, Func<string, int> keyHash)
    {
        // About 1 KB an entry in OpenClaw's layout: sized once for most stores, doubled for the rest.
        private readonly Dictionary<int, int> _lastByHash = new(Math.Clamp(bytes.Length / 1024, 16, 1 << 17));
        private Slot[] _slots = new Slot[Math.Clamp(bytes.Length / 1024, 16, 1 << 17)];
        private int[] _nextSameHash = new int[Math.Clamp(bytes.Length / 1024, 16, 1 << 17)]; // -1: none
        private int _count;

        /// <summary>The byte offset of an earlier entry with this key, or null.</summary>
        public int? FindKey(string key)
        {
            if (!_lastByHash.TryGetValue(keyHash(key), out var entry))
            {
                return null;
            }

            for (; entry >= 0; entry = _nextSameHash[entry])
            {
                var token = new ByteSpan(_slots[entry].KeyStart, _slots[entry].KeyLength);
                if (DecodeKey(bytes, token) == key)
                {
                    return token.Start;
                }
            }

            return null;
        }

        public void Add(string key, ByteSpan keyToken, ByteSpan value, double? updatedAt)
        {
            if (_count == _slots.Length)
            {
                Array.Resize(ref _slots, _count * 2);
                Array.Resize(ref _nextSameHash, _count * 2);
            }

            var hash = keyHash(key);
            _slots[_count] = new Slot
            {
                KeyStart = keyToken.Start,
                KeyLength = keyToken.Length,
                ValueStart = value.Start,
                ValueLength = value.Length,
                UpdatedAt = updatedAt ?? double.NaN,
            };
            _nextSameHash[_count] = _lastByHash.TryGetValue(hash, out var previous) ? previous : -1;
            _lastByHash[hash] = _count++;
        }

        public StoreIndex Build() => new(path, bytes, _slots, _count, exists: true, lastWrite);
    }
}
