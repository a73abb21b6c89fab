using SessionCloser.Config;

namespace SessionCloser.Operations;

/// <summary>
/// Durations on the command line (<c>--older-than</c>) as OpenClaw writes them: <c>30d</c>, <c>12h</c>, <c>90m</c>,
/// <c>1h30m</c>, <c>500ms</c> (<see cref="OpenClawDuration"/>). A bare number is refused: <c>30</c> could be anything.
/// </summary>
public static class DurationText
{
    /// <summary>Examples for a message that refuses a duration.</summary>
    public const string Examples = "30d, 12h, 90m or 1h30m";

    /// <summary>The duration, or null for text OpenClaw would reject, a bare number, or one too long to be a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return OpenClawDuration.ParseMs(text, defaultUnit: null) is { } ms && ms <= (long)TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms)
            : null;
    }

    /// <summary>A duration as people read it: <c>30d</c>, <c>1h30m</c>.</summary>
    public static string Format(TimeSpan duration) => OpenClawDuration.Format((long)duration.TotalMilliseconds);
}
