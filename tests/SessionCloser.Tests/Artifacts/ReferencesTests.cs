using System.Text;
using AwesomeAssertions;
using SessionCloser.Artifacts;
using SessionCloser.Store;

namespace SessionCloser.Tests.Artifacts;

/// <summary>
/// <see cref="References"/> answers from hashes of what the entries' bytes name, checked against their fields: the
/// answers must be exactly those of the sets of every entry's decoded ids and lexically resolved paths.
/// </summary>
public sealed class ReferencesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("references-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_id_and_path_an_entry_names_is_claimed_however_it_is_written_and_nothing_else()
    {
        var dir = Path.Join(_root, "sessions");
        Directory.CreateDirectory(dir);
        var escapedDir = dir.Replace("/", "\\/", StringComparison.Ordinal);
        var text = $$$"""
            {
              "a": {"sessionId": "id-a", "updatedAt": 1, "sessionFile": "{{{dir}}}/a.jsonl"},
              "b": {"sessionId": "id-b", "updatedAt": 1, "sessionFile": "b.jsonl"},
              "c": {"sessionId": "id-\u0063", "updatedAt": 1, "sessionFile": "{{{escapedDir}}}\/c.jsonl"},
              "d": {"sessionId": "id-d", "updatedAt": 1, "sessionFile": "{{{dir}}}/./d.jsonl"},
              "e": {"sessionId": "id-e", "updatedAt": 1, "sessionFile": "  {{{dir}}}/e.jsonl\t"},
              "f": {"sessionId": "id-f", "updatedAt": 1, "sessionFile": "/elsewhere/f.jsonl"},
              "g": {"sessionId": "old-g", "sessionId": "id-g", "updatedAt": 1, "sessionFile": 42,
                    "compactionCheckpoints": [{"preCompaction": {"sessionId": "pre-g", "sessionFile": "{{{dir}}}/pre-g.jsonl"},
                                               "postCompaction": {"sessionId": "post-g", "sessionFile": "post-g.jsonl"}}, 7]},
              "h": {"sessionId": "id-h\ud800", "updatedAt": 1, "sessionFile": "{{{dir}}}/sub/../h.jsonl"},
              "i": {"sessionId": "id-i", "updatedAt": 1, "sessionFile": "{{{dir}}}//i.jsonl"},
              "j": {"sessionId": 5, "updatedAt": 1, "sessionFile": "{{{dir}}}/"},
              "k": [1, 2],
              "l": {"sessionId": "id-l", "updatedAt": 1, "sessionFile": "{{{dir}}}/é.jsonl"}
            }
            """;
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(text), Path.Join(dir, "sessions.json"));
        var directory = new SessionsDirectory(dir, "sessions.json");

        var references = References.Of(snapshot.Entries, directory);

        var ids = snapshot.Entries.SelectMany(e => e.Fields.CheckpointSessionIds.Append(e.Fields.SessionId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var paths = snapshot.Entries.SelectMany(e => e.Fields.CheckpointFiles.Append(e.Fields.SessionFile ?? string.Empty))
            .Where(f => f.Length > 0).Select(f => directory.ResolveLexically(f).FullPath).OfType<string>().ToHashSet(StringComparer.Ordinal);
        ids.Should().Contain(["id-a", "id-c", "id-g", "pre-g", "post-g", "id-h\ud800"]).And.NotContain("old-g");
        paths.Should().Contain([Path.Join(dir, "a.jsonl"), Path.Join(dir, "b.jsonl"), Path.Join(dir, "c.jsonl"), Path.Join(dir, "d.jsonl"), Path.Join(dir, "e.jsonl"),
            Path.Join(dir, "pre-g.jsonl"), Path.Join(dir, "post-g.jsonl"), Path.Join(dir, "h.jsonl"), Path.Join(dir, "i.jsonl"), Path.Join(dir, "é.jsonl")]);
        foreach (var id in ids.Concat(["old-g", "id-", "id-h", "id-h\udc00", "id-j", "5", "k", ""]))
        {
            references.ClaimsSessionId(id).Should().Be(ids.Contains(id), id);
        }

        foreach (var path in paths.Concat([Path.Join(dir, "f.jsonl"), "/elsewhere/f.jsonl", Path.Join(dir, "g.jsonl"), dir, Path.Join(dir, "sub", "h.jsonl"), Path.Join(dir, "A.jsonl")]))
        {
            references.ClaimsPath(path).Should().Be(paths.Contains(path), path);
        }
    }

    [Fact]
    public void A_claimed_path_that_is_a_symlink_leaving_the_directory_is_not_claimed()
    {
        var dir = Path.Join(_root, "sessions");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(_root, "outside.jsonl"), "x");
        File.CreateSymbolicLink(Path.Join(dir, "a.jsonl"), Path.Join(_root, "outside.jsonl"));
        var text = $$$"""{"a": {"sessionId": "id-a", "updatedAt": 1, "sessionFile": "{{{dir}}}/a.jsonl"}, "b": {"sessionId": "id-b", "updatedAt": 1, "sessionFile": "{{{dir}}}/b.jsonl"}}""";
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(text), Path.Join(dir, "sessions.json"));

        var references = References.Of(snapshot.Entries, new SessionsDirectory(dir, "sessions.json"));

        references.ClaimsPath(Path.Join(dir, "a.jsonl")).Should().BeFalse();
        references.ClaimsPath(Path.Join(dir, "b.jsonl")).Should().BeTrue();
    }

    [Fact]
    public void What_the_store_read_noted_of_each_entry_indexes_exactly_what_reading_the_entry_again_would()
    {
        // The read notes an entry's one sessionId and sessionFile when they are plain; anything else (escaped values,
        // a field written twice, checkpoints) is read again. Either way every answer is the fields' own.
        var dir = Path.Join(_root, "sessions");
        Directory.CreateDirectory(dir);
        var text = $$$"""
            {
              "m": {"session\u0049d": "id-m", "updatedAt": 1, "session\u0046ile": "m.jsonl"},
              "n": {"sessionFile": "n1.jsonl", "sessionId": "id-n", "sessionFile": "n2.jsonl"},
              "o": {"sessionId": {"sessionId": "inner-o"}, "sessionFile": ["o.jsonl"], "x": {"sessionFile": "x-o.jsonl"}},
              "p": {"sessionId": "id-p", "sessionId": 3, "sessionFile": "{{{dir}}}/p.jsonl", "sessionFile": null},
              "q": {"sessionId": "", "sessionFile": ""},
              "r": {"sessionId": "id-r", "sessionFile": "{{{dir}}}/r\u002ejsonl"},
              "s": {"sessionId": "id-s", "sessionFile": "{{{dir}}}/sub/../s.jsonl", "compactionCheckpoints": []},
              "t": {"sessionId": "id-t", "sessionFile": " t.jsonl"},
              "u": "not an object",
              "v": {"sessionId": "id-\u0076", "sessionFile": "v.jsonl"}
            }
            """;
        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(text), Path.Join(dir, "sessions.json"));
        var directory = new SessionsDirectory(dir, "sessions.json");
        snapshot.Entries.Select(e => e.References.Plain).Should().Equal(true, false, true, true, true, false, false, true, false, false);

        var references = References.Of(snapshot.Entries, directory);

        var ids = snapshot.Entries.SelectMany(e => e.Fields.CheckpointSessionIds.Append(e.Fields.SessionId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var paths = snapshot.Entries.SelectMany(e => e.Fields.CheckpointFiles.Append(e.Fields.SessionFile ?? string.Empty))
            .Where(f => f.Length > 0).Select(f => directory.ResolveLexically(f).FullPath).OfType<string>().ToHashSet(StringComparer.Ordinal);
        ids.Should().Contain(["id-m", "id-n", "id-r", "id-s", "id-t", "id-v"]);
        paths.Should().Contain([Path.Join(dir, "m.jsonl"), Path.Join(dir, "n2.jsonl"), Path.Join(dir, "r.jsonl"), Path.Join(dir, "s.jsonl"), Path.Join(dir, "t.jsonl"), Path.Join(dir, "v.jsonl")]);
        foreach (var id in ids.Concat(["inner-o", "id-p", "3", "", "id-", "not an object"]))
        {
            references.ClaimsSessionId(id).Should().Be(ids.Contains(id), id);
        }

        foreach (var path in paths.Concat([Path.Join(dir, "n1.jsonl"), Path.Join(dir, "o.jsonl"), Path.Join(dir, "x-o.jsonl"), Path.Join(dir, "p.jsonl"), dir, Path.Join(dir, "sub", "s.jsonl")]))
        {
            references.ClaimsPath(path).Should().Be(paths.Contains(path), path);
        }
    }
}
