using System.Text.Json;

namespace SessionCloser.Store;

/// <summary>The lean read for listing: the same checks, the same errors, no per-entry objects (<see cref="StoreIndex"/>).</summary>
internal static partial class StoreReader
{
    /// <summary>Reads the store at <paramref name="path"/> as <see cref="ReadFile"/> does, keeping only where each entry is; a missing file is an empty store.</summary>
    public static StoreIndex ReadIndexFile(string path)
    {
        var snapshot = ReadBytes(path, out var bytes, out var lastWrite, out var valid);
        return snapshot is not null ? StoreIndex.Missing(path) : ParseIndex(bytes!, path, lastWrite, utf8Valid: valid);
    }

    /// <param name="bytes">The file.</param>
    /// <param name="path">Its path, for messages.</param>
    /// <param name="lastWriteTimeUtc">Its mtime.</param>
    /// <param name="keyHash">How keys are hashed to find duplicates (tests make every key collide); the ordinal string hash by default.</param>
    /// <param name="utf8Valid">True when the bytes were found to be valid UTF-8 as they were read.</param>
    public static StoreIndex ParseIndex(byte[] bytes, string path, DateTime lastWriteTimeUtc = default, Func<string, int>? keyHash = null, bool utf8Valid = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        CheckEncoding(bytes, path, utf8Valid);
        try
        {
            return IndexEntries(bytes, path, lastWriteTimeUtc, keyHash ?? (key => key.GetHashCode(StringComparison.Ordinal)));
        }
        catch (JsonException e)
        {
            var offset = OffsetOf(bytes, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            var problem = bytes.Length == 0 || IsAllWhitespace(bytes) ? "the file is empty, not a JSON object" : "invalid JSON: " + FirstSentence(e.Message);
            throw new StoreFormatException(path, offset, problem);
        }
    }

    /// <summary>
    /// One pass of the reader over the whole file, as <c>ReadEntries</c>: every token checked, duplicate keys refused
    /// (compared decoded, through a hash of each key rather than a set of them all), and each object entry's last
    /// <c>updatedAt</c> read on the way, which is all a list needs to order the entries.
    /// </summary>
    private static StoreIndex IndexEntries(byte[] bytes, string path, DateTime lastWrite, Func<string, int> keyHash)
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

        var index = new StoreIndex.Builder(path, bytes, lastWrite, keyHash);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyStart = (int)reader.TokenStartIndex;
            var keyToken = new ByteSpan(keyStart, reader.ValueSpan.Length + 2);
            var key = JsonStrings.Decode(ref reader);
            if (index.FindKey(key) is { } first)
            {
                throw new StoreFormatException(path, keyStart, $"duplicate key \"{key}\" (first at byte offset {first})");
            }

            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            double? updatedAt = null;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                updatedAt = ReadUpdatedAt(ref reader);
            }
            else
            {
                reader.Skip();
            }

            index.Add(key, keyToken, new ByteSpan(valueStart, (int)reader.BytesConsumed - valueStart), updatedAt);
        }

        // Reading on throws for anything but whitespace after the closing brace.
        while (reader.Read())
        {
        }

        return index.Build();
    }

    /// <summary>From an entry's opening brace to its closing one: the last <c>updatedAt</c> when it is a finite number, as <see cref="EntryFieldReader"/> reads it.</summary>
    private static double? ReadUpdatedAt(ref Utf8JsonReader reader)
    {
        double? updatedAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUpdatedAt = JsonStrings.NameEquals(ref reader, "updatedAt"u8);
            reader.Read();
            if (isUpdatedAt)
            {
                updatedAt = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : null;
            }

            reader.Skip();
        }

        return updatedAt;
    }
}
