using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Listing;
using SessionCloser.Operations;
using SessionCloser.Tests.Fixtures;

namespace SessionCloser.Tests.Database;

/// <summary><c>list</c> in era C with no gateway: every row of the agent's database, read-only, with the archive filters.</summary>
public sealed class DatabaseListTests : IDisposable
{
    private const long Now = 1_796_183_219_550;
    private const long Day = 86_400_000;

    private readonly TempDir _root = new();

    public DatabaseListTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        FixtureDatabase.Create(DatabasePath,
        [
            new("agent:project-lead:main", "s-main", Now),
            new("agent:project-lead:cron:nightly:run:r1", "s-run", Now - Day),
            new("agent:project-lead:dashboard:shelved", "s-shelved", Now - (30 * Day), ArchivedAt: Now - Day, Label: "Shelved"),
            new("agent:project-lead:dashboard:pinned", "s-pinned", Now - (2 * Day), PinnedAt: Now - Day),
        ]);
    }

    private string DatabasePath => Path.Join(_root.Path, "agents", "project-lead", "agent", "openclaw-agent.sqlite");

    private OperationContext Context => new(
        new OpenClawEnvironment(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = _root.Path,
                ["OPENCLAW_STATE_DIR"] = _root.Path,
                ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9", // nothing listens: the database alone
            },
            osHomeDirectory: _root.Path,
            currentDirectory: _root.Path),
        TimeProvider.System);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Without_a_gateway_list_reads_every_session_from_the_database()
    {
        var report = await ListOperation.RunAsync(Context, new ListOptions(), TestContext.Current.CancellationToken);

        report.Source.Should().Be(ListSource.Database);
        report.Path.Should().Be(DatabasePath);
        report.GatewayUrl.Should().BeNull();
        report.SchemaVersion.Should().Be(23);
        var rows = report.Stores.Should().ContainSingle().Which.Sessions;
        rows.Select(row => row.Key).Should().Equal(
            "agent:project-lead:main", "agent:project-lead:cron:nightly:run:r1", "agent:project-lead:dashboard:pinned", "agent:project-lead:dashboard:shelved");
        rows[0].Flags.Should().Be(SessionMarks.Protected);
        rows[1].DisplayKind.Should().Be("cron");
        rows[2].Flags.Should().Be(SessionMarks.Pinned);
        rows[3].Should().Match<ListedSession>(row => row.Archived && row.ArchivedAt == Now - Day && row.Label == "Shelved" && row.SessionId == "s-shelved");
        rows.Should().OnlyContain(row => row.EntryJson != null && row.Problems.Count == 0);
    }

    [Fact]
    public async Task Archived_and_active_filters_split_the_list()
    {
        var archived = await ListOperation.RunAsync(Context, new ListOptions { Archive = ArchiveFilter.ArchivedOnly }, TestContext.Current.CancellationToken);
        var active = await ListOperation.RunAsync(Context, new ListOptions { Archive = ArchiveFilter.ActiveOnly }, TestContext.Current.CancellationToken);

        archived.AllSessions.Select(row => row.Key).Should().Equal("agent:project-lead:dashboard:shelved");
        active.AllSessions.Select(row => row.Key).Should().HaveCount(3).And.NotContain("agent:project-lead:dashboard:shelved");
    }
}
