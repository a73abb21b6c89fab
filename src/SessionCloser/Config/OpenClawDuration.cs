using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionCloser.Config;

/// <summary>
/// Durations as OpenClaw writes and reads them (<c>src/cli/parse-duration.ts</c> <c>parseDurationMs</c>): a number
/// with a unit (<c>500ms</c>, <c>30s</c>, <c>90m</c>, <c>12h</c>, <c>30d</c>), or units run together (<c>1h30m</c>),
/// case-insensitive, surrounding blanks ignored.
/// </summary>
internal static partial class OpenClawDuration
{
    /// <summary>
    /// Milliseconds, or null when OpenClaw would reject the text. A bare number takes <paramref name="defaultUnit"/>;
    /// with none (null) a bare number is rejected, so a command line never guesses what <c>30</c> means.
    /// </summary>
    public static long? ParseMs(string raw, string? defaultUnit = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.Trim().ToLowerInvariant();
        if (SingleDuration().Match(text) is { Success: true } single)
        {
            var unit = single.Groups[2].Success ? single.Groups[2].Value : defaultUnit;
            return unit is null ? null : Round(double.Parse(single.Groups[1].Value, CultureInfo.InvariantCulture) * Multiplier(unit));
        }

        double total = 0;
        var consumed = 0;
        foreach (Match part in DurationPart().Matches(text))
        {
            if (part.Index != consumed)
            {
                return null;
            }

            total += double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture) * Multiplier(part.Groups[2].Value);
            consumed += part.Length;
        }

        return consumed == text.Length && consumed > 0 ? Round(total) : null;
    }

    /// <summary>A duration as people read it: <c>30d</c>, <c>12h</c>, <c>1h30m</c>, <c>90s</c>, <c>500ms</c>.</summary>
    public static string Format(long milliseconds)
    {
        if (milliseconds <= 0)
        {
            return "0ms";
        }

        var parts = new List<string>();
        foreach (var (unit, size) in new[] { ("d", 86_400_000L), ("h", 3_600_000L), ("m", 60_000L), ("s", 1000L), ("ms", 1L) })
        {
            if (milliseconds >= size)
            {
                parts.Add((milliseconds / size).ToString(CultureInfo.InvariantCulture) + unit);
                milliseconds %= size;
            }
        }

        return string.Concat(parts);
    }

    /// <summary>
    /// A duration to its two largest units, the rest dropped, as an age reads best: <c>2h1m</c> for 2 h 1 min 4.4 s,
    /// <c>3d4h</c>, <c>5m12s</c>, <c>42s</c>.
    /// </summary>
    public static string FormatApproximate(long milliseconds)
    {
        long[] sizes = [86_400_000L, 3_600_000L, 60_000L, 1000L, 1L];
        var largest = Array.FindIndex(sizes, size => milliseconds >= size);
        return largest < 0 ? Format(milliseconds) : Format(milliseconds - (milliseconds % sizes[Math.Min(largest + 1, sizes.Length - 1)]));
    }

    // Math.round in JavaScript; beyond a safe integer OpenClaw refuses the value.
    private static long? Round(double value) =>
        double.IsFinite(value) && Math.Floor(value + 0.5) is var rounded && rounded <= 9_007_199_254_740_991 ? (long)rounded : null;

    private static double Multiplier(string unit) => unit switch
    {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => 86_400_000,
    };

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$")]
    private static partial Regex SingleDuration();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)")]
    private static partial Regex DurationPart();
}
