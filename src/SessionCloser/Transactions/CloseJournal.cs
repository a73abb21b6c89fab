using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SessionCloser.Artifacts;
using SessionCloser.FileSystem;

namespace SessionCloser.Transactions;

/// <summary>
/// A write-ahead record of one close: the store's hash before and after, and every rename still to do. It is
/// written (atomically) before the store is touched and removed when the last rename is done, so a run killed
/// half-way is finished by the next one instead of leaving live transcripts beside a store that no longer
/// lists them (which OpenClaw would later prune as orphans, unarchived).
/// </summary>
/// <param name="OperationId">The operation log record of the run (<c>Undo.OperationLog</c>), which recovery brings up to date; null when it kept none.</param>
/// <param name="Direction">A close (renames to archive names) or a restore (renames back; see <see cref="JournalDirection"/>).</param>
internal sealed record CloseJournal(string StorePath, string OldStoreSha256, string NewStoreSha256, DateTimeOffset CreatedAt, IReadOnlyList<ArchivedFile> Renames, string? OperationId = null, JournalDirection Direction = JournalDirection.Close)
{
    public const string Suffix = ".session-closer-journal";

    public static string PathFor(string storePath) => storePath + Suffix;

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Writes the journal atomically, streamed to its temp file as it is made (a keep-only's lists 100,000+ renames:
    /// no copy of the whole text is held, and the bytes are the same as writing it whole).
    /// </summary>
    public void Write() => AtomicFile.Replace(PathFor(StorePath), WriteTo);

    private void WriteTo(Stream output)
    {
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteString("storePath", StorePath);
            writer.WriteString("oldStoreSha256", OldStoreSha256);
            writer.WriteString("newStoreSha256", NewStoreSha256);
            writer.WriteString("createdAt", CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            if (OperationId is not null)
            {
                writer.WriteString("operationId", OperationId);
            }

            if (Direction == JournalDirection.Restore)
            {
                writer.WriteString("direction", "restore");
            }

            writer.WriteStartArray("renames");
            foreach (var rename in Renames)
            {
                writer.WriteStartObject();
                writer.WriteString("from", rename.From);
                writer.WriteString("to", rename.To);
                writer.WriteString("kind", rename.Kind.ToString());
                writer.WriteEndObject();
                writer.FlushWhenFull();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    public void Delete()
    {
        File.Delete(PathFor(StorePath));
        FileSystem.Libc.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(StorePath))!);
    }

    /// <summary>
    /// Whether recovery rolls this run back (the store was never replaced, so nothing happened) rather than finishing
    /// its renames. A restore that only renames (nothing to put back) never changes the store: its renames are finished.
    /// </summary>
    public bool IsRolledBackBy(string currentStoreSha256) =>
        currentStoreSha256 == OldStoreSha256 && !(Direction == JournalDirection.Restore && OldStoreSha256 == NewStoreSha256);

    /// <summary>Reads a journal left by an interrupted run, every field and path checked; null when there is none.</summary>
    public static CloseJournal? TryRead(string storePath) => JournalReader.TryRead(storePath);
}

/// <summary>What a journaled run does to files.</summary>
internal enum JournalDirection
{
    /// <summary>A close: every rename is a file to its <c>&lt;file&gt;.deleted.&lt;stamp&gt;</c> archive name.</summary>
    Close,

    /// <summary>
    /// A restore: renames an archive back to its original name (<c>from</c> is <c>&lt;to&gt;.deleted.&lt;stamp&gt;</c>),
    /// or, undoing a restore, a file to its archive name again.
    /// </summary>
    Restore,
}
