using System.Globalization;

namespace SessionCloser.Cli.Output;

/// <summary>Short, readable renderings of ages and sizes for the tables people read.</summary>
internal static class HumanFormat
{
    public static string Age(double? ageMs)
    {
        if (ageMs is not { } ms)
        {
            return "-";
        }

        var age = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }

    public static string Size(long? bytes)
    {
        if (bytes is not { } b)
        {
            return "-";
        }

        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = b;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{b} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    /// <summary>
    /// <paramref name="value"/> fit for one line of text: control characters (C0, DEL, C1) and the line and
    /// paragraph separators as <c>\uXXXX</c>, so a stored key holding a newline or an escape cannot split a line
    /// a script parses or drive a terminal. <c>--json</c> carries the exact text.
    /// </summary>
    public static string Printable(string value) =>
        value.Any(IsUnprintable) ? string.Concat(value.Select(c => IsUnprintable(c) ? $"\\u{(int)c:x4}" : c.ToString())) : value;

    private static bool IsUnprintable(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
