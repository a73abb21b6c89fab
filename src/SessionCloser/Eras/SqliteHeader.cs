using System.Buffers.Binary;

namespace SessionCloser.Eras;

/// <summary>
/// Reads <c>PRAGMA user_version</c> straight from a SQLite file header (4 bytes, big-endian, at offset 60) without
/// opening the database, so detection never takes a SQLite lock or writes a journal next to the gateway's DB.
/// A database in WAL mode (OpenClaw's) may hold its newest page 1 only in <c>&lt;db&gt;-wal</c> until the next
/// checkpoint (seen with 2026.9.6 right after a gateway created an agent's database), so the last committed copy
/// of page 1 there counts too. Migrations only raise the version: the higher of the two is the schema.
/// </summary>
internal static class SqliteHeader
{
    private const int WalHeaderSize = 32;
    private const int WalFrameHeaderSize = 24;
    private const int UserVersionOffset = 60;
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    /// <summary>The user_version, or null when the file is missing or not a SQLite database.</summary>
    public static int? ReadUserVersion(string path)
    {
        try
        {
            using var file = Open(path);
            Span<byte> header = stackalloc byte[100];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[..16].SequenceEqual(Magic))
            {
                return null;
            }

            var main = BinaryPrimitives.ReadInt32BigEndian(header[UserVersionOffset..]);
            return ReadWalUserVersion(path + "-wal") is { } wal ? Math.Max(main, wal) : main;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>user_version in the last committed frame of page 1 in a WAL file; null when there is none.</summary>
    internal static int? ReadWalUserVersion(string walPath)
    {
        try
        {
            using var wal = Open(walPath);
            Span<byte> header = stackalloc byte[WalHeaderSize];
            if (wal.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                || (BinaryPrimitives.ReadUInt32BigEndian(header) & ~1u) != 0x377f0682)
            {
                return null;
            }

            var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
            pageSize = pageSize == 1 ? 65536 : pageSize;
            if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            {
                return null;
            }

            // Frames of the current WAL generation carry its salts; of those, only frames up to a commit are valid.
            var salts = header[16..24].ToArray();
            Span<byte> frame = stackalloc byte[WalFrameHeaderSize];
            Span<byte> version = stackalloc byte[4];
            int? pending = null, committed = null;
            for (long offset = WalHeaderSize; offset + WalFrameHeaderSize + pageSize <= wal.Length; offset += WalFrameHeaderSize + pageSize)
            {
                wal.Position = offset;
                if (wal.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false) < frame.Length || !frame[8..16].SequenceEqual(salts))
                {
                    break;
                }

                if (BinaryPrimitives.ReadUInt32BigEndian(frame) == 1)
                {
                    wal.Position = offset + WalFrameHeaderSize + UserVersionOffset;
                    wal.ReadExactly(version);
                    pending = BinaryPrimitives.ReadInt32BigEndian(version);
                }

                if (BinaryPrimitives.ReadUInt32BigEndian(frame[4..]) != 0)
                {
                    committed = pending ?? committed;
                }
            }

            return committed;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or EndOfStreamException)
        {
            return null;
        }
    }

    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
