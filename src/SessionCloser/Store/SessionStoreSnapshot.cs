namespace SessionCloser.Store;

/// <summary>
/// One read of a <c>sessions.json</c>: the exact bytes, every top-level entry with its byte spans, and the file
/// identity (length, mtime) that tells whether someone rewrote the file since.
/// </summary>
internal sealed class SessionStoreSnapshot
{
    internal SessionStoreSnapshot(string path, byte[] bytes, IReadOnlyList<StoreEntry> entries, bool exists, DateTime lastWriteTimeUtc)
    {
        Path = path;
        Bytes = bytes;
        Entries = entries;
        Exists = exists;
        LastWriteTimeUtc = lastWriteTimeUtc;
    }

    public string Path { get; }

    /// <summary>The file as read. Never modified: writers copy from it.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Entries in file order.</summary>
    public IReadOnlyList<StoreEntry> Entries { get; }

    /// <summary>False when there is no store file: OpenClaw treats that as a store without sessions.</summary>
    public bool Exists { get; }

    public DateTime LastWriteTimeUtc { get; }

    /// <summary>
    /// True when the file is laid out exactly as OpenClaw writes it (<c>JSON.stringify(store, null, 2)</c> framing),
    /// so a rewrite that drops entries is byte-identical to what OpenClaw itself would write.
    /// </summary>
    public bool HasOpenClawLayout => !Exists || StoreWriter.IsComposedOf(Bytes.Span, Entries);

    internal static SessionStoreSnapshot Missing(string path) => new(path, [], [], exists: false, DateTime.MinValue);
}
