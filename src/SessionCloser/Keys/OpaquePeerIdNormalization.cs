using System.Text;

using SessionCloser.JavaScript;

namespace SessionCloser.Keys;

/// <summary>
/// Port of OpenClaw 2026.7.35 normalizeSessionKeyPreservingOpaquePeerIds (src/sessions/session-key-utils.ts),
/// which is the era-B normalizeStoreSessionKey. Everything is lowercased except spans that hold
/// case-sensitive peer ids:
/// <list type="bullet">
/// <item>Signal: every <c>signal:group:&lt;id&gt;</c> segment (at the start or after ':'), the id trimmed.</item>
/// <item>Matrix: for a key that starts with <c>matrix:(channel|group):</c>, optionally behind one or more
/// <c>agent:&lt;x&gt;:</c> wrappers, the whole tail; a final <c>:thread:</c> marker is lowercased but the
/// thread id after it is kept as is.</item>
/// </list>
/// Quirks are ported on purpose, because a store key is only found if we compute the same string:
/// the text between preserved spans is trimmed as well as lowercased, and the Matrix thread marker is located
/// in the trimmed, lowercased tail but applied as an offset into the raw key.
/// </summary>
internal static class OpaquePeerIdNormalization
{
    private const string SignalGroupPrefix = "signal:group:";
    private const string ThreadMarker = ":thread:";
    private static readonly string[] MatrixPeerKinds = ["channel", "group"];

    private readonly record struct Span(int Start, int End, bool Trim);

    public static string Normalize(string key)
    {
        var raw = JsText.Trim(key);
        if (raw.Length == 0)
        {
            return "";
        }

        var folded = JsText.ToLower(raw);
        if (!folded.Contains("signal:", StringComparison.Ordinal) && !folded.Contains("matrix:", StringComparison.Ordinal))
        {
            return folded;
        }

        var spans = CollectPreservedSpans(raw).Where(span => span.End > span.Start).OrderBy(span => span.Start);
        var normalized = new StringBuilder(raw.Length);
        var cursor = 0;
        foreach (var span in spans)
        {
            if (span.Start < cursor)
            {
                continue;
            }

            normalized.Append(JsText.TrimLower(Slice(raw, cursor, span.Start)));
            var preserved = Slice(raw, span.Start, span.End);
            normalized.Append(span.Trim ? JsText.Trim(preserved) : preserved);
            cursor = span.End;
        }

        normalized.Append(JsText.TrimLower(Slice(raw, cursor, raw.Length)));
        return normalized.ToString();
    }

    /// <summary>
    /// requiresFoldedSessionKeyAliasProof: true for Matrix-room keys, whose lowercased legacy twin may only be
    /// merged with them when the entry's delivery target proves it is the same room.
    /// </summary>
    public static bool IsTailPreservedKey(string key)
    {
        var raw = JsText.Trim(key);
        if (raw.Length == 0)
        {
            return false;
        }

        var parts = raw.Split(':');
        var body = 0;
        var wrapped = false;
        while (parts.Length - body >= 3 && JsText.TrimLower(parts[body]) == "agent")
        {
            wrapped = true;
            body += 2;
        }

        if (wrapped)
        {
            while (body < parts.Length && JsText.Trim(parts[body]).Length == 0)
            {
                body++;
            }
        }

        return body + 1 < parts.Length
            && JsText.TrimLower(parts[body]) == "matrix"
            && MatrixPeerKinds.Contains(JsText.TrimLower(parts[body + 1]));
    }

    private static List<Span> CollectPreservedSpans(string raw)
    {
        var spans = new List<Span>();
        CollectSignalGroupSegments(raw, spans);
        foreach (var kind in MatrixPeerKinds)
        {
            var tailStart = MatchMatrixPrefix(raw, kind);
            if (tailStart >= 0)
            {
                CollectTailSpans(raw, tailStart, spans);
            }
        }

        return spans;
    }

    // The JS regex /(^|:)signal:group:([^:]+)/gi consumes the leading ':' and scans on from each match's end.
    private static void CollectSignalGroupSegments(string raw, List<Span> spans)
    {
        var position = 0;
        while (position < raw.Length)
        {
            var end = MatchSignalGroupAt(raw, position);
            if (end < 0)
            {
                position++;
                continue;
            }

            var segmentStart = end;
            while (end < raw.Length && raw[end] != ':')
            {
                end++;
            }

            spans.Add(new Span(segmentStart, end, Trim: true));
            position = end;
        }
    }

    /// <summary>Index just past <c>(^|:)signal:group:</c> at <paramref name="position"/> when a non-empty id follows, else -1.</summary>
    private static int MatchSignalGroupAt(string raw, int position)
    {
        int[] prefixStarts = position == 0 ? [0, 1] : [position + 1];
        foreach (var prefixStart in prefixStarts)
        {
            if (prefixStart == position + 1 && raw[position] != ':')
            {
                continue;
            }

            var idStart = prefixStart + SignalGroupPrefix.Length;
            if (StartsWithAsciiIgnoreCase(raw, prefixStart, SignalGroupPrefix) && idStart < raw.Length && raw[idStart] != ':')
            {
                return idStart;
            }
        }

        return -1;
    }

    /// <summary>
    /// Length of <c>^(?:agent:[^:]*:)+:*matrix:KIND:</c> or, failing that, <c>^matrix:KIND:</c> (both
    /// case-insensitive), or -1. The wrapper repetition is forced: each one must start with "agent:", which can
    /// never also begin the <c>:*matrix:</c> remainder, so consuming wrappers greedily finds every match.
    /// </summary>
    private static int MatchMatrixPrefix(string raw, string kind)
    {
        var position = 0;
        var wrappers = 0;
        while (StartsWithAsciiIgnoreCase(raw, position, "agent:"))
        {
            var close = raw.IndexOf(':', position + "agent:".Length);
            if (close < 0)
            {
                break;
            }

            position = close + 1;
            wrappers++;
        }

        if (wrappers > 0)
        {
            var afterColons = position;
            while (afterColons < raw.Length && raw[afterColons] == ':')
            {
                afterColons++;
            }

            var scopedEnd = MatchMatrixKindAt(raw, afterColons, kind);
            if (scopedEnd >= 0)
            {
                return scopedEnd;
            }
        }

        return MatchMatrixKindAt(raw, 0, kind);
    }

    private static int MatchMatrixKindAt(string raw, int position, string kind)
    {
        var prefix = "matrix:" + kind + ":";
        return StartsWithAsciiIgnoreCase(raw, position, prefix) ? position + prefix.Length : -1;
    }

    private static void CollectTailSpans(string raw, int tailStart, List<Span> spans)
    {
        if (tailStart >= raw.Length)
        {
            return;
        }

        var markerIndex = JsText.TrimLower(raw[tailStart..]).LastIndexOf(ThreadMarker, StringComparison.Ordinal);
        if (markerIndex == -1)
        {
            spans.Add(new Span(tailStart, raw.Length, Trim: false));
            return;
        }

        spans.Add(new Span(tailStart, tailStart + markerIndex, Trim: false));
        var threadIdStart = tailStart + markerIndex + ThreadMarker.Length;
        if (threadIdStart < raw.Length)
        {
            spans.Add(new Span(threadIdStart, raw.Length, Trim: false));
        }
    }

    /// <summary>JavaScript's String.prototype.slice for non-negative indexes: clamps, never throws.</summary>
    private static string Slice(string value, int start, int end)
    {
        start = Math.Min(start, value.Length);
        end = Math.Min(end, value.Length);
        return end > start ? value[start..end] : "";
    }

    private static bool StartsWithAsciiIgnoreCase(string value, int position, string lowerAsciiPrefix)
    {
        if (position < 0 || position + lowerAsciiPrefix.Length > value.Length)
        {
            return false;
        }

        for (var i = 0; i < lowerAsciiPrefix.Length; i++)
        {
            if (char.ToLowerInvariant(value[position + i]) != lowerAsciiPrefix[i] || !char.IsAscii(value[position + i]))
            {
                return false;
            }
        }

        return true;
    }
}
