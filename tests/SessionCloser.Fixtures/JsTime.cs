using System.Globalization;

namespace SessionCloser.Fixtures;

/// <summary>The timestamp spellings OpenClaw uses.</summary>
internal static class JsTime
{
    /// <summary><c>new Date(ms).toISOString()</c>.</summary>
    public static string Iso(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>ISO with every ':' replaced by '-': archive suffixes and fork transcript prefixes.</summary>
    public static string FileSafeIso(long epochMs) => Iso(epochMs).Replace(':', '-');
}
