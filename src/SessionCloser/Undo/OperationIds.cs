using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SessionCloser.Undo;

/// <summary>
/// Operation ids: <c>yyyyMMddTHHmmssfffZ-&lt;6 lowercase hex&gt;</c>, the start time in UTC and a random suffix, so
/// names sort by time and two runs in one millisecond still differ. The id is also the record's file name.
/// </summary>
internal static partial class OperationIds
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    public static string New(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>True for an id exactly as <see cref="New"/> writes it, of a real time.</summary>
    public static bool IsValid(string? id) => id is not null && TryParseTime(id, out _);

    /// <summary>The time in an id.</summary>
    public static bool TryParseTime(string id, out DateTimeOffset when)
    {
        when = default;
        if (!Shape().IsMatch(id))
        {
            return false;
        }

        if (!DateTime.TryParseExact(id.AsSpan(0, 19), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        when = new DateTimeOffset(time, TimeSpan.Zero);
        return true;
    }

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
