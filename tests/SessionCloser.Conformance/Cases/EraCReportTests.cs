using System.Text.Json.Nodes;
using AwesomeAssertions;
using Microsoft.Data.Sqlite;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Issue 12: <c>session-closer report</c> on a real 2026.9.6 state (era C). With the gateway stopped it only reads
/// (every file of the state byte for byte as before); its session count is the database's own (<c>openclaw sessions
/// --json --limit all</c>, and <c>COUNT(*)</c> of <c>session_nodes</c> on a copy), its database size the three files',
/// its import archive the files 2026.9.6's <c>doctor --fix</c> moved aside. After a delete through the running gateway
/// it counts the <c>.jsonl.deleted.&lt;stamp&gt;.&lt;generation&gt;.zst</c> export the gateway wrote as OpenClaw's archive.
/// </summary>
public sealed class EraCReportTests
{
    private const string Agent = "main";

    private static readonly EraCSession[] Sessions =
    [
        new("agent:main:main", TimeSpan.FromMinutes(5), Label: "Main"),
        new("agent:main:subagent:old", TimeSpan.FromDays(40)) { Extra = new JsonObject { ["spawnedBy"] = "agent:main:main", ["spawnDepth"] = 1, ["parentSessionKey"] = "agent:main:main" } },
        new("agent:main:cron:nightly:run:r1", TimeSpan.FromHours(1)),
        new("agent:main:cron:nightly:run:r2", TimeSpan.FromHours(6)),
        new("agent:main:dashboard:recent", TimeSpan.FromHours(3)),
        new("agent:main:dashboard:ancient", TimeSpan.FromDays(120)),
        new("agent:main:dashboard:archived", TimeSpan.FromDays(10), ArchivedAgo: TimeSpan.FromDays(2)),
    ];

    [Fact]
    public async Task Report_counts_the_databases_sessions_and_the_files_on_disk_and_only_reads()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraC);
        // Maintenance only warns: a 9.6 gateway otherwise runs its pruning pass on its own soon after it starts
        // (docs/openclaw-facts.md), deleting the old sub-agent and exporting more archives while the test counts.
        sandbox.WriteConfig(new JsonObject { ["mode"] = "warn" }, gateway: true);
        var database = await EraCState.ImportAsync(sandbox, Agent, Sessions, DateTimeOffset.UtcNow);
        var sessionsDir = sandbox.SessionsDir(Agent);
        var importArchive = Path.Combine(Path.GetDirectoryName(sessionsDir)!, "session-sqlite-import-archive");
        var oldArchive = Path.Combine(sessionsDir, Guid.NewGuid() + ".jsonl.deleted.2026-01-02T03-04-05.678Z");
        await File.WriteAllTextAsync(oldArchive, new string('x', 4321), TestContext.Current.CancellationToken);

        // The gateway stopped: read only.
        var (listed, listing) = await OpenClawListing.ListAsync(sandbox, Agent);
        listed.Should().HaveCount(Sessions.Length, listing.Describe());
        var before = DirectorySnapshot.Take(sandbox.StateDir);
        var offline = await ReportAsync(sandbox);
        before.DiffTo(DirectorySnapshot.Take(sandbox.StateDir)).Should().BeEmpty("report only reads, the database included");

        var agent = offline["agents"]!.AsArray().Single()!;
        ((string?)agent["era"]).Should().Be("C");
        ((string?)agent["databasePath"]).Should().Be(database);
        var usage = agent["usage"]!;
        ((int)usage["sessions"]!).Should().Be(listed.Count, "OpenClaw's own count").And.Be(CountRows(database), "session_nodes' own count");
        ((int)usage["archivedSessions"]!).Should().Be(1);
        usage["missingTranscripts"].Should().BeNull("transcripts are database rows in era C");
        Count(usage, "cron-run").Should().Be(2);
        Count(usage, "subagent").Should().Be(1);
        Count(usage, "main").Should().Be(1);
        var databaseJson = usage["database"]!;
        ((long)databaseJson["main"]!).Should().Be(Length(database));
        ((long)databaseJson["wal"]!).Should().Be(Length(database + "-wal"));
        ((long)databaseJson["shm"]!).Should().Be(Length(database + "-shm"));
        ((long)databaseJson["bytes"]!).Should().Be(Length(database) + Length(database + "-wal") + Length(database + "-shm"));
        var imported = Directory.GetFiles(importArchive, "*", SearchOption.AllDirectories);
        imported.Should().NotBeEmpty("doctor --fix moved the legacy store and its transcripts aside");
        Tally(usage, "importArchive").Should().Be((imported.Length, imported.Sum(Length)));
        Archives(usage).Should().BeEquivalentTo(new Dictionary<string, (int, long)> { ["deleted/openclaw"] = (1, 4321) });
        Tally(usage, "sessionsDirectory").Should().Be(OnDisk(sessionsDir));
        agent["commands"]!.AsArray().Select(c => (string)c!["command"]!).Should().Contain($"OPENCLAW_STATE_DIR={sandbox.StateDir} openclaw update cleanup --dry-run");

        // The gateway running: a delete through it exports the transcript beside the sessions; report counts it as OpenClaw's.
        await using var gateway = await sandbox.StartGatewayAsync(TimeSpan.FromMinutes(15));
        var deleted = await sandbox.OpenClawAsync(["sessions", "delete", "agent:main:dashboard:ancient", "--agent", Agent, "--yes", "--json"], TimeSpan.FromMinutes(3));
        deleted.ExitCode.Should().Be(0, deleted.Describe());
        var (after, afterListing) = await OpenClawListing.ListAsync(sandbox, Agent);
        after.Should().HaveCount(Sessions.Length - 1, afterListing.Describe());
        var export = Directory.GetFiles(sessionsDir).Where(f => f != oldArchive).Should().ContainSingle("the gateway exported the deleted transcript:\n" + string.Join("\n", Directory.GetFiles(sessionsDir))).Subject;
        Path.GetFileName(export).Should().MatchRegex(@"^[0-9a-f-]{36}\.jsonl\.deleted\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z\.[0-9a-f]{32}\.zst$");

        var online = await ReportAsync(sandbox);
        var onlineUsage = online["agents"]![0]!["usage"]!;
        ((int)onlineUsage["sessions"]!).Should().Be(after.Count);
        Archives(onlineUsage).Should().BeEquivalentTo(new Dictionary<string, (int, long)> { ["deleted/openclaw"] = (2, 4321 + Length(export)) });
        Tally(onlineUsage, "sessionsDirectory").Should().Be(OnDisk(sessionsDir));
    }

    private static async Task<JsonObject> ReportAsync(OpenClawSandbox sandbox)
    {
        var result = await sandbox.RunBinAsync("session-closer", ["report", "--json", "--agent", Agent, "--state-dir", sandbox.StateDir]);
        result.ExitCode.Should().Be(0, result.Describe());
        return (JsonObject)result.Json();
    }

    /// <summary><c>COUNT(*)</c> of <c>session_nodes</c>, read from a copy (database and WAL) so the real files are never opened by this test.</summary>
    private static int CountRows(string database)
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("sc-report-db-").FullName, "copy.sqlite");
        try
        {
            File.Copy(database, copy);
            if (File.Exists(database + "-wal"))
            {
                File.Copy(database + "-wal", copy + "-wal");
            }

            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM session_nodes";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    private static int Count(JsonNode usage, string kind) =>
        usage["byKindAndAge"]!.AsArray().Where(g => (string?)g!["kind"] == kind).Sum(g => (int)g!["count"]!);

    private static (int Count, long Bytes) Tally(JsonNode usage, string name) => ((int)usage[name]!["count"]!, (long)usage[name]!["bytes"]!);

    private static Dictionary<string, (int, long)> Archives(JsonNode usage) =>
        usage["archives"]!.AsArray().ToDictionary(a => $"{(string)a!["reason"]!}/{(string)a["maker"]!}", a => ((int)a!["count"]!, (long)a["bytes"]!));

    private static (int, long) OnDisk(string directory)
    {
        var files = new DirectoryInfo(directory).GetFiles("*", SearchOption.AllDirectories);
        return (files.Length, files.Sum(f => f.Length));
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
