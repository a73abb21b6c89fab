using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SessionCloser.Store;

/// <summary>
/// Reads <c>sessions.json</c> as a flat object of key → entry without building a DOM of the file: each entry is
/// located by byte span so that untouched entries can be written back byte for byte. Anything OpenClaw's own
/// <c>JSON.parse</c> would reject, or would silently misread, is refused with the byte offset of the problem.
/// </summary>
internal static partial class StoreReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,

        // JSON.parse has no depth limit: V8 parses iteratively (Node 24.21 read 16,777,216 nested arrays; only the
        // length of a string bounds it). Utf8JsonReader keeps its depth in a bit stack, not on the call stack, so
        // every store JSON.parse reads is read here too, and entries are copied, never re-serialized.
        MaxDepth = int.MaxValue,
    };

    /// <summary>Reads the store at <paramref name="path"/>; a missing file is an empty store.</summary>
    public static SessionStoreSnapshot ReadFile(string path)
    {
        var snapshot = ReadFileHeld(path, out var held);
        held?.Dispose();
        return snapshot;
    }

    /// <summary>
    /// Reads the store as <see cref="ReadFile(string)"/> does and leaves the file open as <paramref name="held"/>
    /// (null for a missing store; the caller disposes it): the very file read, even once renamed over, for a backup
    /// that links it rather than copying it (<c>Transactions/StoreBackups.CreateLinked</c>).
    /// </summary>
    public static SessionStoreSnapshot ReadFileHeld(string path, out FileStream? held)
    {
        if (ReadBytes(path, out var bytes, out var lastWrite, out held, out var valid) is { } missing)
        {
            return missing;
        }

        try
        {
            return Parse(bytes!, path, lastWrite, utf8Valid: valid);
        }
        catch
        {
            held!.Dispose();
            held = null;
            throw;
        }
    }

    /// <summary>The file's bytes and mtime, or (when there is no file) the empty snapshot OpenClaw reads instead.</summary>
    private static SessionStoreSnapshot? ReadBytes(string path, out byte[]? bytes, out DateTime lastWrite, out bool utf8Valid)
    {
        var missing = ReadBytes(path, out bytes, out lastWrite, out var held, out utf8Valid);
        held?.Dispose();
        return missing;
    }

    /// <summary>As <see cref="ReadBytes(string, out byte[], out DateTime, out bool)"/>, leaving the file open as <paramref name="held"/>.</summary>
    private static SessionStoreSnapshot? ReadBytes(string path, out byte[]? bytes, out DateTime lastWrite, out FileStream? held, out bool utf8Valid)
    {
        bytes = null;
        lastWrite = default;
        held = null;
        utf8Valid = false;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            try
            {
                lastWrite = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
                bytes = ReadAll(stream, out utf8Valid);
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            held = stream;
            return null;
        }
        catch (FileNotFoundException)
        {
            return SessionStoreSnapshot.Missing(path);
        }
        catch (DirectoryNotFoundException)
        {
            return SessionStoreSnapshot.Missing(path);
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            // .NET reports opening a directory as "access denied"; the problem is what is there, not permissions.
            throw new Errors.SessionCloserException(Errors.ExitCode.StoreError, $"{path} is a directory, not a session store file; OpenClaw cannot read it either. Nothing was changed");
        }
    }

    public static SessionStoreSnapshot Parse(byte[] bytes, string path, DateTime lastWriteTimeUtc = default) => Parse(bytes, path, lastWriteTimeUtc, utf8Valid: false);

    /// <param name="bytes">The file.</param>
    /// <param name="path">Its path, for messages.</param>
    /// <param name="lastWriteTimeUtc">Its mtime.</param>
    /// <param name="utf8Valid">True when the bytes were found to be valid UTF-8 as they were read (<see cref="ReadAll"/>).</param>
    private static SessionStoreSnapshot Parse(byte[] bytes, string path, DateTime lastWriteTimeUtc, bool utf8Valid) =>
        Parse(bytes, path, lastWriteTimeUtc, utf8Valid, keyHash: null);

    /// <summary>As <see cref="Parse(byte[], string, DateTime)"/>, with each key's hash passed through <paramref name="keyHash"/> (tests make every key collide).</summary>
    internal static SessionStoreSnapshot ParseWithKeyHash(byte[] bytes, string path, Func<int, int> keyHash) =>
        Parse(bytes, path, default, utf8Valid: false, keyHash);

    private static SessionStoreSnapshot Parse(byte[] bytes, string path, DateTime lastWriteTimeUtc, bool utf8Valid, Func<int, int>? keyHash)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        CheckEncoding(bytes, path, utf8Valid);
        try
        {
            return new SessionStoreSnapshot(path, bytes, ReadEntries(bytes, path, keyHash), exists: true, lastWriteTimeUtc);
        }
        catch (JsonException e)
        {
            var offset = OffsetOf(bytes, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            var problem = bytes.Length == 0 || IsAllWhitespace(bytes) ? "the file is empty, not a JSON object" : "invalid JSON: " + FirstSentence(e.Message);
            throw new StoreFormatException(path, offset, problem);
        }
    }

    /// <summary>
    /// The top-level keys of <paramref name="bytes"/> in file order, after checking the whole document as
    /// <see cref="Parse"/> does (one JSON object, nothing after it, no duplicate key) but without reading any entry's
    /// fields: what checking a store just written needs.
    /// </summary>
    public static List<string> ReadKeys(ReadOnlySpan<byte> bytes, string path)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new StoreFormatException(path, 0, "not a JSON object");
            }

            var keys = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var keyStart = reader.TokenStartIndex;
                var key = JsonStrings.Decode(ref reader);
                if (!seen.Add(key))
                {
                    throw new StoreFormatException(path, keyStart, $"duplicate key \"{key}\"");
                }

                keys.Add(key);
                reader.Read();
                reader.Skip();
            }

            while (reader.Read())
            {
            }

            return keys;
        }
        catch (JsonException e)
        {
            throw new StoreFormatException(path, e.BytePositionInLine ?? 0, "invalid JSON: " + FirstSentence(e.Message));
        }
    }

    /// <summary>
    /// Every entry with where its key and value are. A key is not decoded (<see cref="StoreEntry.Key"/> decodes it when
    /// asked): duplicates are found through a hash of each key's bytes, compared exactly on a hash match, which is what
    /// OpenClaw's <c>JSON.parse</c> would silently merge.
    /// </summary>
    private static List<StoreEntry> ReadEntries(byte[] bytes, string path, Func<int, int>? keyHash)
    {
        var reader = new Utf8JsonReader(bytes, Options);
        if (!reader.Read())
        {
            throw new StoreFormatException(path, 0, "the file is empty, not a JSON object");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new StoreFormatException(path, reader.TokenStartIndex, $"the top level is {EntryFieldReader.TypeName(reader.TokenType)}, not an object of sessions");
        }

        // About 1 KB an entry in OpenClaw's layout: sized once for most stores.
        var capacity = Math.Clamp(bytes.Length / 1024, 16, 1 << 17);
        var entries = new List<StoreEntry>(capacity);
        var keys = new EntryChains(capacity);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyStart = (int)reader.TokenStartIndex;
            var keyToken = new ByteSpan(keyStart, reader.ValueSpan.Length + 2);
            var hash = StoreKeys.ExactHash(bytes, keyToken);
            hash = keyHash?.Invoke(hash) ?? hash;
            for (var first = keys.First(hash); first >= 0; first = keys.Next(first))
            {
                if (StoreKeys.AreEqual(bytes, entries[first].KeyToken, keyToken))
                {
                    // JSON.parse keeps the last value at the first key's position: closing either copy would be a guess.
                    throw new StoreFormatException(path, keyStart, $"duplicate key \"{StoreKeys.Decode(bytes, keyToken)}\" (first at byte offset {entries[first].KeyToken.Start})");
                }
            }

            keys.Add(hash);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            var references = ReadReferenceFields(ref reader);
            var value = new ByteSpan(valueStart, (int)reader.BytesConsumed - valueStart);
            entries.Add(new StoreEntry { KeyToken = keyToken, Value = value, Source = bytes, References = references });
        }

        // Reading on throws for anything but whitespace after the closing brace.
        while (reader.Read())
        {
        }

        return entries;
    }

    /// <summary>
    /// Moves the reader from a value's first token to its last, as <see cref="Utf8JsonReader.Skip"/> does, noting on
    /// the way where an object's top-level <c>sessionId</c> and <c>sessionFile</c> strings are (<see cref="ReferenceFields"/>).
    /// </summary>
    private static ReferenceFields ReadReferenceFields(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        var plain = true;
        var sessionId = ReferenceFields.Absent;
        var sessionFile = ReferenceFields.Absent;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = JsonStrings.NameEquals(ref reader, "sessionId"u8);
            var isFile = !isId && JsonStrings.NameEquals(ref reader, "sessionFile"u8);
            if (!isId && !isFile && JsonStrings.NameEquals(ref reader, "compactionCheckpoints"u8))
            {
                plain = false;
            }

            reader.Read();
            if ((isId || isFile) && reader.TokenType == JsonTokenType.String)
            {
                ref var field = ref isId ? ref sessionId : ref sessionFile;
                plain = plain && !reader.ValueIsEscaped && field.Start < 0;
                field = new ByteSpan((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ReferenceFields(plain, sessionId, sessionFile);
    }

    private static void CheckEncoding(byte[] bytes, string path, bool utf8Valid = false)
    {
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
        {
            throw new StoreFormatException(path, 0, "the file starts with a UTF-8 byte order mark, which JSON.parse rejects");
        }

        if (!utf8Valid && !Utf8Check.IsValid(bytes))
        {
            throw new StoreFormatException(path, FirstInvalidUtf8(bytes), "invalid UTF-8");
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static long OffsetOf(byte[] bytes, long line, long bytePositionInLine)
    {
        var offset = 0;
        for (var l = 0L; l < line && offset < bytes.Length; offset++)
        {
            if (bytes[offset] == (byte)'\n')
            {
                l++;
            }
        }

        return Math.Min(offset + bytePositionInLine, bytes.Length);
    }

    private static bool IsAllWhitespace(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.', ' ');
    }

    /// <summary>How much is read at a time: each piece is checked for UTF-8 while it is still in the cache.</summary>
    private const int ReadChunk = 1 << 20;

    /// <summary>
    /// The whole file, and whether it is valid UTF-8 (checked a piece at a time as it is read, rather than in a second
    /// pass over a store-sized array; false sends <see cref="CheckEncoding"/> to find where it is not).
    /// </summary>
    private static byte[] ReadAll(FileStream stream, out bool utf8Valid)
    {
        // One exact-size buffer (a store can be 100+ MB); if a writer grows the file meanwhile, keep reading to the end.
        // Not zeroed first: every byte returned is one read from the file (a short read returns only what was read).
        var length = stream.Length;
        var bytes = length <= Array.MaxLength ? ReadBuffer.Allocate((int)length) : new byte[length];
        var read = 0;
        var checkedUpTo = 0;
        utf8Valid = true;
        while (read < bytes.Length)
        {
            var n = stream.Read(bytes, read, Math.Min(ReadChunk, bytes.Length - read));
            if (n == 0)
            {
                break;
            }

            read += n;
            var upTo = read == bytes.Length ? read : Math.Max(checkedUpTo, SequenceStartBefore(bytes, read));
            utf8Valid = utf8Valid && Utf8Check.IsValid(bytes.AsSpan(checkedUpTo, upTo - checkedUpTo));
            checkedUpTo = upTo;
        }

        if (read < bytes.Length)
        {
            utf8Valid = utf8Valid && Utf8Check.IsValid(bytes.AsSpan(checkedUpTo, read - checkedUpTo));
            return bytes[..read];
        }

        if (stream.ReadByte() is var next and >= 0)
        {
            using var rest = new MemoryStream();
            rest.WriteByte((byte)next);
            stream.CopyTo(rest);
            utf8Valid = false; // checked whole by CheckEncoding
            return [.. bytes, .. rest.ToArray()];
        }

        return bytes;
    }

    /// <summary>
    /// Where to stop checking <paramref name="bytes"/>[..<paramref name="end"/>] so that no well-formed UTF-8 sequence is
    /// cut: the last byte that starts one within the last three, else <paramref name="end"/> (a sequence has at most three
    /// continuation bytes, so one ending in three of them ends at <paramref name="end"/> if it is well formed).
    /// </summary>
    private static int SequenceStartBefore(byte[] bytes, int end)
    {
        for (var i = end - 1; i >= Math.Max(0, end - 3); i--)
        {
            if ((bytes[i] & 0xC0) != 0x80)
            {
                return i;
            }
        }

        return end;
    }
}
