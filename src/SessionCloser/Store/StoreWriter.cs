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

    /// <summary>
    /// True when <paramref name="file"/> is exactly what <see cref="Compose"/> would write for all of
    /// <paramref name="entries"/> (its own spans, in file order), checked in place: the framing between the spans,
    /// and the JavaScript key order, without composing a copy of the store.
    /// </summary>
    public static bool IsComposedOf(ReadOnlySpan<byte> file, IReadOnlyList<StoreEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return file.SequenceEqual("{}"u8);
        }

        if (!InJavaScriptOrder(entries) || !file.StartsWith("{\n"u8))
        {
            return false;
        }

        var at = 2;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var separator = i == 0 ? "  "u8 : ",\n  "u8;
            if (entry.KeyToken.Start != at + separator.Length || !file[at..entry.KeyToken.Start].SequenceEqual(separator)
                || entry.Value.Start != entry.KeyToken.End + 2 || !file[entry.KeyToken.End..entry.Value.Start].SequenceEqual(": "u8))
            {
                return false;
            }

            at = entry.Value.End;
        }

        return file[at..].SequenceEqual("\n}"u8);
    }

    /// <summary>Whether <see cref="JavaScriptPropertyOrder.Sort"/> would leave <paramref name="entries"/> as they are.</summary>
    private static bool InJavaScriptOrder(IReadOnlyList<StoreEntry> entries)
    {
        var sawOther = false;
        var last = -1L;
        foreach (var entry in entries)
        {
            if (!JavaScriptPropertyOrder.IsArrayIndex(entry.Key))
            {
                sawOther = true;
                continue;
            }

            var index = long.Parse(entry.Key, System.Globalization.CultureInfo.InvariantCulture);
            if (sawOther || index <= last)
            {
                return false;
            }

            last = index;
        }

        return true;
    }
}
