namespace SessionCloser.Store;

/// <summary>
/// Composes a new <c>sessions.json</c> from the entries that stay. Keys and values are copied from the old file
/// byte for byte; only the framing is written, exactly as <c>JSON.stringify(store, null, 2)</c> frames a flat
/// object: <c>{</c>, LF, two spaces, key, <c>": "</c>, value, <c>,</c> LF between members, LF, <c>}</c>, no trailing
/// newline, and <c>{}</c> when empty.
/// </summary>
internal static class StoreWriter
{
    public static byte[] Compose(SessionStoreSnapshot snapshot, IEnumerable<StoreEntry> kept)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var members = JavaScriptPropertyOrder.Sort(kept);
        if (members.Count == 0)
        {
            return "{}"u8.ToArray();
        }

        var source = snapshot.Bytes.Span;
        var size = 4 + members.Sum(e => e.KeyToken.Length + e.Value.Length + 6);
        var output = new byte[size - 2];
        var at = 0;
        Append("{\n"u8);
        for (var i = 0; i < members.Count; i++)
        {
            Append(i == 0 ? "  "u8 : ",\n  "u8);
            Append(members[i].KeyToken.Of(source));
            Append(": "u8);
            Append(members[i].Value.Of(source));
        }

        Append("\n}"u8);
        return at == output.Length ? output : output[..at];

        void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(output.AsSpan(at));
            at += bytes.Length;
        }
    }
}
