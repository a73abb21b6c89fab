using System.Globalization;

namespace SessionCloser.Locking;

/// <summary>
/// Linux process start times (field 22 of <c>/proc/&lt;pid&gt;/stat</c>, in clock ticks since boot). A lock records
/// its owner's start time so that a recycled pid is not mistaken for the owner.
/// </summary>
internal static class ProcessStartTimes
{
    public static long? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");

            // The command name (field 2) is in parentheses and may contain spaces; fields after it are plain.
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.TryParse(afterName[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static long? OfCurrentProcess() => Of(Environment.ProcessId);

    /// <summary>True only when both start times are known and differ: the pid now belongs to another process.</summary>
    public static bool IsRecycled(int pid, long? recordedStartTime) =>
        recordedStartTime is { } recorded && Of(pid) is { } actual && actual != recorded;
}
