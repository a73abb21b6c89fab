using System.Security.Cryptography;
using AwesomeAssertions;
using Microsoft.Data.Sqlite;
using SessionCloser.Database;
using SessionCloser.Errors;
using SessionCloser.Tests.Fixtures;

namespace SessionCloser.Tests.Database;

public sealed class AgentDatabaseTests : IDisposable
{
    private const long Now = 1_796_183_219_550;
    private const long Day = 86_400_000;

    private static readonly FixtureRow[] Rows =
    [
        new("agent:main:subagent:old", "22222222-2222-4222-8222-222222222222", Now - (40 * Day)),
        new("agent:main:main", "11111111-1111-4111-8111-111111111111", Now, Label: "the main", PinnedAt: Now - Day),
        new("agent:main:cron:job1:run:r1", "33333333-3333-4333-8333-333333333333", Now - Day, Status: "done"),
        new("agent:main:dashboard:x", "44444444-4444-4444-8444-444444444444", Now - (5 * Day), ArchivedAt: Now - Day, DisplayName: "Dash"),
        new("agent:main:dashboard:a", "55555555-5555-4555-8555-555555555555", Now - (5 * Day)),
    ];

    private readonly TempDir _dir = new();

    private string DbPath => _dir.Sub("openclaw-agent.sqlite");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_every_row_newest_first_then_by_key_with_its_columns()
    {
        FixtureDatabase.Create(DbPath, Rows);

        using var database = AgentDatabase.OpenReadOnly(DbPath);
        database.SchemaVersion.Should().Be(23);
        database.AppVersion.Should().Be("2026.9.6");
        database.MainKey.Should().Be("main");
        database.Path.Should().Be(DbPath);
        var sessions = database.ReadSessions();

        sessions.Select(session => session.Key).Should().Equal(
            "agent:main:main", "agent:main:cron:job1:run:r1", "agent:main:dashboard:a", "agent:main:dashboard:x", "agent:main:subagent:old");
        var archived = sessions.Single(session => session.Key == "agent:main:dashboard:x");
        archived.Archived.Should().BeTrue();
        archived.ArchivedAt.Should().Be(Now - Day);
        archived.DisplayName.Should().Be("Dash");
        archived.SessionId.Should().Be("44444444-4444-4444-8444-444444444444");
        var main = sessions[0];
        main.Label.Should().Be("the main");
        main.Pinned.Should().BeTrue();
        main.Archived.Should().BeFalse();
        main.UpdatedAt.Should().Be(Now);
        main.EntryJson.Should().Contain("\"the main\"");
        sessions[1].Status.Should().Be("done");
        sessions.Should().OnlyContain(session => session.IsServedByOpenClaw);
    }

    [Fact]
    public void Transcript_bytes_of_many_sessions_read_in_one_query_equal_the_sum_of_each_read_alone()
    {
        FixtureDatabase.Create(DbPath, Rows);
        // Ids a JSON array must escape (quote, backslash, a control character) and ones it would escape as surrogate pairs.
        string[] ids = ["sid-a", "sid \"quoted\" \\ back\u0001", "sid-é", "sid-😀", "sid-b"];
        using (var connection = new SqliteConnection(FixtureDatabase.Writer(DbPath)))
        {
            connection.Open();
            for (var i = 0; i < ids.Length; i++)
            {
                FixtureDatabase.Execute(connection, "INSERT INTO session_windows (session_id, session_key, created_at, updated_at) VALUES ($id, $key, 1, 1)", null, ("$id", ids[i]), ("$key", Rows[i].Key));
                for (var seq = 0; seq <= i; seq++)
                {
                    FixtureDatabase.Execute(connection, "INSERT INTO transcript_events (session_id, seq, event_json, created_at) VALUES ($id, $seq, $json, 1)", null, ("$id", ids[i]), ("$seq", seq), ("$json", $"{{\"n\":\"{i}-{seq}\",\"t\":\"é\"}}"));
                }
            }

            FixtureDatabase.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        using var database = AgentDatabase.OpenReadOnly(DbPath);
        var alone = ids.Select(id => database.TranscriptBytes([id])).ToList();
        alone.Should().OnlyContain(bytes => bytes > 0, "every id has events of its own");
        alone[0].Should().Be("""{"n":"0-0","t":"é"}""".Length + 2, "one event: its UTF-8 bytes (é is two) and a newline");

        database.TranscriptBytes([.. ids, "sid-a", "no-such-session"]).Should().Be(alone.Sum(), "each session once, an unknown one 0");
        database.TranscriptBytes(["no-such-session"]).Should().Be(0);
        database.TranscriptBytes([]).Should().Be(0);
    }

    [Fact]
    public void A_row_whose_entry_json_disagrees_with_its_columns_is_marked_as_one_OpenClaw_would_not_serve()
    {
        FixtureDatabase.Create(DbPath,
        [
            new("agent:main:a", "aaaa", Now) { EntryJson = """{"sessionId":"bbbb","updatedAt":1796183219550}""" },
            new("agent:main:b", "cccc", Now) { EntryJson = """{"sessionId":"cccc","updatedAt":1}""" },
            new("agent:main:c", "dddd", Now) { EntryJson = "[]" },
            new("agent:main:d", "eeee", Now),
        ]);

        using var database = AgentDatabase.OpenReadOnly(DbPath);
        database.ReadSessions().ToDictionary(session => session.Key, session => session.IsServedByOpenClaw).Should().Equal(new Dictionary<string, bool>
        {
            ["agent:main:a"] = false,
            ["agent:main:b"] = false,
            ["agent:main:c"] = false,
            ["agent:main:d"] = true,
        });
    }

    [Fact]
    public void An_unknown_schema_version_is_refused_naming_the_file_the_version_found_the_one_known_and_the_writer()
    {
        FixtureDatabase.Create(DbPath, Rows, userVersion: 24, appVersion: "2026.10.1");

        var refusal = Refusal(DbPath);

        refusal.Message.Should().Contain(DbPath).And.Contain("agent schema 24").And.Contain("23").And.Contain("2026.10.1");
    }

    [Fact]
    public void Version_markers_that_disagree_are_refused_as_an_unfinished_migration()
    {
        FixtureDatabase.Create(DbPath, Rows, userVersion: 23, metaVersion: 22);

        Refusal(DbPath).Message.Should().Contain("user_version").And.Contain("schema_meta").And.Contain("doctor --fix");
    }

    [Fact]
    public void A_database_without_session_tables_is_refused()
    {
        FixtureDatabase.Create(DbPath, Rows, userVersion: 2, sessionTables: false);

        Refusal(DbPath).Message.Should().Contain(DbPath).And.Contain("no session tables").And.Contain("session_nodes").And.Contain("session_key_contract");
    }

    [Fact]
    public void An_empty_database_file_is_refused()
    {
        File.WriteAllBytes(DbPath, []);

        Refusal(DbPath).Message.Should().Contain(DbPath).And.Contain("empty SQLite database");
    }

    [Fact]
    public void A_file_that_is_not_SQLite_is_refused()
    {
        File.WriteAllText(DbPath, "{\"agent:main:main\": {}}\n" + new string('x', 5000));

        Refusal(DbPath).Message.Should().Contain(DbPath).And.Contain("not a SQLite database");
    }

    [Fact]
    public void A_database_with_damaged_pages_is_refused()
    {
        FixtureDatabase.Create(DbPath, Rows);
        var bytes = File.ReadAllBytes(DbPath);
        RandomNumberGenerator.Fill(bytes.AsSpan(100, 4000)); // page 1 past the header: sqlite_master's b-tree
        File.WriteAllBytes(DbPath, bytes);

        Refusal(DbPath).Message.Should().Contain(DbPath).And.Match(message => message.Contains("damaged", StringComparison.Ordinal) || message.Contains("not a SQLite database", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        Refusal(DbPath).Message.Should().Contain(DbPath).And.Contain("no agent database");
        File.Exists(DbPath).Should().BeFalse("a read never creates the database");
    }

    [Fact]
    public void Committed_rows_that_are_only_in_the_wal_are_read_and_nothing_on_disk_changes()
    {
        FixtureDatabase.Create(DbPath, Rows.Take(1));
        using (var writer = new SqliteConnection(FixtureDatabase.Writer(DbPath)))
        {
            writer.Open();
            _ = SQLitePCL.raw.sqlite3_db_config(writer.Handle, 1006, 1, out _); // no checkpoint on close: the rows stay in the -wal
            FixtureDatabase.Execute(writer, "PRAGMA wal_autocheckpoint = 0");
            FixtureDatabase.Insert(writer, Rows.Skip(1));
        }

        new FileInfo(DbPath + "-wal").Length.Should().BeGreaterThan(0);
        var before = Snapshot();

        using (var database = AgentDatabase.OpenReadOnly(DbPath))
        {
            database.ReadSessions().Should().HaveCount(Rows.Length);
        }

        Snapshot().Should().Equal(before, "the .sqlite and -wal are byte for byte as they were (SQLite may move read marks in the -shm, as OpenClaw's readers do)");
    }

    [Fact]
    public void Reading_a_checkpointed_database_leaves_its_bytes_alone()
    {
        FixtureDatabase.Create(DbPath, Rows);
        File.Delete(DbPath + "-wal");
        File.Delete(DbPath + "-shm");
        var before = File.ReadAllBytes(DbPath);

        using (var database = AgentDatabase.OpenReadOnly(DbPath))
        {
            database.ReadSessions().Should().HaveCount(Rows.Length);
        }

        File.ReadAllBytes(DbPath).Should().Equal(before);

        // Like OpenClaw's own offline read (docs/openclaw-facts.md): SQLite opens the WAL index, creating an empty -wal.
        if (File.Exists(DbPath + "-wal"))
        {
            new FileInfo(DbPath + "-wal").Length.Should().Be(0);
        }
    }

    [Fact]
    public void A_live_writer_in_a_write_transaction_does_not_block_the_read_and_its_uncommitted_row_is_not_seen()
    {
        FixtureDatabase.Create(DbPath, Rows);
        using var writer = new SqliteConnection(FixtureDatabase.Writer(DbPath));
        writer.Open();
        using var transaction = writer.BeginTransaction(deferred: false);
        FixtureDatabase.Insert(writer, [new FixtureRow("agent:main:uncommitted", "ffff", Now + 1)], transaction);

        using (var database = AgentDatabase.OpenReadOnly(DbPath))
        {
            database.ReadSessions().Select(session => session.Key).Should().NotContain("agent:main:uncommitted").And.HaveCount(Rows.Length);
        }

        transaction.Commit();
        using var after = AgentDatabase.OpenReadOnly(DbPath);
        after.ReadSessions().Select(session => session.Key).Should().Contain("agent:main:uncommitted");
    }

    [Fact]
    public void A_database_locked_longer_than_the_wait_is_refused_as_locked()
    {
        using var writer = ExclusiveWriter();

        var refusal = FluentActions.Invoking(() => AgentDatabase.OpenReadOnly(DbPath, TimeSpan.FromSeconds(1))).Should().Throw<SessionCloserException>().Which;

        refusal.ExitCode.Should().Be(ExitCode.StoreError);
        refusal.Message.Should().Contain(DbPath).And.Contain("locked");
    }

    [Fact]
    public async Task A_read_waits_for_a_lock_to_be_released_instead_of_failing()
    {
        var writer = ExclusiveWriter();
        var read = Task.Run(() =>
        {
            using var database = AgentDatabase.OpenReadOnly(DbPath, TimeSpan.FromMinutes(5));
            return database.ReadSessions().Count;
        });
        await Task.Delay(200, TestContext.Current.CancellationToken); // whether or not the read started waiting yet, it must end with the rows
        writer.Dispose();

        (await read.WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken)).Should().Be(Rows.Length);
    }

    /// <summary>A writer that keeps every reader out: exclusive locking mode with a write pending in rollback-journal mode.</summary>
    private SqliteConnection ExclusiveWriter()
    {
        FixtureDatabase.Create(DbPath, Rows);
        var writer = new SqliteConnection(FixtureDatabase.Writer(DbPath));
        writer.Open();
        FixtureDatabase.Execute(writer, "PRAGMA journal_mode = DELETE");
        FixtureDatabase.Execute(writer, "PRAGMA locking_mode = EXCLUSIVE");
        FixtureDatabase.Execute(writer, "BEGIN EXCLUSIVE");
        FixtureDatabase.Execute(writer, "UPDATE session_key_contract SET updated_at = 2");
        return writer;
    }

    private static SessionCloserException Refusal(string path)
    {
        var refusal = FluentActions.Invoking(() => AgentDatabase.OpenReadOnly(path, TimeSpan.FromSeconds(30))).Should().Throw<SessionCloserException>().Which;
        refusal.ExitCode.Should().Be(ExitCode.StoreError);
        return refusal;
    }

    private Dictionary<string, string> Snapshot() =>
        new[] { DbPath, DbPath + "-wal", DbPath + "-shm" }
            .Where(File.Exists)
            .ToDictionary(path => path, path => path.EndsWith("-shm", StringComparison.Ordinal) ? "present" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), StringComparer.Ordinal);
}
