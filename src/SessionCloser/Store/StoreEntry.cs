using SessionCloser.Sessions;

namespace SessionCloser.Store;

/// <summary>
/// One top-level member of <c>sessions.json</c>: where its bytes are, and the few fields closing needs.
/// The entry itself is never re-serialized; writers copy <see cref="KeyToken"/> and <see cref="Value"/> verbatim.
/// </summary>
internal sealed class StoreEntry : ISessionRecord
{
    /// <summary>The key exactly as stored (decoded), e.g. <c>agent:project-lead:acme</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The key's string token, quotes included.</summary>
    public required ByteSpan KeyToken { get; init; }

    /// <summary>The value, from its first to its last byte.</summary>
    public required ByteSpan Value { get; init; }

    /// <summary>From the key's opening quote to the value's last byte.</summary>
    public ByteSpan Member => new(KeyToken.Start, Value.End - KeyToken.Start);

    public required EntryFields Fields { get; init; }

    string? ISessionRecord.SessionId => Fields.SessionId;

    double? ISessionRecord.UpdatedAt => Fields.UpdatedAt;

    SessionFacts ISessionRecord.Facts => Fields.Facts;

    public override string ToString() => $"{Key} {Member}";
}
