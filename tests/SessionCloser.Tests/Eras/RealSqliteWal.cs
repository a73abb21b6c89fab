using System.Buffers.Binary;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Eras;

/// <summary>What <c>PRAGMA user_version</c> said right after a commit, and how long the WAL was then.</summary>
public sealed record WalCommit(int UserVersion, int WalBytes);

/// <summary>
/// A WAL-mode database with several commits, written once per test class by real SQLite (Node's built-in
/// <c>node:sqlite</c>, driven by Eras/Fixtures/sqlite-wal.mjs) and copied before any checkpoint, so its main file
/// still says user_version 0 and only the WAL holds the commits.
/// </summary>
public sealed class RealSqliteWal : IAsyncLifetime
{
    public const int HeaderSize = 32;
    public const int FrameHeaderSize = 24;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sc-wal-");

    public IReadOnlyList<WalCommit> Commits { get; private set; } = [];

    public byte[] Database { get; private set; } = [];

    public byte[] Wal { get; private set; } = [];

    public int PageSize => BinaryPrimitives.ReadInt32BigEndian(Wal.AsSpan(8));

    public int FrameSize => FrameHeaderSize + PageSize;

    public int FrameCount => (Wal.Length - HeaderSize) / FrameSize;

    public async ValueTask InitializeAsync()
    {
        var made = await RunScriptAsync("make", _dir.FullName);
        Commits = JsonSerializer.Deserialize<List<WalCommit>>(made, JsonSerializerOptions.Web)!;
        Database = await File.ReadAllBytesAsync(Path.Join(_dir.FullName, "made.sqlite"), TestContext.Current.CancellationToken);
        Wal = await File.ReadAllBytesAsync(Path.Join(_dir.FullName, "made.sqlite-wal"), TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _dir.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>The database's main file at <c>dir/name</c> beside <paramref name="wal"/> as its log; returns the database path.</summary>
    public string CopyWith(string dir, string name, byte[] wal)
    {
        var path = Path.Join(dir, name);
        File.WriteAllBytes(path, Database);
        File.WriteAllBytes(path + "-wal", wal);
        return path;
    }

    /// <summary>What real SQLite reads as <c>PRAGMA user_version</c> from each database (it may checkpoint them).</summary>
    public static async Task<IReadOnlyList<int>> SqliteUserVersionsAsync(IEnumerable<string> databases) =>
        JsonSerializer.Deserialize<List<int>>(await RunScriptAsync(["read", .. databases]))!;

    /// <summary>
    /// Has real SQLite open <paramref name="database"/> (recovering its WAL), then commit user_version =
    /// <paramref name="userVersion"/>; the result is copied to <c>database.appended</c> before any checkpoint.
    /// </summary>
    public static async Task<(int Before, int After)> SqliteAppendAsync(string database, int userVersion)
    {
        using var result = JsonDocument.Parse(await RunScriptAsync("append", database, userVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (result.RootElement.GetProperty("before").GetInt32(), result.RootElement.GetProperty("after").GetInt32());
    }

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var script = Path.Join(AppContext.BaseDirectory, "Eras", "Fixtures", "sqlite-wal.mjs");
        var result = await Cli.Wrap(NodeExecutable.Resolve())
            .WithArguments(["--no-warnings", script, .. arguments])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException(
                $"sqlite-wal.mjs {arguments[0]} failed (exit {result.ExitCode}; node:sqlite needs Node 22.13 or later, "
                + $"which {NodeExecutable.EnvironmentVariable} names when test.sh runs):\n{result.StandardError}");
    }
}
