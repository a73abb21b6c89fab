using System.Buffers.Binary;

namespace SessionCloser.Eras;

/// <summary>
/// Reads <c>PRAGMA user_version</c> straight from a SQLite file header (4 bytes, big-endian, at offset 60) without
/// opening the database, so detection never takes a SQLite lock or writes a journal next to the gateway's DB.
/// </summary>
public static class SqliteHeader
{
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    /// <summary>The user_version, or null when the file is missing or not a SQLite database.</summary>
    public static int? ReadUserVersion(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[100];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[..16].SequenceEqual(Magic))
            {
                return null;
            }

            return BinaryPrimitives.ReadInt32BigEndian(header[60..]);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
