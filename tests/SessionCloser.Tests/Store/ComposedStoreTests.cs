using System.Security.Cryptography;
using System.Text;
using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Store;

namespace SessionCloser.Tests.Store;

/// <summary>
/// The streamed new store (<see cref="ComposedStore"/>): its hash, its file and the check of that file agree with the
/// store composed whole, at every chunk size (tiny chunks split every token), and the check refuses any other file.
/// </summary>
public sealed class ComposedStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("composed-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Store = """
        {
          "agent:main:a": {
            "sessionId": "a1",
            "updatedAt": 1776061122123,
            "label": "é😀 \ud800 \"quoted\""
          },
          "7": [1, 2, {"x": null}],
          "agent:main:\u0041b": "just a string",
          "2": {
            "nested": { "deep": [[[{}]]] }
          },
          "agent:main:c": 123456789012345678901234567890
        }
        """;

    private static readonly Gen<(int Chunk, bool[] Keep)> Cases =
        from chunk in Gen.Choose(1, 64)
        from keep in Gen.ArrayOf(Gen.Elements(true, false), 5)
        select (chunk, keep);

    [Property(MaxTest = 200)]
    public Property Hash_file_and_check_agree_with_the_store_composed_whole() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(Store), "sessions.json");
        var kept = snapshot.Entries.Where((_, i) => c.Keep[i]).ToList();
        var whole = StoreWriter.Compose(snapshot, kept);
        var composed = ComposedStore.Of(snapshot, kept, c.Chunk);
        var path = Path.Combine(_dir, $"sessions-{Guid.NewGuid():N}.json");
        using (var file = File.Create(path))
        {
            composed.WriteTo(file);
        }

        return (composed.Length == whole.Length).Label("length")
            .And(composed.ToArray().SequenceEqual(whole)).Label("bytes")
            .And(File.ReadAllBytes(path).SequenceEqual(whole)).Label("file")
            .And(composed.Sha256() == Convert.ToHexStringLower(SHA256.HashData(whole))).Label("hash")
            .And(composed.IsWrittenAt(path)).Label("check");
    });

    [Fact]
    public void The_whole_store_composes_to_the_file_when_it_has_OpenClaws_layout()
    {
        var text = "{\n  \"2\": {\n    \"x\": 1\n  },\n  \"agent:main:a\": \"s\"\n}";
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(text), "sessions.json");

        ComposedStore.Of(snapshot, snapshot.Entries, chunkSize: 3).ToArray().Should().Equal(Encoding.UTF8.GetBytes(text));
        ComposedStore.Of(snapshot, []).ToArray().Should().Equal("{}"u8.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1 << 20)]
    public void The_check_refuses_a_file_with_any_byte_changed_missing_or_added(int chunk)
    {
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(Store), "sessions.json");
        var composed = ComposedStore.Of(snapshot, snapshot.Entries.Skip(1), chunk);
        var whole = composed.ToArray();
        var path = Path.Combine(_dir, "sessions.json");

        for (var i = 0; i < whole.Length; i += 7)
        {
            var changed = whole.ToArray();
            changed[i] ^= 0x01;
            File.WriteAllBytes(path, changed);
            composed.IsWrittenAt(path).Should().BeFalse($"byte {i} differs");
        }

        File.WriteAllBytes(path, whole[..^1]);
        composed.IsWrittenAt(path).Should().BeFalse("the last byte is missing");
        File.WriteAllBytes(path, [.. whole, (byte)' ']);
        composed.IsWrittenAt(path).Should().BeFalse("a byte was added");
        File.WriteAllBytes(path, whole);
        composed.IsWrittenAt(path).Should().BeTrue();
    }

    [Fact]
    public void The_check_refuses_bytes_that_match_but_do_not_hold_the_members_expected()
    {
        // Entries whose own bytes are not JSON (as only a bug could make them): the file is what was composed, yet
        // OpenClaw could not read it, and the keys check says so.
        var bytes = Encoding.UTF8.GetBytes("{\n  \"agent:main:a\": 1\n}");
        var snapshot = StoreReader.Parse(bytes, "sessions.json");
        var broken = new StoreEntry { Key = "agent:main:a", KeyToken = snapshot.Entries[0].KeyToken, Value = new ByteSpan(0, 3), Fields = snapshot.Entries[0].Fields };
        var composed = ComposedStore.Of(snapshot, [broken], chunkSize: 4);
        var path = Path.Combine(_dir, "sessions.json");
        File.WriteAllBytes(path, composed.ToArray());

        composed.IsWrittenAt(path).Should().BeFalse();
    }
}
