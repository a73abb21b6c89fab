using SessionCloser.JavaScript;

namespace SessionCloser.Keys;

/// <summary>OpenClaw's parseThreadSessionSuffix: the last <c>:thread:</c> marker (any case) splits base and thread id.</summary>
internal static class ThreadSuffix
{
    private const string Marker = ":thread:";

    public static (string BaseKey, string? ThreadId) Split(string key)
    {
        var raw = JsText.Trim(key);
        var markerIndex = JsText.ToLower(raw).LastIndexOf(Marker, StringComparison.Ordinal);
        if (markerIndex == -1)
        {
            return (raw, null);
        }

        // Offsets found in the lowercased copy are applied to the raw key, as in OpenClaw.
        var baseKey = raw[..Math.Min(markerIndex, raw.Length)];
        var threadStart = Math.Min(markerIndex + Marker.Length, raw.Length);
        var threadId = JsText.Trim(raw[threadStart..]);
        return (baseKey, threadId.Length == 0 ? null : threadId);
    }
}
