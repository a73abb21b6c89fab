using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace SessionCloser.Store;

/// <summary>
/// A new <c>sessions.json</c> made of the entries that stay, never held whole in memory: its bytes are produced a
/// chunk at a time from the store read (<see cref="Chunks"/>), for its hash, for the temp file and for checking the
/// temp file. The bytes are exactly <see cref="StoreWriter.Compose"/>'s: <c>{</c>, LF, two spaces, key,
/// <c>": "</c>, value, <c>,</c> LF between members, LF, <c>}</c>, no trailing newline, and <c>{}</c> when empty.
/// </summary>
internal sealed class ComposedStore
{
    private const int ChunkSize = 1 << 20;

    private readonly ReadOnlyMemory<byte> _source;
    private readonly List<StoreEntry> _members;
    private readonly int _chunkSize;

    private ComposedStore(ReadOnlyMemory<byte> source, List<StoreEntry> members, int chunkSize)
    {
        _source = source;
        _members = members;
        _chunkSize = chunkSize;
        Length = members.Count == 0 ? 2 : 4 + members.Sum(e => (long)e.KeyToken.Length + e.Value.Length + 2) + (4L * members.Count) - 2;
    }

    /// <summary>The store without the entries not in <paramref name="kept"/>, its members in JavaScript key order.</summary>
    /// <param name="snapshot">The store read.</param>
    /// <param name="kept">The entries that stay.</param>
    /// <param name="chunkSize">How many bytes are made at a time (tests make it tiny, so tokens straddle chunks).</param>
    public static ComposedStore Of(SessionStoreSnapshot snapshot, IEnumerable<StoreEntry> kept, int chunkSize = ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return new ComposedStore(snapshot.Bytes, JavaScriptPropertyOrder.Sort(kept), chunkSize);
    }

    /// <summary>The number of bytes.</summary>
    public long Length { get; }

    /// <summary>The members, in the order written.</summary>
    public IReadOnlyList<StoreEntry> Members => _members;

    /// <summary>The whole store in one array (for stores small enough to hold twice: a restore's).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        new Cursor(_source, _members).Fill(bytes);
        return bytes;
    }

    /// <summary>The SHA-256 of the bytes, lower-case hex (as <c>CloseJournal.Sha256</c>).</summary>
    public string Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        EachChunk(hash.AppendData);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes the bytes to <paramref name="stream"/>, a chunk at a time.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EachChunk(stream.Write);
    }

    private delegate void ChunkAction(ReadOnlySpan<byte> chunk);

    /// <summary>Hands every chunk of the bytes, in order, to <paramref name="action"/>, through one pooled buffer.</summary>
    private void EachChunk(ChunkAction action)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
        try
        {
            foreach (var chunk in Chunks(buffer))
            {
                action(chunk.Span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> holds exactly these bytes (read back a chunk at a time, never a
    /// second copy of the store in memory), and, parsed as the JSON OpenClaw will read, is one object whose keys are
    /// exactly <see cref="Members"/>' in order: what a store just written must be before it is renamed into place.
    /// </summary>
    public bool IsWrittenAt(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        if (file.Length != Length)
        {
            return false;
        }

        var expected = ArrayPool<byte>.Shared.Rent(_chunkSize);
        var keys = new KeyCheck(_source, _members, 2 * _chunkSize);
        try
        {
            foreach (var chunk in Chunks(expected))
            {
                if (!keys.Read(file, chunk.Span))
                {
                    return false;
                }
            }

            return file.ReadByte() < 0 && keys.Finish();
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            keys.Dispose();
            ArrayPool<byte>.Shared.Return(expected);
        }
    }

    /// <summary>The bytes in order, each chunk a prefix of <paramref name="buffer"/> (valid until the next one), all full but the last.</summary>
    private IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] buffer)
    {
        var cursor = new Cursor(_source, _members);
        int filled;
        while ((filled = cursor.Fill(buffer.AsSpan(0, Math.Min(buffer.Length, _chunkSize)))) > 0)
        {
            yield return buffer.AsMemory(0, filled);
        }
    }

    /// <summary>
    /// Where the composition is: the opening <c>{</c> LF (member -1), each member's four pieces (separator, key token,
    /// <c>": "</c>, value), the closing LF <c>}</c> (member <c>Count</c>; <c>{}</c> for no members), and how far into the piece.
    /// </summary>
    private sealed class Cursor(ReadOnlyMemory<byte> source, List<StoreEntry> members)
    {
        private int _member = members.Count == 0 ? 0 : -1;
        private int _piece;
        private int _offset;

        /// <summary>Copies the next bytes into <paramref name="buffer"/> until it is full or the store ends; how many.</summary>
        public int Fill(Span<byte> buffer)
        {
            var at = 0;
            while (at < buffer.Length && _member <= members.Count)
            {
                var piece = Piece();
                var rest = piece[_offset..];
                var take = Math.Min(rest.Length, buffer.Length - at);
                rest[..take].CopyTo(buffer[at..]);
                at += take;
                _offset += take;
                if (_offset == piece.Length)
                {
                    _offset = 0;
                    if (_member >= 0 && _member < members.Count && _piece < 3)
                    {
                        _piece++;
                    }
                    else
                    {
                        _member++;
                        _piece = 0;
                    }
                }
            }

            return at;
        }

        private ReadOnlySpan<byte> Piece()
        {
            if (_member < 0)
            {
                return "{\n"u8;
            }

            if (_member == members.Count)
            {
                return members.Count == 0 ? "{}"u8 : "\n}"u8;
            }

            var entry = members[_member];
            return _piece switch
            {
                0 => _member == 0 ? "  "u8 : ",\n  "u8,
                1 => entry.KeyToken.Of(source.Span),
                2 => ": "u8,
                _ => entry.Value.Of(source.Span),
            };
        }
    }

    /// <summary>
    /// Reads a file a chunk at a time through one <see cref="Utf8JsonReader"/> (its state carried from chunk to chunk):
    /// every token checked as <c>StoreReader</c> checks a store, and each top-level key compared, as written, with the
    /// key token of the member expected there.
    /// </summary>
    private sealed class KeyCheck(ReadOnlyMemory<byte> source, List<StoreEntry> members, int bufferSize) : IDisposable
    {
        private static readonly JsonReaderOptions Options = new() { MaxDepth = int.MaxValue };

        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        private int _kept; // bytes of an unfinished token, at the start of _buffer
        private JsonReaderState _state = new(Options);
        private bool _started;
        private int _next;

        /// <summary>Reads as many bytes of <paramref name="file"/> as <paramref name="expected"/> holds: whether they are those bytes, and the tokens they end are as expected.</summary>
        public bool Read(Stream file, ReadOnlySpan<byte> expected)
        {
            var count = expected.Length;
            if (_buffer.Length - _kept < count)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_kept + count);
                _buffer.AsSpan(0, _kept).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var read = _buffer.AsSpan(_kept, count);
            return file.ReadAtLeast(read, count, throwOnEndOfStream: false) == count && read.SequenceEqual(expected) && Tokens(_kept + count, final: false);
        }

        /// <summary>The end of the file: the object is closed, nothing follows, and every member's key was seen.</summary>
        public bool Finish() => Tokens(_kept, final: true) && _next == members.Count;

        private bool Tokens(int length, bool final)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(0, length), final, _state);
            while (reader.Read())
            {
                if (!_started)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    _started = true;
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    if (_next == members.Count)
                    {
                        return false;
                    }

                    var token = members[_next++].KeyToken;
                    if (!reader.ValueSpan.SequenceEqual(source.Span.Slice(token.Start + 1, token.Length - 2)))
                    {
                        return false;
                    }
                }
            }

            var consumed = (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            _buffer.AsSpan(consumed, length - consumed).CopyTo(_buffer);
            _kept = length - consumed;
            return !final || (_started && _kept == 0);
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
    }
}
