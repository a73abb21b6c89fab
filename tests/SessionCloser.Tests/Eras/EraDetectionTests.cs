using System.Buffers.Binary;
using AwesomeAssertions;
using SessionCloser.Eras;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Eras;

public sealed class EraDetectionTests : IDisposable
{
    private readonly TempSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("2026.1.30", StorageEra.LockedJsonFile)]
    [InlineData("2026.4.29", StorageEra.LockedJsonFile)]
    [InlineData("2026.5.2", StorageEra.JsonFile)]
    [InlineData("2026.7.1", StorageEra.JsonFile)]
    [InlineData("2026.7.35", StorageEra.JsonFile)]
    [InlineData("2026.7.2-beta.1", StorageEra.SqliteBehindGateway)]
    [InlineData("2026.8.1", StorageEra.SqliteBehindGateway)]
    [InlineData("2026.10.1", StorageEra.SqliteBehindGateway)]
    [InlineData("2027.1.1", StorageEra.SqliteBehindGateway)]
    public void Versions_map_to_eras_by_number_not_text(string version, StorageEra era) =>
        OpenClawVersion.TryParse(version)!.Era.Should().Be(era);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("2026.7")]
    public void Unparseable_versions_are_null(string? version) => OpenClawVersion.TryParse(version).Should().BeNull();

    [Fact]
    public void An_agent_database_with_schema_4_or_later_means_sqlite_sessions()
    {
        WriteSqliteHeader(userVersion: 23);

        var era = EraDetector.Detect(_sandbox.Root, "main", lastTouchedVersion: "2026.7.35");

        era.Era.Should().Be(StorageEra.SqliteBehindGateway);
        era.SqliteUserVersion.Should().Be(23);
    }

    [Fact]
    public void An_older_agent_database_is_not_proof_of_sqlite_sessions()
    {
        WriteSqliteHeader(userVersion: 1);

        EraDetector.Detect(_sandbox.Root, "main", lastTouchedVersion: null).Era.Should().Be(StorageEra.JsonFile);
    }

    [Fact]
    public void Without_a_database_the_config_version_decides()
    {
        EraDetector.Detect(_sandbox.Root, "main", "2026.4.29").Era.Should().Be(StorageEra.LockedJsonFile);
        EraDetector.Detect(_sandbox.Root, "main", null).Era.Should().Be(StorageEra.Unknown);
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_ignored()
    {
        _sandbox.File("agents/main/agent/openclaw-agent.sqlite", "not a database at all, but long enough to have a header of one hundred bytes .......................");

        SqliteHeader.ReadUserVersion(EraDetector.SqlitePath(_sandbox.Root, "main")).Should().BeNull();
    }

    [Fact]
    public void A_schema_committed_only_to_the_write_ahead_log_counts()
    {
        var path = EraDetector.SqlitePath(_sandbox.Root, "main");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Fixture("user-version-in-wal.sqlite"), path);
        SqliteHeader.ReadUserVersion(path).Should().Be(0, "the main file's header was not checkpointed yet");

        File.Copy(Fixture("user-version-in-wal.sqlite-wal"), path + "-wal");

        SqliteHeader.ReadUserVersion(path).Should().Be(23);
        EraDetector.Detect(_sandbox.Root, "main", lastTouchedVersion: null).Era.Should().Be(StorageEra.SqliteBehindGateway);
    }

    [Fact]
    public void Uncommitted_or_stale_frames_in_the_write_ahead_log_do_not_count()
    {
        var wal = File.ReadAllBytes(Fixture("user-version-in-wal.sqlite-wal"));
        var pageSize = BinaryPrimitives.ReadInt32BigEndian(wal.AsSpan(8));
        var uncommitted = (byte[])wal.Clone();
        for (var frame = 32; frame + 24 <= uncommitted.Length; frame += 24 + pageSize)
        {
            BinaryPrimitives.WriteInt32BigEndian(uncommitted.AsSpan(frame + 4), 0); // no frame ends a transaction
        }

        var staleSalt = (byte[])wal.Clone();
        staleSalt[16] ^= 0xFF; // frames of an earlier WAL generation, already checkpointed

        SqliteHeader.ReadWalUserVersion(Write("uncommitted-wal", uncommitted)).Should().BeNull();
        SqliteHeader.ReadWalUserVersion(Write("stale-wal", staleSalt)).Should().BeNull();
        SqliteHeader.ReadWalUserVersion(Write("garbage-wal", new byte[100])).Should().BeNull();
        SqliteHeader.ReadWalUserVersion(Write("valid-wal", wal)).Should().Be(23);
    }

    private static string Fixture(string name) => Path.Join(AppContext.BaseDirectory, "Eras", "Fixtures", name);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Join(_sandbox.Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void WriteSqliteHeader(int userVersion)
    {
        var header = new byte[4096];
        "SQLite format 3\0"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(60), userVersion);
        var path = EraDetector.SqlitePath(_sandbox.Root, "main");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, header);
    }
}
