using AwesomeAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Fixtures;
using SessionCloser.Listing;
using SessionCloser.Store;
using SessionCloser.Tests.Fixtures;

namespace SessionCloser.Tests.Listing;

/// <summary>The rows <c>list</c> streams (<see cref="StoreRows"/>) are the rows of the full read, in the same order.</summary>
public sealed class StoreRowsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 9, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_generated_store_lists_the_same_rows_as_the_full_read()
    {
        var state = StoreGenerator.Generate(_temp.Sub("state"), new StoreGeneratorOptions { SessionCount = 400, Seed = 3 });
        var agent = state.Agents[0];
        static bool IsMain(string key) => key.EndsWith(":main", StringComparison.Ordinal);

        var unlocked = SessionInventory.Rows(agent.AgentId, StoreReader.ReadFile(agent.StorePath), IsMain, Now)
            .First(row => row.TranscriptBytes is not null && row.Flags == SessionMarks.None);
        File.WriteAllText(unlocked.TranscriptPath + ".lock", "{\"pid\":1}");

        var expected = SessionInventory.Rows(agent.AgentId, StoreReader.ReadFile(agent.StorePath), IsMain, Now);
        var streamed = SessionInventory.Rows(agent.AgentId, StoreReader.ReadIndexFile(agent.StorePath), IsMain, Now);

        expected.Should().Contain(row => row.Flags.HasFlag(SessionMarks.ActiveRun) || row.Flags.HasFlag(SessionMarks.StaleLock), "a transcript has a lock");
        expected.Should().Contain(row => row.Flags.HasFlag(SessionMarks.MissingTranscript));
        Describe(streamed).Should().Equal(Describe(expected));
        Describe(streamed).Should().Equal(Describe(expected), "a second pass gives the same rows");
        streamed[7].Key.Should().Be(expected[7].Key);
    }

    [Fact]
    public void A_lock_made_after_the_first_row_was_read_does_not_change_that_row()
    {
        var state = StoreGenerator.Generate(_temp.Sub("state"), new StoreGeneratorOptions { SessionCount = 60, Seed = 4 });
        var agent = state.Agents[0];
        var rows = SessionInventory.Rows(agent.AgentId, StoreReader.ReadIndexFile(agent.StorePath), _ => false, Now);
        var first = rows.First(row => row.TranscriptBytes is not null && row.Flags == SessionMarks.None);

        File.WriteAllText(first.TranscriptPath + ".lock", "{\"pid\":1}");

        rows.Single(row => row.Key == first.Key).Flags.Should().Be(SessionMarks.None, "what the disk said is kept for the list's life");
    }

    [Fact]
    public void Rows_probed_with_one_stat_are_the_rows_of_a_readlink_and_a_stat()
    {
        // Symlinks where a sessionFile points: inside to a file, leaving the directory, broken, to a directory; a plain
        // file, a missing one, a directory. One lstat decides whether the link is read (TranscriptFile).
        var sessions = Directory.CreateDirectory(_temp.Sub("state/agents/main/sessions")).FullName;
        var outside = Directory.CreateDirectory(_temp.Sub("outside")).FullName;
        File.WriteAllText(Path.Join(outside, "victim.jsonl"), "outside\n");
        File.WriteAllText(Path.Join(sessions, "plain.jsonl"), "plain\n");
        File.WriteAllText(Path.Join(sessions, "target.jsonl"), "the target\n");
        Directory.CreateDirectory(Path.Join(sessions, "dir.jsonl"));
        File.CreateSymbolicLink(Path.Join(sessions, "inside.jsonl"), "target.jsonl");
        File.CreateSymbolicLink(Path.Join(sessions, "leaving.jsonl"), Path.Join(outside, "victim.jsonl"));
        File.CreateSymbolicLink(Path.Join(sessions, "broken.jsonl"), "nowhere.jsonl");
        Directory.CreateSymbolicLink(Path.Join(sessions, "todir.jsonl"), "dir.jsonl");
        string[] names = ["plain", "inside", "leaving", "broken", "todir", "dir", "missing"];
        var store = Path.Join(sessions, "sessions.json");
        File.WriteAllText(store, "{" + string.Join(",", names.Select((name, i) =>
            $"\"agent:main:{name}\": {{\"sessionId\": \"aaaaaaaa-0000-4000-8000-00000000000{i}\", \"updatedAt\": {100 - i}, \"sessionFile\": \"{Path.Join(sessions, name + ".jsonl")}\"}}")) + "}");
        var index = StoreReader.ReadIndexFile(store);
        var directory = new SessionCloser.Artifacts.SessionsDirectory(sessions, "sessions.json");
        var locks = new TranscriptLocks(directory);

        // Each path's symlink check by readlink and its size by a stat of its own, as before.
        var expected = Enumerable.Range(0, index.Count).Select(i =>
        {
            var transcript = SessionCloser.Artifacts.PrimaryTranscript.Locate(directory, index.Fields(i));
            return SessionInventory.Row("main", index.Key(i), index.Fields(i), transcript, _ => false, Now, SessionInventory.Probe(transcript, locks, Now));
        }).ToList();
        var streamed = SessionInventory.Rows("main", index, _ => false, Now);

        Describe(streamed, withJson: false).Should().Equal(Describe(expected, withJson: false));
        expected.Single(row => row.Key == "agent:main:leaving").Problems.Should().ContainMatch("*symlink that leaves the sessions directory*");
        expected.Single(row => row.Key == "agent:main:inside").Problems.Should().BeEmpty();
        expected.Single(row => row.Key == "agent:main:missing").Flags.Should().HaveFlag(SessionMarks.MissingTranscript);
    }

    private static List<string> Describe(IEnumerable<ListedSession> rows, bool withJson = true) => [.. rows.Select(row =>
        $"{row.Key}|{row.SessionId}|{row.UpdatedAt}|{row.AgeMs}|{row.Label}|{row.DisplayKind}|{row.Flags}|{row.ArchivedAt}|{row.TranscriptPath}|{row.TranscriptBytes}|"
        + $"{string.Join(";", row.Problems)}|{(withJson && row.EntryJson is { } json ? Convert.ToHexString(json.Span) : "-")}|{row.Facts}")];
}

/// <summary>Newest first over several lists is the stable sort of their concatenation.</summary>
public class NewestFirstTests
{
    [Property(MaxTest = 300)]
    public Property Merging_sorted_lists_equals_a_stable_sort() => Prop.ForAll(
        Gen.ListOf(Gen.ListOf(Gen.Elements<double?>(null, 0, -0.0, 1, 2, 5, 5, 9))).ToArbitrary(),
        lists =>
        {
            var stores = lists.Select((times, s) => (IReadOnlyList<ListedSession>)[.. times
                .Select((t, i) => new ListedSession { AgentId = "a", Key = $"{s}:{i}", UpdatedAt = t })
                .OrderByDescending(row => row.UpdatedAt ?? 0)]).ToList();

            var merged = NewestFirst.Merge(stores).Select(row => row.Key);
            var sorted = stores.SelectMany(rows => rows).OrderByDescending(row => row.UpdatedAt ?? 0).Select(row => row.Key);

            return merged.SequenceEqual(sorted);
        });
}

/// <summary>A transcript's lock is read only where the directory listing showed one, or where the listing cannot tell.</summary>
public sealed class TranscriptLocksTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Locks_in_the_listing_are_read_others_are_none()
    {
        var dir = Directory.CreateDirectory(_temp.Sub("sessions")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.jsonl.lock"), "{\"pid\":1,\"createdAt\":\"2026-01-01T00:00:00.000Z\"}");
        var locks = new TranscriptLocks(new SessionCloser.Artifacts.SessionsDirectory(dir));

        locks.Of(Path.Combine(dir, "a.jsonl")).Should().NotBeNull();
        locks.Of(Path.Combine(dir, "b.jsonl")).Should().BeNull();
    }

    [Fact]
    public void A_transcript_outside_the_listed_directory_has_its_lock_tried()
    {
        var dir = Directory.CreateDirectory(_temp.Sub("sessions")).FullName;
        var other = Directory.CreateDirectory(_temp.Sub("elsewhere")).FullName;
        File.WriteAllText(Path.Combine(other, "a.jsonl.lock"), "{\"pid\":1}");
        var locks = new TranscriptLocks(new SessionCloser.Artifacts.SessionsDirectory(dir));

        locks.Of(Path.Combine(other, "a.jsonl")).Should().NotBeNull();
    }

    [Fact]
    public void A_directory_that_cannot_be_listed_has_every_lock_tried()
    {
        var dir = Directory.CreateDirectory(_temp.Sub("sessions")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.jsonl.lock"), "{\"pid\":1}");
        File.SetUnixFileMode(dir, UnixFileMode.UserExecute); // search, no read: files open, the listing fails
        try
        {
            if (Environment.UserName == "root")
            {
                // root lists any directory: the fallback is then never needed, and the lock is found by the listing.
                new TranscriptLocks(new SessionCloser.Artifacts.SessionsDirectory(dir)).Of(Path.Combine(dir, "a.jsonl")).Should().NotBeNull();
                return;
            }

            var locks = new TranscriptLocks(new SessionCloser.Artifacts.SessionsDirectory(dir));
            locks.Of(Path.Combine(dir, "a.jsonl")).Should().NotBeNull();
        }
        finally
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
