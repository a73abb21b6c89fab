namespace SessionCloser.Store;

/// <summary>
/// JavaScript objects enumerate integer-like keys ("0" … "4294967294") first, in ascending numeric order, then
/// every other key in insertion order. <c>JSON.stringify</c> follows that order, so a faithful rewrite must too.
/// </summary>
internal static class JavaScriptPropertyOrder
{
    public static List<StoreEntry> Sort(IEnumerable<StoreEntry> entries)
    {
        var all = entries.ToList();
        var indexed = all.Where(IsArrayIndex).OrderBy(e => uint.Parse(e.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (indexed.Count == 0)
        {
            return all;
        }

        indexed.AddRange(all.Where(e => !IsArrayIndex(e)));
        return indexed;
    }

    /// <summary>
    /// <see cref="IsArrayIndex(string)"/> of the entry's key, decoding it only when its token could hold one (it starts
    /// with a digit or an escape): a rewrite of 100,000 entries decodes no key that is not an index.
    /// </summary>
    public static bool IsArrayIndex(StoreEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.Source.IsEmpty && StoreKeys.Raw(entry.Source.Span, entry.KeyToken) is var raw
            && (raw.IsEmpty || raw[0] is not ((>= (byte)'0' and <= (byte)'9') or (byte)'\\')))
        {
            return false;
        }

        return IsArrayIndex(entry.Key);
    }

    /// <summary>A canonical array index: digits without a leading zero (except "0"), below 2^32 − 1.</summary>
    public static bool IsArrayIndex(string key) =>
        key.Length is > 0 and <= 10
        && key.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
        && (key.Length == 1 || key[0] != '0')
        && ulong.Parse(key, System.Globalization.CultureInfo.InvariantCulture) < uint.MaxValue;
}
