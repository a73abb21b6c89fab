using System.Text;
using System.Text.Json;
using SessionCloser.Store;

namespace SessionCloser.Artifacts;

/// <summary>
/// Everything the entries that stay still point at: session ids (their own and their checkpoints') and transcript
/// paths. A closed session's file is archived only if none of these claims it.
/// </summary>
/// <remarks>
/// A close of a few sessions in a store of 100,000 asks about a few thousand ids and paths, while every entry that
/// stays would have to be decoded to hold them as strings. So the entries are indexed by a hash of each id and path
/// they name, read straight from their bytes without a string or an object per entry; a question is answered by the
/// entries under its hash, whose fields are then read and compared exactly (a collision costs a read, never an answer).
/// </remarks>
internal sealed class References
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = int.MaxValue };

    // Only session ids (era C), exact.
    private readonly HashSet<string>? _sessionIds;

    // Paths resolved lexically (SessionsDirectory.ResolveLexically): whether one is a symlink leaving the directory,
    // which would have refused it, is asked only of a path a caller checks, not of every entry's (one readlink each).
    private readonly SessionsDirectory? _directory;
    private readonly StoreEntry[] _entries = [];
    private readonly HashChains _ids = new();
    private readonly HashChains _paths = new();

    private References(HashSet<string> sessionIds) => _sessionIds = sessionIds;

    private References(StoreEntry[] entries, SessionsDirectory directory)
    {
        _entries = entries;
        _directory = directory;
    }

    public static References Of(IEnumerable<StoreEntry> remaining, SessionsDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(remaining);
        ArgumentNullException.ThrowIfNull(directory);
        var references = new References([.. remaining], directory);
        var parent = Encoding.UTF8.GetBytes(directory.RealPath);
        for (var i = 0; i < references._entries.Length; i++)
        {
            references.Index(i, parent);
        }

        return references;
    }

    /// <summary>Only session ids (era C: the database's sessions, whose transcripts are rows, not files).</summary>
    public static References OfSessionIds(IEnumerable<string> sessionIds)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        return new References(new HashSet<string>(sessionIds, StringComparer.Ordinal));
    }

    public bool ClaimsSessionId(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (_sessionIds is not null)
        {
            return _sessionIds.Contains(sessionId);
        }

        foreach (var i in _ids.Candidates(HashOf(sessionId)))
        {
            var fields = _entries[i].Fields;
            if (fields.SessionId == sessionId || fields.CheckpointSessionIds.Contains(sessionId, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool ClaimsPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_directory is null)
        {
            return false;
        }

        foreach (var i in _paths.Candidates(HashOf(path)))
        {
            var fields = _entries[i].Fields;
            if (fields.CheckpointFiles.Append(fields.SessionFile ?? string.Empty).Any(f => f.Length > 0 && _directory.ResolveLexically(f).FullPath == path))
            {
                return _directory.LinkProblem(path, path) is null;
            }
        }

        return false;
    }

    /// <summary>
    /// Files entry <paramref name="i"/> under the hash of every session id and path it may name: each string value of
    /// <c>sessionId</c> and <c>sessionFile</c>, at the top and in the checkpoints' <c>preCompaction</c> and
    /// <c>postCompaction</c> (more than <see cref="EntryFieldReader"/> keeps, when a field repeats: a superset is safe,
    /// the answer is checked against the fields).
    /// </summary>
    private void Index(int i, byte[] parentBytes)
    {
        ReadOnlySpan<byte> parent = parentBytes;
        var entry = _entries[i];
        if (entry.Source.IsEmpty)
        {
            // An entry made in memory, not read from a file: its fields are all there is.
            var fields = entry.Fields;
            foreach (var id in fields.CheckpointSessionIds.Append(fields.SessionId ?? string.Empty))
            {
                _ids.Add(HashOf(id), i);
            }

            foreach (var file in fields.CheckpointFiles.Append(fields.SessionFile ?? string.Empty))
            {
                AddPath(file, i);
            }

            return;
        }

        if (entry.References is { Plain: true } plain)
        {
            // The store's read noted where the entry's only id and path are, unescaped: what the walk below would find.
            var source = entry.Source.Span;
            if (plain.SessionId.Start >= 0)
            {
                _ids.Add(HashOf(plain.SessionId.Of(source)), i);
            }

            if (plain.SessionFile.Start >= 0)
            {
                IndexPlainFile(plain.SessionFile.Of(source), i, parent);
            }

            return;
        }

        var value = entry.Value.Of(entry.Source.Span);
        if (value.Length == 0 || value[0] != (byte)'{')
        {
            return;
        }

        var reader = new Utf8JsonReader(value, Options);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonStrings.NameEquals(ref reader, "compactionCheckpoints"u8))
            {
                reader.Read();
                IndexCheckpoints(ref reader, i, parentBytes);
            }
            else
            {
                IndexField(ref reader, i, parent);
            }
        }
    }

    /// <summary>A <c>sessionId</c> or <c>sessionFile</c> property under the reader is indexed; any other is skipped. Leaves the reader on the value's end.</summary>
    private void IndexField(ref Utf8JsonReader reader, int i, ReadOnlySpan<byte> parent)
    {
        var isId = JsonStrings.NameEquals(ref reader, "sessionId"u8);
        var isFile = !isId && JsonStrings.NameEquals(ref reader, "sessionFile"u8);
        reader.Read();
        if (reader.TokenType != JsonTokenType.String || !(isId || isFile))
        {
            reader.Skip();
        }
        else if (isId)
        {
            _ids.Add(reader.ValueIsEscaped ? HashOf(JsonStrings.Decode(ref reader)) : HashOf(reader.ValueSpan), i);
        }
        else if (!reader.ValueIsEscaped)
        {
            IndexPlainFile(reader.ValueSpan, i, parent);
        }
        else
        {
            AddPath(JsonStrings.Decode(ref reader), i);
        }
    }

    /// <summary>A <c>sessionFile</c> string written without escapes (<paramref name="utf8"/>: its contents) is indexed under the path it names.</summary>
    private void IndexPlainFile(ReadOnlySpan<byte> utf8, int i, ReadOnlySpan<byte> parent)
    {
        if (IsOwnFullPath(utf8, parent))
        {
            // The common sessionFile: already the full path ResolveLexically would give.
            _paths.Add(HashOf(utf8), i);
        }
        else if (IsPlainName(utf8) && parent is [(byte)'/', _, ..] && parent[^1] != (byte)'/' && parent.Length + 1 + utf8.Length <= 1024)
        {
            // A file name alone (a checkpoint's sessionFile): the directory's path, a slash, the name.
            Span<byte> full = stackalloc byte[1024];
            parent.CopyTo(full);
            full[parent.Length] = (byte)'/';
            utf8.CopyTo(full[(parent.Length + 1)..]);
            _paths.Add(HashOf(full[..(parent.Length + 1 + utf8.Length)]), i);
        }
        else
        {
            AddPath(Encoding.UTF8.GetString(utf8), i);
        }
    }

    private void IndexCheckpoints(ref Utf8JsonReader reader, int i, byte[] parent) =>
        EntryFieldReader.ReadCheckpointSides(ref reader, (ref Utf8JsonReader side) => IndexField(ref side, i, parent));

    private void AddPath(string file, int i)
    {
        if (file.Length > 0 && _directory!.ResolveLexically(file).FullPath is { } path)
        {
            _paths.Add(HashOf(path), i);
        }
    }

    /// <summary>
    /// True when <paramref name="utf8"/> is, byte for byte, what <see cref="SessionsDirectory.ResolveLexically"/> makes
    /// of it: an absolute path with nothing to trim or normalize, naming a file right in the directory
    /// (<paramref name="parent"/>, its real path). Anything else goes the long way.
    /// </summary>
    private static bool IsOwnFullPath(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> parent) =>
        utf8.Length > parent.Length + 1
        && utf8.StartsWith(parent)
        && utf8[parent.Length] == (byte)'/'
        && utf8[^1] is > (byte)' ' and < 0x7F and not (byte)'/'
        && utf8[(parent.Length + 1)..].IndexOf((byte)'/') < 0
        && utf8.IndexOf((byte)0) < 0
        && utf8.IndexOf("//"u8) < 0
        && utf8.IndexOf("/."u8) < 0
        && parent.Length > 0 && parent[0] == (byte)'/';

    /// <summary>
    /// True when <paramref name="utf8"/> is a file name ResolveLexically only puts under the directory: ASCII with no
    /// slash, nothing to trim, not <c>.</c> or <c>..</c>, no NUL.
    /// </summary>
    private static bool IsPlainName(ReadOnlySpan<byte> utf8) =>
        utf8.Length > 0
        && utf8[0] is > (byte)' ' and < 0x7F
        && utf8[^1] is > (byte)' ' and < 0x7F
        && utf8.IndexOfAny((byte)'/', (byte)0) < 0
        && !utf8.SequenceEqual("."u8) && !utf8.SequenceEqual(".."u8);

    /// <summary>The same for a string and for its UTF-8 bytes (a lone surrogate hashes as U+FFFD: only equal strings must agree).</summary>
    private static int HashOf(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = length > 1024 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented ?? stackalloc byte[1024];
        var hash = HashOf(buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    private static int HashOf(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }

    /// <summary>Entry numbers by hash, several per hash (chained), without a list per hash.</summary>
    private sealed class HashChains
    {
        private readonly Dictionary<int, int> _last = [];
        private readonly List<(int Entry, int Next)> _links = [];

        public void Add(int hash, int entry)
        {
            var previous = _last.TryGetValue(hash, out var last) ? last : -1;
            if (previous >= 0 && _links[previous].Entry == entry)
            {
                return;
            }

            _links.Add((entry, previous));
            _last[hash] = _links.Count - 1;
        }

        public IEnumerable<int> Candidates(int hash)
        {
            for (var link = _last.TryGetValue(hash, out var last) ? last : -1; link >= 0; link = _links[link].Next)
            {
                yield return _links[link].Entry;
            }
        }
    }
}
