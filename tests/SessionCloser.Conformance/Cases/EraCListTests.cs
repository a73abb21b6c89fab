using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Issue 11: on a real 2026.9.6 state with old, archived and cron-run sessions, <c>session-closer list --json</c>
/// lists exactly what <c>openclaw sessions --json --limit all</c> lists (key for key, the same sessionIds), with the
/// gateway stopped (read-only from the database, leaving its files as OpenClaw's own offline list does) and running
/// (database plus the gateway's runs in progress); archived sessions carry <c>archived: true</c>.
/// </summary>
public sealed class EraCListTests
{
    private static readonly EraCSession[] Sessions =
    [
        new("agent:main:main", TimeSpan.FromMinutes(5), Label: "Main"),
        new("agent:main:dashboard:recent", TimeSpan.FromHours(3)),
        new("agent:main:subagent:old", TimeSpan.FromDays(40)) { Extra = new JsonObject { ["spawnedBy"] = "agent:main:main", ["spawnDepth"] = 1, ["parentSessionKey"] = "agent:main:main" } },
        new("agent:main:dashboard:ancient", TimeSpan.FromDays(90)),
        // Younger than cron.sessionRetention (24 h by default): a 9.6 gateway prunes older run sessions once it runs.
        new("agent:main:cron:nightly:run:r1", TimeSpan.FromHours(1)),
        new("agent:main:cron:nightly:run:r2", TimeSpan.FromHours(6)),
        new("agent:main:dashboard:archived", TimeSpan.FromDays(10), ArchivedAgo: TimeSpan.FromDays(2), Label: "Shelved"),
        new("agent:main:dashboard:archived-old", TimeSpan.FromDays(60), ArchivedAgo: TimeSpan.FromDays(45)),
    ];

    [Fact]
    public async Task List_equals_openclaw_sessions_with_the_gateway_stopped_and_running()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraC);
        sandbox.WriteConfig(gateway: true);
        var database = await EraCState.ImportAsync(sandbox, "main", Sessions, DateTimeOffset.UtcNow);
        var archived = Sessions.Where(session => session.ArchivedAgo is not null).Select(session => session.Key).ToHashSet(StringComparer.Ordinal);
        var expected = Sessions.ToDictionary(session => session.Key, session => (string?)session.SessionId, StringComparer.Ordinal);

        // Gateway stopped: OpenClaw reads the database itself; session-closer reads it read-only.
        var (offlineOpenClaw, offlineListing) = await OpenClawListing.ListAsync(sandbox);
        offlineOpenClaw.Should().Equal(expected, "OpenClaw lists every imported session, archived and cron runs included:\n" + offlineListing.Describe());
        var databaseBytes = Hash(database);
        var before = DirectorySnapshot.Take(sandbox.StateDir);
        var offline = await ListAsync(sandbox);
        var diff = before.DiffTo(DirectorySnapshot.Take(sandbox.StateDir));

        diff.Should().BeEmpty("after OpenClaw's own offline list, session-closer's read leaves every file as it was");
        Hash(database).Should().Be(databaseBytes);
        AssertSameAs(offline, offlineOpenClaw, archived, database, expectGateway: false);

        // Gateway running: the database read plus sessions.list.
        // 2026.9.6 validates and repairs its databases before it is ready: over 5 minutes seen at load average 30.
        await using var gateway = await sandbox.StartGatewayAsync(TimeSpan.FromMinutes(15));
        var (onlineOpenClaw, onlineListing) = await OpenClawListing.ListAsync(sandbox);
        onlineOpenClaw.Should().Equal(expected, onlineListing.Describe());
        var online = await ListAsync(sandbox);
        AssertSameAs(online, onlineOpenClaw, archived, database, expectGateway: true);

        var archivedOnly = await ListAsync(sandbox, "--archived");
        Keys(archivedOnly).Should().BeEquivalentTo(archived);
        var activeOnly = await ListAsync(sandbox, "--active");
        Keys(activeOnly).Should().BeEquivalentTo(expected.Keys.Except(archived));
    }

    private static async Task<JsonObject> ListAsync(OpenClawSandbox sandbox, params string[] extra)
    {
        var result = await sandbox.RunBinAsync("session-closer", ["list", "--json", "--agent", "main", "--state-dir", sandbox.StateDir, .. extra]);
        result.ExitCode.Should().Be(0, result.Describe());
        return (JsonObject)result.Json()!;
    }

    private static void AssertSameAs(JsonObject listing, IReadOnlyDictionary<string, string?> openClaw, HashSet<string> archived, string database, bool expectGateway)
    {
        OpenClawListing.Rows(listing).Should().Equal(openClaw, "key for key with the same sessionIds as openclaw sessions --json --limit all:\n" + listing.ToJsonString());
        ((string?)listing["path"]).Should().Be(database, "the path is the agent's database in era C");
        ((string?)listing["source"]).Should().Be(expectGateway ? "database+gateway" : "database", listing.ToJsonString());
        var rows = listing["sessions"]!.AsArray();
        rows.Where(row => (bool)row!["archived"]!).Select(row => (string)row!["key"]!).Should().BeEquivalentTo(archived);
        rows.Where(row => ((string)row!["key"]!).Contains(":cron:", StringComparison.Ordinal)).Should().OnlyContain(row => (string?)row!["kind"] == "cron");
        rows.Select(row => (double)row!["updatedAt"]!).Should().BeInDescendingOrder("newest first, as OpenClaw lists them");
    }

    private static IEnumerable<string> Keys(JsonObject listing) => listing["sessions"]!.AsArray().Select(row => (string)row!["key"]!);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
