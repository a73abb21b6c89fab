using System.Text.Json;
using SessionCloser.Sessions;

namespace SessionCloser.Store;

/// <summary>
/// One top-level member of <c>sessions.json</c>: where its bytes are, and the few fields closing needs.
/// The entry itself is never re-serialized; writers copy <see cref="KeyToken"/> and <see cref="Value"/> verbatim.
/// </summary>
internal sealed class StoreEntry : ISessionRecord
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = int.MaxValue };

    private EntryFields? _fields;
    private string? _key;

    /// <summary>
    /// The key exactly as stored (decoded), e.g. <c>agent:project-lead:acme</c>: given, or decoded from
    /// <see cref="Source"/> when first asked for (a close of one session in 100,000 decodes the keys of a few, not a
    /// string per entry).
    /// </summary>
    public string Key
    {
        get => _key ??= StoreKeys.Decode(Source.Span, KeyToken);
        init => _key = value;
    }

    /// <summary>The key's string token, quotes included.</summary>
    public required ByteSpan KeyToken { get; init; }

    /// <summary>The value, from its first to its last byte.</summary>
    public required ByteSpan Value { get; init; }

    /// <summary>
    /// Where the value's top-level <c>sessionId</c> and <c>sessionFile</c> strings are, when the read of the file found
    /// them plain (<see cref="ReferenceFields.Plain"/>): what <c>Artifacts/References</c> indexes, without reading the
    /// entry a second time.
    /// </summary>
    public ReferenceFields References { get; init; }

    /// <summary>From the key's opening quote to the value's last byte.</summary>
    public ByteSpan Member => new(KeyToken.Start, Value.End - KeyToken.Start);

    /// <summary>
    /// The file the spans are in, when the entry was read from one: its <see cref="Fields"/> are then read from its
    /// bytes when first asked for (a close of one session in 100,000 reads the fields of a few), not as the file is read.
    /// </summary>
    public ReadOnlyMemory<byte> Source { get; init; }

    /// <summary>What session-closer reads from the entry (given, or read from <see cref="Source"/> once, when first asked for).</summary>
    public EntryFields Fields
    {
        get => _fields ??= Value.Of(Source.Span) is [(byte)'{', ..] value ? EntryFieldReader.Read(value, Options) : EntryFields.NotAnObject;
        init => _fields = value;
    }

    string? ISessionRecord.SessionId => Fields.SessionId;

    double? ISessionRecord.UpdatedAt => Fields.UpdatedAt;

    SessionFacts ISessionRecord.Facts => Fields.Facts;

    public override string ToString() => $"{Key} {Member}";
}

/// <summary>
/// The raw contents (between the quotes) of an entry's top-level <c>sessionId</c> and <c>sessionFile</c> strings, as
/// the store's one read met them. <see cref="Plain"/> only when these are all an index of what the entry names needs:
/// an object value with no <c>compactionCheckpoints</c>, neither field written twice as a string, neither escaped.
/// A field that is missing or not a string has a negative <see cref="ByteSpan.Start"/>.
/// </summary>
internal readonly record struct ReferenceFields(bool Plain, ByteSpan SessionId, ByteSpan SessionFile)
{
    public static readonly ByteSpan Absent = new(-1, 0);
}
