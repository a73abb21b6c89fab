using System.Globalization;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Data.Sqlite;
using SessionCloser.Database;
using SessionCloser.Store;
using SessionCloser.Tests.Fixtures;

namespace SessionCloser.Tests.Database;

/// <summary>
/// <see cref="AgentDatabase.ReadSessions"/> takes entry_json as bytes and reads it once. It must say exactly what the
/// earlier three passes said (the column as a string; JsonDocument for whether OpenClaw serves the row; the string
/// encoded again and read for its fields), on rows OpenClaw writes and on every odd entry_json a database can hold.
/// </summary>
public sealed class SinglePassRowReaderTests : IDisposable
{
    private const long Now = 1_796_183_219_550;

    private readonly TempDir _dir = new();

    private string DbPath => _dir.Sub("openclaw-agent.sqlite");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Generated_rows_read_in_one_pass_say_what_the_three_passes_said()
    {
        var rows = GeneratedRows(new Random(13), 600).ToList();
        FixtureDatabase.Create(DbPath, rows);

        AssertSameAsThreePasses(expectedRows: rows.Count);
    }

    [Fact]
    public void Odd_entry_json_reads_in_one_pass_as_in_three()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));
        string[] odd =
        [
            """{"sessionId":"ID","updatedAt":UPD} """,
            """{"sessionId":"ID","updatedAt":UPD} x""",
            """{"sessionId":"ID","updatedAt":UPD}{}""",
            """{"sessionId":"ID","updatedAt":UPD,}""",
            """{"sessionId":"ID","updatedAt":UPD /* c */}""",
            """{"sessionId":"ID","updatedAt":UPD""",
            """{"sessionId":"other","sessionId":"ID","updatedAt":UPD}""",
            """{"sessionId":"ID","sessionId":"other","updatedAt":UPD}""",
            """{"sessionId":"ID","sessionId":7,"updatedAt":UPD}""",
            """{"sessionId":"ID","updatedAt":UPD,"updatedAt":"UPD"}""",
            """{"sessionId":"ID","updatedAt":"UPD"}""",
            """{"sessionId":"ID","updatedAt":UPD.0}""",
            """{"sessionId":"ID","updatedAt":UPDe0}""",
            """{"sessionId":"ID","updatedAt":1e400}""",
            """{"sessionId":"ID"}""",
            """{"updatedAt":UPD}""",
            """{"sessionId":null,"updatedAt":UPD}""",
            """{"s\u0065ssionId":"\u0049D","updatedAt":UPD,"label":"l\u00e9"}""",
            """{"sessionId":"ID","updatedAt":UPD,"label":7,"displayName":"shown","chatType":"group","spawnedBy":""}""",
            """{"sessionId":"ID","updatedAt":UPD,"spawnedBy":0,"archivedAt":"x","pinnedAt":5}""",
            """{"sessionId":"ID","updatedAt":UPD,"compactionCheckpoints":[{"preCompaction":{"sessionId":"p","sessionFile":"/x/p.jsonl"}},3]}""",
            """{"sessionId":"ID","updatedAt":UPD,"skillsSnapshot":{"promptRef":{"hash":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}}""",
            """{"sessionId":"ID","updatedAt":UPD,"x":""" + Nested(62) + "}",
            """{"sessionId":"ID","updatedAt":UPD,"x":""" + Nested(63) + "}",
            """{"sessionId":"ID","updatedAt":UPD,"x":""" + Nested(70) + "}",
            """{"sessionId":"ID","updatedAt":UPD,"x":""" + Nested(70) + "} junk",
            "\uFEFF{\"sessionId\":\"ID\",\"updatedAt\":UPD}",
            "  \n{\"sessionId\":\"ID\",\"updatedAt\":UPD}\n",
            "[]",
            "\"text\"",
            "42",
            "null",
            "",
            "   ",
            "{",
            "{\"sessionId\":\"ID\",\"updatedAt\":UPD,\"label\":\"a\u0000b\"}",
            "{\"sessionId\":\"ID\",\"updatedAt\":UPD}\u0000 trailing",
            """{"sessionId":"ID","updatedAt":UPD,"label":"😀 ünïcödé"}""",
            "{\"sessionId\":\"ID\",\"updatedAt\":UPD,\"systemPromptReport\":{\"text\":\"" + new string('r', 6000) + "\"}}",
        ];
        var rows = odd.Select((text, i) =>
        {
            var id = "id-" + i.ToString(CultureInfo.InvariantCulture);
            var updated = Now - i;
            return new FixtureRow($"agent:main:explicit:odd-{i}", id, updated)
            {
                EntryJson = text.Replace("UPD", updated.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("ID", id, StringComparison.Ordinal),
            };
        }).ToList();
        FixtureDatabase.Create(DbPath, rows);

        // Text that is not UTF-8 (SQLite stores it as given): a string reads each bad byte as U+FFFD.
        using (var connection = new SqliteConnection(FixtureDatabase.Writer(DbPath)))
        {
            connection.Open();
            string[] invalid =
            [
                "CAST(X'7B2273657373696F6E4964223A22696428FF29222C22757064617465644174223A317D' AS TEXT)", // {"sessionId":"id(\xff)","updatedAt":1}
                "CAST(X'7B2273657373696F6E4964223A2269642D3130222C22757064617465644174223A312C226C6162656C223A2280C0AF227D' AS TEXT)",
                "CAST(X'EFBBBF7B7D' AS TEXT)",
                "CAST(X'7B226C6162656C223A22EDA080227D' AS TEXT)", // a UTF-8-encoded lone surrogate
            ];
            foreach (var (text, i) in invalid.Select((text, i) => (text, i)))
            {
                FixtureDatabase.Execute(connection, $"UPDATE session_nodes SET entry_json = {text} WHERE session_key = 'agent:main:explicit:odd-{i}'");
            }
        }

        AssertSameAsThreePasses(expectedRows: rows.Count);
    }

    private void AssertSameAsThreePasses(int expectedRows)
    {
        var expected = ThreePasses(DbPath);
        using var database = AgentDatabase.OpenReadOnly(DbPath);
        var actual = database.ReadSessions();

        expected.Should().HaveCount(expectedRows);
        actual.Select(Describe).Should().Equal(expected);
        // Not a comparison of two empty shapes: the rows hold both served and unserved ones, objects and non-objects.
        actual.Should().Contain(row => row.IsServedByOpenClaw).And.Contain(row => !row.IsServedByOpenClaw);
    }

    /// <summary>The row as the three passes before the one-pass reader saw it (AgentDatabase.EntryMatches, DatabaseInventory.Row).</summary>
    private static List<string> ThreePasses(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT session_key, current_session_id, updated_at, archived_at, pinned_at, status, label, display_name, entry_json FROM session_nodes ORDER BY updated_at DESC, session_key";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var sessionId = reader.GetString(1);
            var updatedAt = reader.GetInt64(2);
            var entryJson = reader.GetString(8);
            var bytes = Encoding.UTF8.GetBytes(entryJson);
            rows.Add(Describe(
                reader.GetString(0),
                sessionId,
                updatedAt,
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                bytes,
                OldEntryMatches(entryJson, sessionId, updatedAt),
                OldReadEntryFields(bytes)));
        }

        return rows;
    }

    private static bool OldEntryMatches(string entryJson, string sessionId, long updatedAt)
    {
        try
        {
            using var entry = JsonDocument.Parse(entryJson);
            return entry.RootElement.ValueKind == JsonValueKind.Object
                && entry.RootElement.TryGetProperty("sessionId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == sessionId
                && entry.RootElement.TryGetProperty("updatedAt", out var updated) && updated.ValueKind == JsonValueKind.Number
                && updated.TryGetDouble(out var value) && value == updatedAt;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static EntryFields? OldReadEntryFields(byte[] entry)
    {
        var options = new JsonReaderOptions { MaxDepth = int.MaxValue };
        try
        {
            var reader = new Utf8JsonReader(entry, options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            return EntryFieldReader.Read(entry, options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(DatabaseSession row) =>
        Describe(row.Key, row.SessionId, row.UpdatedAt, row.ArchivedAt, row.PinnedAt, row.Status, row.Label, row.DisplayName, row.Entry, row.IsServedByOpenClaw, row.Fields);

    private static string Describe(string key, string sessionId, long updatedAt, long? archivedAt, long? pinnedAt, string? status, string? label, string? displayName, byte[] entry, bool served, EntryFields? fields) =>
        string.Join(" | ", key, sessionId, updatedAt, archivedAt, pinnedAt, status, label, displayName, Convert.ToHexString(entry), served, Describe(fields));

    private static string Describe(EntryFields? fields) => fields is null ? "no object" : string.Join(
        "; ",
        fields.IsObject, fields.SessionId, fields.UpdatedAt?.ToString("R", CultureInfo.InvariantCulture), fields.ArchivedAt, fields.PinnedAt, fields.SessionFile, fields.Label,
        fields.DisplayName, fields.ChatType, fields.IsSpawned, string.Join(",", fields.CheckpointFiles), string.Join(",", fields.CheckpointSessionIds), fields.PromptHash,
        string.Join(",", fields.Problems), fields.Facts);

    /// <summary>Rows as OpenClaw writes them (every kind of key, labels, archived, pinned), a fifth of them disagreeing with their columns in some way.</summary>
    private static IEnumerable<FixtureRow> GeneratedRows(Random random, int count)
    {
        string[] rests = ["main", "cron:job{0}:run:r{0}", "subagent:s{0}", "dashboard:d{0}", "explicit:e{0}", "direct:u{0}", "telegram:group:g{0}", "hook:h{0}", "acp:a{0}"];
        for (var i = 0; i < count; i++)
        {
            var rest = i > 0 && i % rests.Length == 0 ? $"explicit:x{i}" : string.Format(CultureInfo.InvariantCulture, rests[i % rests.Length], i);
            var id = Guid.NewGuid().ToString();
            var updated = Now - random.NextInt64(0, 90L * 86_400_000);
            var entry = new System.Text.Json.Nodes.JsonObject { ["sessionId"] = id, ["updatedAt"] = updated };
            var label = random.Next(3) == 0 ? "label " + i.ToString(CultureInfo.InvariantCulture) : null;
            if (random.Next(2) == 0 && label is not null)
            {
                entry["label"] = label;
            }

            if (random.Next(4) == 0)
            {
                entry["chatType"] = random.Next(2) == 0 ? "group" : "direct";
            }

            if (rest.StartsWith("subagent:", StringComparison.Ordinal))
            {
                entry["spawnedBy"] = "agent:main:main";
                entry["spawnDepth"] = 1;
            }

            entry["delivery"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "none" };
            var text = entry.ToJsonString();
            switch (random.Next(10))
            {
                case 0:
                    text = text.Replace(id, Guid.NewGuid().ToString(), StringComparison.Ordinal);
                    break;
                case 1:
                    text = text.Replace(updated.ToString(CultureInfo.InvariantCulture), (updated + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                    break;
                default:
                    break;
            }

            yield return new FixtureRow($"agent:main:{rest}", id, updated, ArchivedAt: random.Next(8) == 0 ? updated + 1 : null, PinnedAt: random.Next(20) == 0 ? updated : null, Status: random.Next(6) == 0 ? "done" : null, Label: random.Next(2) == 0 ? label : null, DisplayName: random.Next(5) == 0 ? "Shown" : null)
            {
                EntryJson = text,
            };
        }
    }
}
