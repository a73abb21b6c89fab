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
    private const uint WalMagic = 0x377f0682; // | 1 when the checksums read big-endian words
    private const uint WalFormatVersion = 3007000;
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

    /// <summary>
    /// user_version in the last committed copy of page 1 in a WAL file; null when there is none. Reads the log as
    /// SQLite recovers it: the header must carry a valid checksum, and frames count while their salts match the
    /// header's and their cumulative checksum holds; the first frame that fails ends the log (what follows is from an
    /// earlier generation or torn), and frames after the last commit are an unfinished transaction.
    /// </summary>
    internal static int? ReadWalUserVersion(string walPath)
    {
        try
        {
            using var wal = Open(walPath);
            Span<byte> header = stackalloc byte[WalHeaderSize];
            if (wal.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return null;
            }

            var magic = BinaryPrimitives.ReadUInt32BigEndian(header);
            var pageSize = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
            if ((magic & ~1u) != WalMagic || pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
            {
                return null;
            }

            var checksum = new WalChecksum(bigEndianWords: (magic & 1) != 0);
            checksum.Add(header[..24]);
            if (!checksum.Matches(header[24..]) || BinaryPrimitives.ReadUInt32BigEndian(header[4..]) != WalFormatVersion)
            {
                return null;
            }

            var salts = header[16..24];
            var frame = new byte[WalFrameHeaderSize + (int)pageSize];
            int? pending = null, committed = null;
            while (wal.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false) == frame.Length)
            {
                var page = BinaryPrimitives.ReadUInt32BigEndian(frame);
                if (!frame.AsSpan(8, 8).SequenceEqual(salts) || page == 0)
                {
                    break;
                }

                checksum.Add(frame.AsSpan(0, 8));
                checksum.Add(frame.AsSpan(WalFrameHeaderSize));
                if (!checksum.Matches(frame.AsSpan(16, 8)))
                {
                    break;
                }

                if (page == 1)
                {
                    pending = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(WalFrameHeaderSize + UserVersionOffset));
                }

                if (BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)) != 0) // the database size: this frame commits
                {
                    committed = pending ?? committed;
                }
            }

            return committed;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
