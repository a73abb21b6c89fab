using System.Globalization;
using Microsoft.Data.Sqlite;
using SessionCloser.Errors;

namespace SessionCloser.Database;

/// <summary>
/// Read-only view of <c>agents/&lt;id&gt;/agent/openclaw-agent.sqlite</c> (the 2026.7.2+ agent schema with sessions).
/// Never writes: the connection is <c>Mode=ReadOnly</c> (SQLITE_OPEN_READONLY), unpooled, <c>PRAGMA query_only</c>,
/// with checkpoint-on-close off, and runs only SELECTs and read-only pragmas. A read-only connection cannot
/// checkpoint or change the journal mode; like OpenClaw's own readers, SQLite may still create an empty
/// <c>-wal</c> and the <c>-shm</c> index beside a WAL database that has none (see docs/openclaw-facts.md).
/// Every read runs in one deferred transaction, so it sees one committed snapshot (committed rows still only in the
/// <c>-wal</c> included). A busy or locked database (a writer in its exclusive phase, a WAL recovery) is waited for.
/// </summary>
internal sealed partial class AgentDatabase : IDisposable
{
    /// <summary>Agent schema versions whose <c>session_nodes</c>, <c>schema_meta</c> and <c>session_key_contract</c> were checked.</summary>
    public static readonly IReadOnlyList<int> KnownSchemaVersions = [23];

    /// <summary>Generous: a gateway's write (its maintenance included) can hold a lock for minutes on a loaded host.</summary>
    public static readonly TimeSpan DefaultBusyWait = TimeSpan.FromMinutes(3);

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int DbConfigNoCheckpointOnClose = 1006;

    private static readonly string[] RequiredTables = ["schema_meta", "session_key_contract", "session_nodes"];

    private static readonly Lazy<bool> Initialized = new(() =>
    {
        // Explicit, so trimming never drops the bundle's provider (it is otherwise found by reflection).
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly SqliteConnection _connection;
    private readonly TimeSpan _busyWait;

    /// <summary>The database stores text as UTF-8 (OpenClaw's always do): a column's bytes are its text.</summary>
    private bool _utf8 = true;

    private AgentDatabase(string path, SqliteConnection connection, TimeSpan busyWait)
    {
        Path = path;
        _connection = connection;
        _busyWait = busyWait;
    }

    public string Path { get; }

    /// <summary><c>PRAGMA user_version</c>, equal to <c>schema_meta.schema_version</c> (checked on open).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary><c>schema_meta.app_version</c>: the OpenClaw build that last wrote the schema, e.g. "2026.9.6".</summary>
    public string? AppVersion { get; private set; }

    /// <summary><c>schema_meta.agent_id</c>.</summary>
    public string? AgentId { get; private set; }

    /// <summary><c>session_key_contract.main_key</c> (e.g. "main"), null before OpenClaw wrote the contract.</summary>
    public string? MainKey { get; private set; }

    /// <summary>Opens <paramref name="path"/> read-only and checks it is an agent database of a known schema.</summary>
    /// <exception cref="SessionCloserException">Exit code <see cref="ExitCode.StoreError"/>, naming the file: missing, not a
    /// database, no session tables, an unknown schema version, or locked longer than the wait.</exception>
    public static AgentDatabase OpenReadOnly(string path) => OpenReadOnly(path, DefaultBusyWait);

    internal static AgentDatabase OpenReadOnly(string path, TimeSpan busyWait)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new SessionCloserException(ExitCode.StoreError, $"{path}: no agent database there");
        }

        _ = Initialized.Value;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyWait.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        var database = new AgentDatabase(path, connection, busyWait);
        try
        {
            database.Run(() =>
            {
                connection.Open();
                _ = SQLitePCL.raw.sqlite3_db_config(connection.Handle, DbConfigNoCheckpointOnClose, 1, out _);
                database.Execute("PRAGMA query_only = 1");
                database.Execute("PRAGMA busy_timeout = " + ((long)busyWait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
                database.ReadSchema();
            });
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every row of <c>session_nodes</c>, newest <c>updated_at</c> first, then by key, from one snapshot: one prepared
    /// statement, the columns read need, <c>entry_json</c> taken as bytes and read in one pass (<see cref="DatabaseSession"/>).
    /// </summary>
    public IReadOnlyList<DatabaseSession> ReadSessions()
    {
        var sessions = new List<DatabaseSession>();
        ForEachSession(sessions.Add);
        return sessions;
    }

    /// <summary>
    /// The rows <see cref="ReadSessions"/> returns, in its order and from one snapshot, each handed to
    /// <paramref name="visit"/> as it is read and kept by no one else: what <c>report</c> adds up without holding them.
    /// </summary>
    public void ForEachSession(Action<DatabaseSession> visit) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(visit);
        using var transaction = _connection.BeginTransaction(deferred: true);
        using var command = Command(
            "SELECT session_key, current_session_id, updated_at, archived_at, pinned_at, status, label, display_name, entry_json " +
            "FROM session_nodes ORDER BY updated_at DESC, session_key");
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            visit(new DatabaseSession(
                Text(reader, 0),
                Text(reader, 1),
                reader.GetInt64(2),
                OptionalInteger(reader, 3),
                OptionalInteger(reader, 4),
                OptionalText(reader, 5),
                OptionalText(reader, 6),
                OptionalText(reader, 7),
                EntryBytes(reader, 8, _utf8)));
        }
    });

    /// <summary>
    /// A TEXT column's bytes (entry_json is TEXT in a STRICT table; SQLite hands out a UTF-8 database's text as stored), exactly the UTF-8 that
    /// reading it as a string and encoding that again gives: bytes that are not UTF-8 become U+FFFD as the string would.
    /// </summary>
    internal static byte[] EntryBytes(SqliteDataReader reader, int column, bool utf8Database)
    {
        if (!utf8Database)
        {
            return System.Text.Encoding.UTF8.GetBytes(reader.GetString(column));
        }

        var bytes = reader.GetFieldValue<byte[]>(column);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? bytes : System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes));
    }

    public void Dispose() => _connection.Dispose();

    private void ReadSchema()
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        using (var command = Command("SELECT name FROM sqlite_master WHERE type = 'table'"))
        {
            command.Transaction = transaction;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var missing = RequiredTables.Where(table => !tables.Contains(table)).ToList();
        if (missing.Count == RequiredTables.Length && tables.Count == 0)
        {
            throw Refusal("is an empty SQLite database, not an OpenClaw agent database");
        }

        if (missing.Count > 0)
        {
            throw Refusal($"has no session tables ({string.Join(", ", missing)} missing): not an OpenClaw agent database with sessions (2026.7.2 or later)");
        }

        var userVersion = Convert.ToInt32(Scalar("PRAGMA user_version", transaction), CultureInfo.InvariantCulture);
        using (var command = Command("SELECT schema_version, app_version, agent_id FROM schema_meta WHERE meta_key = 'primary'"))
        {
            command.Transaction = transaction;
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                AppVersion = OptionalText(reader, 1);
                AgentId = OptionalText(reader, 2);
                var metaVersion = reader.GetInt64(0);
                if (metaVersion != userVersion)
                {
                    throw Refusal($"has agent schema {userVersion.ToString(CultureInfo.InvariantCulture)} in PRAGMA user_version but {metaVersion.ToString(CultureInfo.InvariantCulture)} in schema_meta{WrittenBy()}: OpenClaw has not finished migrating it; run `openclaw doctor --fix` with the OpenClaw that wrote it");
                }
            }
        }

        SchemaVersion = userVersion;
        _utf8 = Scalar("PRAGMA encoding", transaction) is "UTF-8";
        if (!KnownSchemaVersions.Contains(userVersion))
        {
            var known = string.Join(", ", KnownSchemaVersions.Select(version => version.ToString(CultureInfo.InvariantCulture)));
            throw Refusal($"has agent schema {userVersion.ToString(CultureInfo.InvariantCulture)}{WrittenBy()}; session-closer reads agent schema {known} (OpenClaw 2026.9.6) and will not guess at another");
        }

        if (Scalar("SELECT main_key FROM session_key_contract WHERE id = 1", transaction) is string mainKey)
        {
            MainKey = mainKey;
        }
    }

    private string WrittenBy() => AppVersion is null ? " (no app_version in schema_meta)" : $" (written by OpenClaw {AppVersion})";

    private SessionCloserException Refusal(string problem) => new(ExitCode.StoreError, $"{Path} {problem}");

    /// <summary>Runs a read, turning SQLite's failures into messages that name the file.</summary>
    private T Run<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
        catch (InvalidCastException e)
        {
            throw new SessionCloserException(ExitCode.StoreError, $"{Path}: a session row holds a value of an unexpected type ({e.Message})", e);
        }
    }

    private void Run(Action read) => Run(() =>
    {
        read();
        return true;
    });

    private SessionCloserException Translate(SqliteException e) => (e.SqliteErrorCode & 0xff) switch
    {
        SqliteNotADatabase => new SessionCloserException(ExitCode.StoreError, $"{Path} is not a SQLite database (or is encrypted): {e.Message}", e),
        SqliteCorrupt => new SessionCloserException(ExitCode.StoreError, $"{Path} is damaged (SQLite reports corruption): {e.Message}; `openclaw doctor` can check it", e),
        SqliteBusy or SqliteLocked => new SessionCloserException(ExitCode.StoreError, $"{Path} stayed locked for more than {_busyWait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (a writer holds it); nothing was read, try again", e),
        SqliteCantOpen => new SessionCloserException(ExitCode.StoreError, $"{Path} cannot be opened for reading: {e.Message}", e),
        _ => new SessionCloserException(ExitCode.StoreError, $"{Path} could not be read: {e.Message}", e),
    };

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(_busyWait.TotalSeconds));
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction transaction)
    {
        using var command = Command(sql);
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private static string Text(SqliteDataReader reader, int column) => reader.GetString(column);

    private static string? OptionalText(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static long? OptionalInteger(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);
}
