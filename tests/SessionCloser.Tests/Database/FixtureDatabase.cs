using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace SessionCloser.Tests.Database;

/// <summary>One <c>session_nodes</c> row to write into a fixture database.</summary>
internal sealed record FixtureRow(string Key, string SessionId, long UpdatedAt, long? ArchivedAt = null, long? PinnedAt = null, string? Status = null, string? Label = null, string? DisplayName = null)
{
    /// <summary>entry_json as OpenClaw writes it; by default the identity fields plus label/displayName/archivedAt.</summary>
    public string? EntryJson { get; init; }

    public string Entry()
    {
        if (EntryJson is not null)
        {
            return EntryJson;
        }

        var entry = new JsonObject { ["sessionId"] = SessionId, ["updatedAt"] = UpdatedAt };
        if (Label is not null)
        {
            entry["label"] = Label;
        }

        if (DisplayName is not null)
        {
            entry["displayName"] = DisplayName;
        }

        if (ArchivedAt is not null)
        {
            entry["archivedAt"] = ArchivedAt;
        }

        return entry.ToJsonString();
    }
}

/// <summary>
/// Builds agent databases with the schema of a real 2026.9.6 database (<c>Fixtures/openclaw-2026.9.6-agent-schema.sql</c>),
/// in WAL mode like OpenClaw's. Only tests write SQLite; session-closer only reads.
/// </summary>
internal static class FixtureDatabase
{
    public const int Schema = 23;

    private static readonly Lazy<IReadOnlyList<string>> Statements = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Database", "Fixtures", "openclaw-2026.9.6-agent-schema.sql"))
            .Split("\n;;\n")
            .Select(statement => string.Join('\n', statement.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(statement => statement.Length > 0)
            .ToList());

    /// <summary>The connection string of a writer (fixtures only): pooling off so a closed connection really closes.</summary>
    public static string Writer(string path) => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    /// <summary>
    /// A database at <paramref name="path"/> with the 2026.9.6 schema, the metadata and the rows; without
    /// <paramref name="sessionTables"/> only <c>schema_meta</c> (like an agent database from before sessions moved in).
    /// </summary>
    public static void Create(string path, IEnumerable<FixtureRow> rows, int userVersion = Schema, int? metaVersion = null, string? appVersion = "2026.9.6", bool sessionTables = true)
    {
        using var connection = new SqliteConnection(Writer(path));
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var statement in Statements.Value)
            {
                if (!sessionTables && !statement.StartsWith("CREATE TABLE schema_meta ", StringComparison.Ordinal))
                {
                    continue;
                }

                Execute(connection, statement, transaction);
            }

            Execute(connection, "INSERT INTO schema_meta (meta_key, role, schema_version, agent_id, app_version, created_at, updated_at) VALUES ('primary', 'agent', $version, 'main', $app, 1, 1)", transaction, ("$version", metaVersion ?? userVersion), ("$app", appVersion));
            if (sessionTables)
            {
                Execute(connection, "INSERT INTO session_key_contract (id, main_key, canonical_ready, updated_at) VALUES (1, 'main', NULL, 0)", transaction);
                Insert(connection, rows, transaction);
            }

            Execute(connection, "PRAGMA user_version = " + userVersion.ToString(CultureInfo.InvariantCulture), transaction);
            transaction.Commit();
        }

        // Checkpoint and close like a stopped gateway: only the .sqlite remains.
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    public static void Insert(SqliteConnection connection, IEnumerable<FixtureRow> rows, SqliteTransaction? transaction = null)
    {
        foreach (var row in rows)
        {
            Execute(
                connection,
                "INSERT INTO session_nodes (session_key, current_session_id, entry_json, updated_at, status, label, display_name, pinned_at, archived_at) " +
                "VALUES ($key, $id, $entry, $updated, $status, $label, $display, $pinned, $archived)",
                transaction,
                ("$key", row.Key),
                ("$id", row.SessionId),
                ("$entry", row.Entry()),
                ("$updated", row.UpdatedAt),
                ("$status", row.Status),
                ("$label", row.Label),
                ("$display", row.DisplayName),
                ("$pinned", row.PinnedAt),
                ("$archived", row.ArchivedAt));
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
