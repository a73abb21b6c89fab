namespace SessionCloser.Store;

/// <summary>
/// Composes a new <c>sessions.json</c> from the entries that stay. Keys and values are copied from the old file
/// byte for byte; only the framing is written, exactly as <c>JSON.stringify(store, null, 2)</c> frames a flat
/// object: <c>{</c>, LF, two spaces, key, <c>": "</c>, value, <c>,</c> LF between members, LF, <c>}</c>, no trailing
/// newline, and <c>{}</c> when empty.
/// </summary>
internal static class StoreWriter
{
    /// <summary>The new store in one array (<see cref="ComposedStore"/> streams it instead).</summary>
    public static byte[] Compose(SessionStoreSnapshot snapshot, IEnumerable<StoreEntry> kept) => ComposedStore.Of(snapshot, kept).ToArray();

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
            if (!JavaScriptPropertyOrder.IsArrayIndex(entry))
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
