using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Database;
using SessionCloser.Errors;
using SessionCloser.Tests.Fixtures;

namespace SessionCloser.Tests.Database;

/// <summary>A dry run's plan and maintenance forecast share one read of the agent database.</summary>
public sealed class SharedSessionReadTests : IDisposable
{
    private const long Now = 1_796_183_219_550;

    private readonly TempDir _dir = new();

    private string DbPath => _dir.Sub("openclaw-agent.sqlite");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_rows_are_read_once_and_a_later_change_of_the_database_is_not_read_again()
    {
        FixtureDatabase.Create(DbPath, [new("agent:main:main", "m", Now), new("agent:main:explicit:a", "a", Now - 1)]);
        var shared = new SharedSessionRead(DbPath);
        shared.IsRead.Should().BeFalse();

        var first = shared.Read();
        Replace([new("agent:main:explicit:other", "o", Now)]);
        var second = shared.Read();

        second.Should().BeSameAs(first);
        second.Sessions.Select(row => row.Key).Should().Equal("agent:main:main", "agent:main:explicit:a");
        second.MainKey.Should().Be("main");
        new SharedSessionRead(DbPath).Read().Sessions.Select(row => row.Key).Should().Equal("agent:main:explicit:other");
    }

    [Fact]
    public void The_catalog_of_a_request_that_carries_the_read_uses_it_and_one_that_does_not_reads_the_database()
    {
        FixtureDatabase.Create(DbPath, [new("agent:main:main", "m", Now), new("agent:main:explicit:a", "a", Now - 1)]);
        var shared = new SharedSessionRead(DbPath);
        var request = new CloseRequest { StorePath = _dir.Sub("sessions.json"), DatabasePath = DbPath, AgentId = "main", Mode = CloseMode.Close, Arguments = [], DryRun = true, DatabaseRead = shared };

        GatewayCatalog.FromDatabase(request).Sessions.Select(s => s.Key).Should().Equal("agent:main:main", "agent:main:explicit:a");
        shared.IsRead.Should().BeTrue();
        Replace([new("agent:main:explicit:other", "o", Now)]);

        GatewayCatalog.FromDatabase(request).Sessions.Select(s => s.Key).Should().Equal("agent:main:main", "agent:main:explicit:a");
        GatewayCatalog.FromDatabase(request with { DatabaseRead = null }).Sessions.Select(s => s.Key).Should().Equal("agent:main:explicit:other");
    }

    [Fact]
    public void A_read_that_fails_is_not_kept()
    {
        File.WriteAllText(DbPath, "not a database" + new string('x', 5000));
        var shared = new SharedSessionRead(DbPath);

        shared.Invoking(s => s.Read()).Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.StoreError);
        shared.IsRead.Should().BeFalse();
        File.Delete(DbPath);
        FixtureDatabase.Create(DbPath, [new("agent:main:main", "m", Now)]);

        shared.Read().Sessions.Should().ContainSingle().Which.Key.Should().Be("agent:main:main");
    }

    private void Replace(IEnumerable<FixtureRow> rows)
    {
        foreach (var file in Directory.GetFiles(_dir.Path, "openclaw-agent.sqlite*"))
        {
            File.Delete(file);
        }

        FixtureDatabase.Create(DbPath, rows);
    }
}
