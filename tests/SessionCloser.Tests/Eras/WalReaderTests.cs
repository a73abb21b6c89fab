using System.Buffers.Binary;
using AwesomeAssertions;
using SessionCloser.Eras;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Eras;

/// <summary>
/// The WAL reader sees the commits SQLite itself would recover: salts and cumulative checksums must hold, the first
/// frame that fails ends the log, and only committed transactions count. Real SQLite writes the logs and, for every
/// damaged copy, says what it reads there.
/// </summary>
public sealed class WalReaderTests(RealSqliteWal real) : IClassFixture<RealSqliteWal>, IDisposable
{
    private const uint BigEndianMagic = 0x377f0683;

    private readonly TempSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_log_real_SQLite_wrote_reads_as_of_its_last_commit_wherever_it_ends()
    {
        real.Commits.Select(c => c.UserVersion).Should().Equal([1, 2, 2, 4, 5], "the script commits these");
        real.Commits.Should().Contain(c => c.WalBytes - RealSqliteWal.HeaderSize > 2 * real.FrameSize, "some transaction spans several frames");
        BinaryPrimitives.ReadUInt32BigEndian(real.Wal).Should().Be(BigEndianMagic - 1, "SQLite on a little-endian machine");

        Read("whole", real.Wal).Should().Be(5);
        Read("first-frame-only", real.Wal[..(RealSqliteWal.HeaderSize + real.FrameSize)]).Should().BeNull("the first transaction is unfinished there");
        foreach (var commit in real.Commits)
        {
            Read($"at-{commit.WalBytes}", real.Wal[..commit.WalBytes]).Should().Be(commit.UserVersion);
            if (commit.WalBytes + real.FrameSize < real.Wal.Length)
            {
                Read($"past-{commit.WalBytes}", real.Wal[..(commit.WalBytes + real.FrameSize)]).Should().Be(commit.UserVersion, "the next transaction is unfinished");
                Read($"torn-{commit.WalBytes}", real.Wal[..(commit.WalBytes + 100)]).Should().Be(commit.UserVersion, "a torn frame is no frame");
            }
        }
    }

    [Fact]
    public async Task One_bad_byte_in_a_frame_ends_the_log_there_as_it_does_for_SQLite()
    {
        var cases = new List<(string Name, byte[] Wal, int? Expected)>();
        for (var frame = 0; frame < real.FrameCount; frame++)
        {
            var start = RealSqliteWal.HeaderSize + (frame * real.FrameSize);
            var lastCommitBefore = real.Commits.LastOrDefault(c => c.WalBytes <= start)?.UserVersion;
            cases.Add(($"page-data-{frame}", Flip(real.Wal, start + RealSqliteWal.FrameHeaderSize + (real.PageSize / 3)), lastCommitBefore));
            cases.Add(($"checksum-{frame}", Flip(real.Wal, start + 16 + (frame % 8)), lastCommitBefore));
            cases.Add(($"salt-{frame}", Flip(real.Wal, start + 8 + (frame % 8)), lastCommitBefore));
        }

        cases.Add(("header-checksum", Flip(real.Wal, 24), null));
        cases.Add(("header-page-size", Flip(real.Wal, 10), null));
        cases.Should().Contain(c => c.Expected == null).And.Contain(c => c.Expected == 4, "damage at the start, in the middle and at the end");

        var databases = cases.Select(c => real.CopyWith(_sandbox.Root, c.Name, c.Wal)).ToList();
        var ours = databases.Select(d => SqliteHeader.ReadWalUserVersion(d + "-wal")).ToList();
        var sqlite = await RealSqliteWal.SqliteUserVersionsAsync(databases);

        ours.Should().Equal(cases.Select(c => c.Expected));
        sqlite.Should().Equal(cases.Select(c => c.Expected ?? 0), "SQLite recovers the same commits (0: the main file's own header)");
    }

    [Fact]
    public async Task Big_endian_checksums_read_the_same_and_SQLite_accepts_and_extends_them()
    {
        var bigEndian = WithBigEndianChecksums(real.Wal, real.PageSize);
        var database = real.CopyWith(_sandbox.Root, "big-endian", bigEndian);
        var lastFrame = RealSqliteWal.HeaderSize + ((real.FrameCount - 1) * real.FrameSize);

        SqliteHeader.ReadWalUserVersion(database + "-wal").Should().Be(5);
        Read("big-endian-damaged", Flip(bigEndian, lastFrame + RealSqliteWal.FrameHeaderSize + 7)).Should().Be(4);
        Read("big-endian-read-as-little", WithMagic(bigEndian, BigEndianMagic - 1)).Should().BeNull("the header checksum is wrong in the other word order");

        var (before, after) = await RealSqliteWal.SqliteAppendAsync(database, 99);

        before.Should().Be(5, "SQLite verified every frame against our big-endian checksums");
        after.Should().Be(99);
        var appended = await File.ReadAllBytesAsync(database + ".appended-wal", TestContext.Current.CancellationToken);
        appended[..bigEndian.Length].Should().Equal(bigEndian, "SQLite appended to the log as it was");
        appended.Length.Should().BeGreaterThan(bigEndian.Length);
        SqliteHeader.ReadWalUserVersion(database + ".appended-wal").Should().Be(99, "the frames SQLite added carry big-endian checksums too");
    }

    private int? Read(string name, byte[] wal)
    {
        var path = Path.Join(_sandbox.Root, name + "-wal");
        File.WriteAllBytes(path, wal);
        return SqliteHeader.ReadWalUserVersion(path);
    }

    private static byte[] Flip(byte[] bytes, int offset)
    {
        var copy = (byte[])bytes.Clone();
        copy[offset] ^= 0x5A;
        return copy;
    }

    private static byte[] WithMagic(byte[] wal, uint magic)
    {
        var copy = (byte[])wal.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy, magic);
        return copy;
    }

    /// <summary>The same log as a big-endian machine's SQLite would have written it: magic 0x377f0683, every checksum over big-endian words.</summary>
    private static byte[] WithBigEndianChecksums(byte[] wal, int pageSize)
    {
        var copy = WithMagic(wal, BigEndianMagic);
        var checksum = new WalChecksum(bigEndianWords: true);
        checksum.Add(copy.AsSpan(0, 24));
        Store(checksum, copy.AsSpan(24));
        for (var frame = RealSqliteWal.HeaderSize; frame + RealSqliteWal.FrameHeaderSize + pageSize <= copy.Length; frame += RealSqliteWal.FrameHeaderSize + pageSize)
        {
            checksum.Add(copy.AsSpan(frame, 8));
            checksum.Add(copy.AsSpan(frame + RealSqliteWal.FrameHeaderSize, pageSize));
            Store(checksum, copy.AsSpan(frame + 16));
        }

        return copy;
    }

    private static void Store(WalChecksum checksum, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, checksum.S0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], checksum.S1);
    }
}
