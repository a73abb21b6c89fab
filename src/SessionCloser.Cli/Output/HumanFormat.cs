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
}
