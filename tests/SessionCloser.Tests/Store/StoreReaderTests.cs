using System.Globalization;
using System.Text;
using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.Store;

namespace SessionCloser.Tests.Store;

public class StoreReaderTests
{
    private const string Canonical = """
        {
          "agent:project-lead:acme": {
            "sessionId": "3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10",
            "updatedAt": 1776061122123,
            "sessionFile": "/home/u/.openclaw/agents/project-lead/sessions/3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10.jsonl",
            "label": "Acme — 発売 🚀",
            "compactionCheckpoints": [
              {
                "checkpointId": "c1",
                "preCompaction": {
                  "sessionId": "3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10",
                  "sessionFile": "3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10.checkpoint.11111111-2222-4333-8444-555555555555.jsonl"
                },
                "postCompaction": {
                  "sessionId": "7d1c0000-0000-4000-8000-000000000001"
                }
              }
            ],
            "skillsSnapshot": {
              "promptRef": {
                "version": 1,
                "algorithm": "sha256",
                "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "bytes": 600
              }
            }
          },
          "agent:project-lead:main": {
            "sessionId": "a0000000-0000-4000-8000-000000000000",
            "updatedAt": 1776000000000
          }
        }
        """;

    private static SessionStoreSnapshot Parse(string text) => StoreReader.Parse(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")), "/s/sessions.json");

    [Fact]
    public void Reads_every_entry_with_the_fields_closing_needs()
    {
        var store = Parse(Canonical);

        store.Entries.Select(e => e.Key).Should().Equal("agent:project-lead:acme", "agent:project-lead:main");
        var acme = store.Entries[0].Fields;
        acme.SessionId.Should().Be("3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10");
        acme.UpdatedAt.Should().Be(1776061122123);
        acme.SessionFile.Should().EndWith("3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10.jsonl");
        acme.Label.Should().Be("Acme — 発売 🚀");
        acme.CheckpointFiles.Should().Equal("3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10.checkpoint.11111111-2222-4333-8444-555555555555.jsonl");
        acme.CheckpointSessionIds.Should().Equal("3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10", "7d1c0000-0000-4000-8000-000000000001");
        acme.PromptHash.Should().Be("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        acme.Problems.Should().BeEmpty();
        store.Entries[1].Fields.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Spans_point_at_the_exact_key_and_value_bytes()
    {
        var store = Parse(Canonical);
        var bytes = store.Bytes.Span;

        var main = store.Entries[1];
        Encoding.UTF8.GetString(main.KeyToken.Of(bytes)).Should().Be("\"agent:project-lead:main\"");
        Encoding.UTF8.GetString(main.Value.Of(bytes)).Should().Be("{\n    \"sessionId\": \"a0000000-0000-4000-8000-000000000000\",\n    \"updatedAt\": 1776000000000\n  }");
        Encoding.UTF8.GetString(main.Member.Of(bytes)).Should().StartWith("\"agent:project-lead:main\": {");
    }

    [Fact]
    public void A_store_in_OpenClaw_layout_composes_back_to_identical_bytes()
    {
        var store = Parse(Canonical);

        store.HasOpenClawLayout.Should().BeTrue();
        StoreWriter.Compose(store, store.Entries).Should().Equal(store.Bytes.ToArray());
    }

    [Fact]
    public void Dropping_entries_frames_the_rest_like_JSON_stringify()
    {
        var store = Parse(Canonical);

        Encoding.UTF8.GetString(StoreWriter.Compose(store, store.Entries.Skip(1)))
            .Should().Be("{\n  \"agent:project-lead:main\": {\n    \"sessionId\": \"a0000000-0000-4000-8000-000000000000\",\n    \"updatedAt\": 1776000000000\n  }\n}");
        StoreWriter.Compose(store, []).Should().Equal("{}"u8.ToArray());
    }

    [Fact]
    public void A_compact_store_keeps_its_values_verbatim_and_gets_OpenClaw_framing()
    {
        var store = Parse("""{"b":{"sessionId":"x","updatedAt":1},"a":{"sessionId":"y","updatedAt":2.50}}""");

        store.HasOpenClawLayout.Should().BeFalse();
        Encoding.UTF8.GetString(StoreWriter.Compose(store, store.Entries))
            .Should().Be("{\n  \"b\": {\"sessionId\":\"x\",\"updatedAt\":1},\n  \"a\": {\"sessionId\":\"y\",\"updatedAt\":2.50}\n}");
    }

    [Fact]
    public void Integer_like_keys_come_first_in_ascending_order_as_in_JavaScript()
    {
        var store = Parse("""{"b":1,"10":2,"a":3,"2":4,"01":5,"4294967295":6,"4294967294":7}""");

        StoreWriter.Compose(store, store.Entries).Should().Equal(Encoding.UTF8.GetBytes(
            "{\n  \"2\": 4,\n  \"10\": 2,\n  \"4294967294\": 7,\n  \"b\": 1,\n  \"a\": 3,\n  \"01\": 5,\n  \"4294967295\": 6\n}"));
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_a_key_decodes_like_JSON_parse()
    {
        var store = Parse("""{"agent:a:\ud800x\u00e9\n":{"sessionId":"s","updatedAt":1}}""");

        store.Entries[0].Key.Should().Be("agent:a:\ud800x\u00e9\n");
        Encoding.UTF8.GetString(store.Entries[0].KeyToken.Of(store.Bytes.Span)).Should().Be("\"agent:a:\\ud800x\\u00e9\\n\"");
    }

    [Fact]
    public void Wrong_field_types_are_problems_not_errors()
    {
        var store = Parse("""{"a":{"sessionId":42,"updatedAt":"soon","sessionFile":false},"b":[],"c":{"sessionId":"x","updatedAt":1,"sessionId":"y"}}""");

        store.Entries[0].Fields.Problems.Should().Equal("sessionId is a number, not a string", "updatedAt is a string, not a finite number", "sessionFile is a boolean, not a string");
        store.Entries[1].Fields.Problems.Should().Equal("entry is not a JSON object");
        store.Entries[2].Fields.SessionId.Should().Be("y", "JavaScript keeps the last of repeated properties");
        store.Entries[2].Fields.Problems.Should().BeEmpty();
    }

    [Fact]
    public void A_missing_file_is_an_empty_store()
    {
        var store = StoreReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "sessions.json"));

        store.Exists.Should().BeFalse();
        store.Entries.Should().BeEmpty();
    }

    [Theory]
    [InlineData("", 0, "the file is empty")]
    [InlineData("  \n", 3, "the file is empty")]
    [InlineData("[]", 0, "the top level is an array")]
    [InlineData("null", 0, "the top level is null")]
    [InlineData("\"x\"", 0, "the top level is a string")]
    [InlineData("{\"a\":1,\"b\":2,\"a\":3}", 13, "duplicate key \"a\" (first at byte offset 1)")]
    [InlineData("{\"a\":1,}", 7, "invalid JSON")]
    [InlineData("{\"a\":1} x", 8, "invalid JSON")]
    [InlineData("{/*c*/\"a\":1}", 1, "invalid JSON")]
    [InlineData("{\n  \"a\": tru\n}", 12, "invalid JSON")]
    [InlineData("{\"a\":1", 6, "invalid JSON")]
    public void Malformed_stores_are_refused_with_the_byte_offset(string text, long offset, string problem)
    {
        var act = () => StoreReader.Parse(Encoding.UTF8.GetBytes(text), "/s/sessions.json");

        var error = act.Should().Throw<StoreFormatException>().Which;
        error.Problem.Should().StartWith(problem);
        error.ByteOffset.Should().Be(offset);
        error.ExitCode.Should().Be(ExitCode.StoreError);
        error.Message.Should().Contain("/s/sessions.json").And.Contain("nothing was changed");
    }

    [Theory]
    [InlineData("{\"b\":1,\"a\":{},\"\\u0061\":2}", 14, "duplicate key \"a\" (first at byte offset 7)")] // escaped and plain spell one key
    public void Keys_that_only_look_different_are_one_duplicate_key(string text, long offset, string problem)
    {
        var act = () => StoreReader.Parse(Encoding.UTF8.GetBytes(text), "/s/sessions.json");

        var error = act.Should().Throw<StoreFormatException>().Which;
        error.Problem.Should().Be(problem);
        error.ByteOffset.Should().Be(offset);
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":2,\"c\":3,\"\\ud800\":4,\"\\ufffd\":5,\"\uFFFD\":6}", "duplicate key \"\uFFFD\" (first at byte offset 30)")]
    [InlineData("{\"a\":1,\"b\":2,\"c\":3}", null)]
    [InlineData("{\"a\":1,\"b\":2,\"\\u0062\":3}", "duplicate key \"b\" (first at byte offset 7)")]
    [InlineData("{\"a\":1,\"b\":2,\"c\":3,\"a\":4}", "duplicate key \"a\" (first at byte offset 1)")]
    public void Keys_whose_hashes_collide_are_told_apart_by_their_text(string text, string? duplicate)
    {
        // Every key hashes alike: each is compared with every earlier one through the collision chain.
        var act = () => StoreReader.ParseWithKeyHash(Encoding.UTF8.GetBytes(text), "/s/sessions.json", _ => 42);

        if (duplicate is null)
        {
            act().Entries.Select(e => e.Key).Should().Equal("a", "b", "c");
        }
        else
        {
            act.Should().Throw<StoreFormatException>().Which.Problem.Should().Be(duplicate);
        }
    }

    [Fact]
    public void Keys_are_decoded_from_the_file_when_asked_for()
    {
        // A lone surrogate and U+FFFD hash alike (as UTF-8 the surrogate is replaced) and are still two keys.
        var store = StoreReader.Parse(Encoding.UTF8.GetBytes("{\"agent:a:caf\u00e9\":1,\"agent:a:\\u0041\\n\":2,\"\\ud83d\":3,\"\uFFFD\":4}"), "/s/sessions.json");

        store.Entries.Select(e => e.Key).Should().Equal("agent:a:caf\u00e9", "agent:a:A\n", "\ud83d", "\uFFFD");
    }

    [Fact]
    public void A_lone_surrogate_key_written_twice_is_a_duplicate()
    {
        var act = () => StoreReader.Parse(Encoding.UTF8.GetBytes("{\"\\ud800\":1,\"\\ud800\":2}"), "/s/sessions.json");

        var error = act.Should().Throw<StoreFormatException>().Which;
        error.Problem.Should().Be("duplicate key \"\ud800\" (first at byte offset 1)");
        error.ByteOffset.Should().Be(12);
    }

    [Fact]
    public void A_large_store_read_into_an_array_advised_for_huge_pages_holds_exactly_the_file()
    {
        // Over ReadBuffer's 8 MB threshold, with entries and non-ASCII text spread through it.
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        var text = new StringBuilder("{\n");
        for (var i = 0; i < 9_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  \"agent:a:s{i}\": {{\"sessionId\": \"id-{i}\", \"label\": \"{new string('x', 1000)}é😀\"}},\n");
        }

        text.Append("  \"last\": 1\n}");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        bytes.Length.Should().BeGreaterThan(8 << 20);
        try
        {
            File.WriteAllBytes(path, bytes);
            var store = StoreReader.ReadFile(path);

            store.Bytes.ToArray().Should().Equal(bytes);
            store.Entries.Should().HaveCount(9_001);
            store.Entries[4_321].Key.Should().Be("agent:a:s4321");
            store.Entries[4_321].Fields.SessionId.Should().Be("id-4321");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_byte_order_mark_is_refused()
    {
        var act = () => StoreReader.Parse([0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'], "s.json");

        act.Should().Throw<StoreFormatException>().Which.Problem.Should().Contain("byte order mark");
    }

    [Fact]
    public void Invalid_utf8_is_refused_at_the_first_bad_byte()
    {
        byte[] bytes = [.. "{\"a\":\"é"u8, 0xC3, 0x28, .. "\"}"u8];

        var error = FluentActions.Invoking(() => StoreReader.Parse(bytes, "s.json")).Should().Throw<StoreFormatException>().Which;

        error.Problem.Should().Be("invalid UTF-8");
        error.ByteOffset.Should().Be(8);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_file_is_checked_for_UTF8_as_it_is_read_a_megabyte_at_a_time_whatever_straddles_the_pieces(int shift)
    {
        // A store over three 1 MB pieces whose 4-byte, 3-byte and 2-byte characters cross the piece boundaries.
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        var text = new StringBuilder("{\"a\":\"");
        text.Append('x', (1 << 20) - 7 - shift).Append("😀€é");
        text.Append('y', (1 << 20) - 5).Append("😀😀").Append("\"}");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        try
        {
            File.WriteAllBytes(path, bytes);
            StoreReader.ReadFile(path).Entries.Should().ContainSingle().Which.Key.Should().Be("a");

            // The same file with one bad byte past the first piece: refused at that byte, as a whole-file check would.
            bytes[(1 << 20) + 100] = 0xFF;
            File.WriteAllBytes(path, bytes);
            FluentActions.Invoking(() => StoreReader.ReadFile(path)).Should().Throw<StoreFormatException>()
                .Which.ByteOffset.Should().Be((1 << 20) + 100);

            // A sequence cut by a bad continuation right at the end of a piece.
            bytes[(1 << 20) + 100] = (byte)'x';
            bytes[(1 << 20) - 1] = 0xE2;
            bytes[1 << 20] = (byte)'x';
            File.WriteAllBytes(path, bytes);
            FluentActions.Invoking(() => StoreReader.ReadFile(path)).Should().Throw<StoreFormatException>()
                .Which.Problem.Should().Be("invalid UTF-8");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fields_are_read_from_the_entry_bytes_when_first_asked_for_the_same_as_given()
    {
        var store = Parse(Canonical);

        foreach (var entry in store.Entries)
        {
            entry.Fields.Should().BeEquivalentTo(EntryFieldReader.Read(entry.Value.Of(store.Bytes.Span), default));
            entry.Fields.Should().BeSameAs(entry.Fields, "read once");
        }
    }
}
