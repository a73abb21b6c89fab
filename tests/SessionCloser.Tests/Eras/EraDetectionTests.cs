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
    [InlineData("2026.1.30", StorageEra.A)]
    [InlineData("2026.4.29", StorageEra.A)]
    [InlineData("2026.5.2", StorageEra.B)]
    [InlineData("2026.7.1", StorageEra.B)]
    [InlineData("2026.7.35", StorageEra.B)]
    [InlineData("2026.7.2-beta.1", StorageEra.C)]
    [InlineData("2026.8.1", StorageEra.C)]
    [InlineData("2026.10.1", StorageEra.C)]
    [InlineData("2027.1.1", StorageEra.C)]
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

        era.Era.Should().Be(StorageEra.C);
        era.SqliteUserVersion.Should().Be(23);
    }

    [Fact]
    public void An_older_agent_database_is_not_proof_of_sqlite_sessions()
    {
        WriteSqliteHeader(userVersion: 1);

        EraDetector.Detect(_sandbox.Root, "main", lastTouchedVersion: null).Era.Should().Be(StorageEra.B);
    }

    [Fact]
    public void Without_a_database_the_config_version_decides()
    {
        EraDetector.Detect(_sandbox.Root, "main", "2026.4.29").Era.Should().Be(StorageEra.A);
        EraDetector.Detect(_sandbox.Root, "main", null).Era.Should().Be(StorageEra.Unknown);
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_ignored()
    {
        _sandbox.File("agents/main/agent/openclaw-agent.sqlite", "not a database at all, but long enough to have a header of one hundred bytes .......................");

        SqliteHeader.ReadUserVersion(EraDetector.SqlitePath(_sandbox.Root, "main")).Should().BeNull();
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
