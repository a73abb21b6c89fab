using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionCloser.Artifacts;

/// <summary>File names OpenClaw gives session artifacts (2026.7.35 <c>src/config/sessions/artifacts.ts</c>).</summary>
internal static partial class ArtifactNames
{
    public const string Deleted = "deleted";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH-mm-ss.fff'Z'";

    /// <summary>
    /// OpenClaw's archive stamp: UTC ISO-8601 with milliseconds and every ':' replaced by '-', e.g.
    /// <c>2026-04-13T06-18-42.123Z</c>. Archives with this stamp fall under OpenClaw's own retention.
    /// </summary>
    public static string ArchiveTimestamp(DateTimeOffset when) =>
        when.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a stamp exactly as <see cref="ArchiveTimestamp"/> writes it (milliseconds included) of a real date; the
    /// names session-closer itself writes (backups, journaled renames) are checked against this, not the laxer
    /// <see cref="IsArchive"/> that also accepts OpenClaw's older stamps.
    /// </summary>
    public static bool TryParseArchiveTimestamp(string stamp, out DateTime when)
    {
        when = default;
        return ExactStamp().IsMatch(stamp)
            && DateTime.TryParseExact(stamp, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out when);
    }

    /// <summary><c>&lt;file&gt;.deleted.&lt;stamp&gt;</c>: the name OpenClaw gives a transcript it deletes.</summary>
    public static string DeletedArchive(string fileName, DateTimeOffset when) => $"{fileName}.{Deleted}.{ArchiveTimestamp(when)}";

    /// <summary>True for <c>*.deleted.&lt;stamp&gt;</c>, <c>*.reset.&lt;stamp&gt;</c>, <c>*.bak.&lt;stamp&gt;</c> and legacy <c>sessions.json.bak.&lt;ms&gt;</c>.</summary>
    public static bool IsArchive(string fileName) => IsArchive(fileName.AsSpan());

    /// <inheritdoc cref="IsArchive(string)"/>
    public static bool IsArchive(ReadOnlySpan<char> fileName) =>
        LegacyStoreBackup().IsMatch(fileName) || HasArchiveSuffix(fileName, ".deleted.") || HasArchiveSuffix(fileName, ".reset.") || HasArchiveSuffix(fileName, ".bak.");

    /// <summary>
    /// Reads an archive name: <c>&lt;file&gt;.&lt;reason&gt;.&lt;stamp&gt;</c> (reason <c>deleted</c>, <c>reset</c> or <c>bak</c>, the
    /// stamp with or without milliseconds, taken after the last such marker as OpenClaw does), and 2026.9.6's compressed
    /// exports <c>&lt;file&gt;.&lt;reason&gt;.&lt;stamp&gt;[.&lt;32-hex generation&gt;].zst</c>. Legacy <c>sessions.json.bak.&lt;ms&gt;</c>
    /// is a store backup, not read here.
    /// </summary>
    public static bool TryParseArchive(string fileName, out ArchiveName archive)
    {
        archive = default;
        if (ArchiveSuffix().Match(fileName) is not { Success: true } match || match.Index == 0)
        {
            return false;
        }

        var stamp = match.Groups["stamp"].Value;
        var format = stamp.Length == "yyyy-MM-ddTHH-mm-ss.fffZ".Length ? TimestampFormat : "yyyy-MM-dd'T'HH-mm-ss'Z'";
        if (!DateTime.TryParseExact(stamp, format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when))
        {
            return false;
        }

        archive = new ArchiveName(fileName[..match.Index], match.Groups["reason"].Value, new DateTimeOffset(when, TimeSpan.Zero), match.Groups["zst"].Success);
        return true;
    }

    public static bool IsCheckpointTranscript(string fileName) => CheckpointTranscript().IsMatch(fileName);

    /// <summary>The session id a checkpoint copy belongs to, or null when the name is not a checkpoint copy.</summary>
    public static string? CheckpointOwner(string fileName) => CheckpointTranscript().Match(fileName) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// <see cref="CheckpointOwner(string)"/> without a string: the owner is the name before its last 54 characters, as
    /// the pattern's tail (<c>.checkpoint.</c>, a 36-character uuid, <c>.jsonl</c>) matches exactly one character per
    /// character of the pattern, case-insensitively or not.
    /// </summary>
    public static bool TryCheckpointOwner(ReadOnlySpan<char> fileName, out ReadOnlySpan<char> owner)
    {
        owner = CheckpointTranscript().IsMatch(fileName) ? fileName[..^CheckpointTail] : default;
        return !owner.IsEmpty;
    }

    /// <summary>The length of what follows the owner in a checkpoint copy's name: <c>.checkpoint.</c>, the uuid, <c>.jsonl</c>.</summary>
    private const int CheckpointTail = 12 + 36 + 6;

    public static bool IsTrajectorySidecar(string fileName) =>
        fileName.EndsWith(".trajectory.jsonl", StringComparison.Ordinal) || fileName.EndsWith(".trajectory-path.json", StringComparison.Ordinal);

    /// <param name="fileName">The name.</param>
    /// <param name="marker">The reason between dots (<c>.deleted.</c>).</param>
    private static bool HasArchiveSuffix(ReadOnlySpan<char> fileName, string marker)
    {
        var index = fileName.LastIndexOf(marker, StringComparison.Ordinal);
        return index >= 0 && ArchiveStamp().IsMatch(fileName[(index + marker.Length)..]);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}(?:\.[0-9]{3})?Z\z", RegexOptions.CultureInvariant)]
    private static partial Regex ArchiveStamp();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}\.[0-9]{3}Z\z", RegexOptions.CultureInvariant)]
    private static partial Regex ExactStamp();

    // RightToLeft: the last marker wins, as OpenClaw reads the text after the last ".deleted." / ".reset." / ".bak.".
    [GeneratedRegex(@"\.(?<reason>deleted|reset|bak)\.(?<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}(?:\.[0-9]{3})?Z)(?:\.[0-9a-f]{32})?(?<zst>\.zst)?\z", RegexOptions.CultureInvariant | RegexOptions.RightToLeft)]
    private static partial Regex ArchiveSuffix();

    [GeneratedRegex(@"^sessions\.json\.bak\.[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyStoreBackup();

    [GeneratedRegex(@"^(.+)\.checkpoint\.([0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\.jsonl\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CheckpointTranscript();
}

/// <summary>An archive's parts: the file it was, why (<c>deleted</c>, <c>reset</c>, <c>bak</c>), when, and whether it is compressed (2026.9.6's <c>.zst</c> export).</summary>
internal readonly record struct ArchiveName(string Original, string Reason, DateTimeOffset When, bool Compressed);
