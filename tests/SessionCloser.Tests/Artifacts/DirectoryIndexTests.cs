using System.Text.RegularExpressions;
using AwesomeAssertions;
using SessionCloser.Artifacts;

namespace SessionCloser.Tests.Artifacts;

/// <summary>
/// The directory scan reads each name where the enumeration holds it (no string per name) and keeps only hashes of
/// the names it does not file: these check it against the string rules it replaced and against a real directory.
/// </summary>
public partial class DirectoryIndexTests
{
    private static readonly string[] Stems =
    [
        "s1", "3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10", "s1-topic-42", "s1-topic-", "-topic-x", "a-topic-b-topic-c",
        "2026-04-13T06-18-42-123Z_s1", "2026-04-13T06-18-42+01-00_s1_x", "2026-04-13T_s1", "2026-04-13T06_", "2026-04-13Tab",
        "2026-04-13T06\n_s1", "2026-04-13T06_s1\nx", "2026-04-13X06_s1", "x2026-04-13T06_s1", "s\u212A1", "é", " s1 ", "s1\n",
        "s1.checkpoint.11111111-2222-4333-8444-555555555555", "s1.CHECKPOINT.11111111-2222-4333-8444-AAAAAAAAAAAA",
        "s1.chec\u212Apoint.11111111-2222-4333-8444-555555555555", "\n.checkpoint.11111111-2222-4333-8444-555555555555",
        ".checkpoint.11111111-2222-4333-8444-555555555555", "s1.checkpoint.11111111-2222-4333-7444-555555555555",
    ];

    private static readonly string[] Suffixes =
    [
        ".jsonl", ".JSONL", ".trajectory.jsonl", ".trajectory-path.json", ".jsonl.lock", ".tmp", ".jsonl.deleted.2026-04-13T06-18-42.123Z",
        ".jsonl.reset.2026-04-13T06-18-42Z", ".bak.2026-04-13T06-18-42Z", ".jsonl.deleted.2026-04-13T06-18-42.123Z.jsonl", "", ".json",
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var stem in Stems)
        {
            foreach (var suffix in Suffixes)
            {
                data.Add(stem + suffix);
            }
        }

        data.Add("sessions.json.bak.1776061122123");
        data.Add("sessions.json.bak.1776061122123.jsonl");
        data.Add(".jsonl");
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Owner_on_the_name_in_place_is_the_string_rules_answer(string name)
    {
        DirectoryIndex.Owner(name).Should().Be(OwnerByStrings(name));
    }

    [Fact]
    public void A_real_directory_files_only_the_sessions_asked_about_and_knows_every_name_it_listed()
    {
        var root = Directory.CreateTempSubdirectory("dirindex-");
        try
        {
            string[] names =
            [
                "s1.jsonl", "s1-topic-7.jsonl", "2026-04-13T06-18-42-123Z_s1.jsonl", "s1.trajectory.jsonl", "s1.jsonl.lock",
                "s1.jsonl.deleted.2026-04-13T06-18-42.123Z", "s2.jsonl", "s\u212A1.jsonl", "é\n \u00A0odd name.jsonl", "😀.jsonl",
                "s1.checkpoint.11111111-2222-4333-8444-555555555555.jsonl",
            ];
            foreach (var name in names)
            {
                File.WriteAllText(Path.Combine(root.FullName, name), "x");
            }

            Directory.CreateDirectory(Path.Combine(root.FullName, "s1-topic-dir.jsonl"));
            var directory = new SessionsDirectory(root.FullName, "sessions.json");
            var index = DirectoryIndex.Scan(directory, new HashSet<string>(["s1", "😀", "é\n \u00A0odd name"], StringComparer.Ordinal));

            index.FilesOf("s1").Select(f => (Path.GetFileName(f.Path), f.Kind)).Should().BeEquivalentTo(
            [
                ("s1.jsonl", ArtifactKind.Transcript), ("s1-topic-7.jsonl", ArtifactKind.TopicTranscript),
                ("2026-04-13T06-18-42-123Z_s1.jsonl", ArtifactKind.ForkTranscript), ("s1.trajectory.jsonl", ArtifactKind.TrajectorySidecar),
                ("s1.checkpoint.11111111-2222-4333-8444-555555555555.jsonl", ArtifactKind.CheckpointTranscript),
            ]);
            index.FilesOf("😀").Select(f => f.Path).Should().Equal(Path.Combine(root.FullName, "😀.jsonl"));
            index.FilesOf("é\n \u00A0odd name").Select(f => f.Path).Should().Equal(Path.Combine(root.FullName, "é\n \u00A0odd name.jsonl"));
            index.FilesOf("s2").Should().BeEmpty("s2 was not asked about");
            index.FilesOf("s\u212A1").Should().BeEmpty();

            foreach (var name in names)
            {
                index.Exists(Path.Combine(root.FullName, name)).Should().BeTrue(name);
            }

            index.Exists(Path.Combine(root.FullName, "s1.trajectory-path.json")).Should().BeFalse();
            index.Exists(Path.Combine(root.FullName, "S1.jsonl")).Should().BeFalse();
            index.Exists(Path.Combine(root.FullName, "s1-topic-dir.jsonl")).Should().BeFalse("a directory is not a file");

            // Made after the scan: not listed, so not there for this index (as before: the scan is the one listing).
            File.WriteAllText(Path.Combine(root.FullName, "late.jsonl"), "x");
            index.Exists(Path.Combine(root.FullName, "late.jsonl")).Should().BeFalse();

            // Listed but not filed (s2 was not asked about), then gone: the file system is still asked.
            File.Delete(Path.Combine(root.FullName, "s2.jsonl"));
            index.Exists(Path.Combine(root.FullName, "s2.jsonl")).Should().BeFalse();

            // Filed as a plain file, then gone: the scan's listing stands (the rename of it fails later, safely).
            File.Delete(Path.Combine(root.FullName, "s1-topic-7.jsonl"));
            index.IsPlainFile(Path.Combine(root.FullName, "s1-topic-7.jsonl")).Should().BeTrue();
            index.Exists(Path.Combine(root.FullName, "s1-topic-7.jsonl")).Should().BeTrue();

            // A name the scan did not list is settled without making it; any other may be there.
            foreach (var name in names.Append("s1.trajectory-path.json").Append("late.jsonl").Append("s1-topic-dir.jsonl"))
            {
                foreach (var suffix in new[] { "", ".lock", ".trajectory.jsonl", ".trajectory-path.json" })
                {
                    var path = Path.Combine(root.FullName, name);
                    var stem = path.EndsWith(suffix, StringComparison.Ordinal) && suffix.Length > 0 ? path[..^suffix.Length] : path;
                    if (!index.MayList(stem, suffix))
                    {
                        index.Exists(stem + suffix).Should().BeFalse(stem + suffix);
                    }
                }
            }

            index.MayList(Path.Combine(root.FullName, "s1"), ".trajectory.jsonl").Should().BeTrue();
            index.MayList(Path.Combine(root.FullName, "s1.jsonl"), ".lock").Should().BeTrue();
            index.MayList(Path.Combine(root.FullName, "s1"), ".trajectory-path.json").Should().BeFalse();
            index.MayList(Path.Combine(root.FullName, "s2.jsonl"), ".lock").Should().BeFalse();
            index.MayList(Path.Combine(root.FullName, "sub", "s1.jsonl"), ".lock").Should().BeTrue("not a name right in the directory: unknown");

            // Without the ids: every session's files are filed.
            DirectoryIndex.Scan(directory).FilesOf("s\u212A1").Select(f => Path.GetFileName(f.Path)).Should().Equal("s\u212A1.jsonl");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Symlinks_the_scan_files_are_never_plain_and_are_asked_of_the_file_system()
    {
        var root = Directory.CreateTempSubdirectory("dirindex-");
        var outside = Directory.CreateTempSubdirectory("dirindex-outside-");
        try
        {
            File.WriteAllText(Path.Combine(outside.FullName, "precious.jsonl"), "x");
            File.WriteAllText(Path.Combine(root.FullName, "s1.jsonl"), "x");
            File.CreateSymbolicLink(Path.Combine(root.FullName, "s1-topic-out.jsonl"), Path.Combine(outside.FullName, "precious.jsonl"));
            File.CreateSymbolicLink(Path.Combine(root.FullName, "s1-topic-in.jsonl"), "s1.jsonl");
            File.CreateSymbolicLink(Path.Combine(root.FullName, "s1-topic-dangling.jsonl"), "nowhere.jsonl");
            File.CreateSymbolicLink(Path.Combine(root.FullName, "s2.jsonl"), Path.Combine(outside.FullName, "precious.jsonl"));
            var directory = new SessionsDirectory(root.FullName, "sessions.json");
            var index = DirectoryIndex.Scan(directory, new HashSet<string>(["s1", "s2"], StringComparer.Ordinal));
            string At(string name) => Path.Combine(directory.RealPath, name);

            index.IsPlainFile(At("s1.jsonl")).Should().BeTrue();
            foreach (var link in new[] { "s1-topic-out.jsonl", "s1-topic-in.jsonl", "s1-topic-dangling.jsonl", "s2.jsonl" })
            {
                index.IsPlainFile(At(link)).Should().BeFalse(link);
                index.Exists(At(link)).Should().Be(File.Exists(At(link)), link);
            }

            // Gone after the scan: a link is asked of the file system, so it is gone for the index too.
            File.Delete(At("s1-topic-in.jsonl"));
            index.Exists(At("s1-topic-in.jsonl")).Should().BeFalse();
            index.Resolve("s2.jsonl").Problem.Should().Contain("symlink that leaves the sessions directory");
            index.Resolve(At("s2.jsonl")).Problem.Should().Contain("symlink that leaves the sessions directory");
            index.Resolve("s1-topic-in.jsonl").FullPath.Should().Be(At("s1-topic-in.jsonl"));
            index.Resolve("s1.jsonl").FullPath.Should().Be(At("s1.jsonl"));
            index.Resolve("missing.jsonl").FullPath.Should().Be(At("missing.jsonl"), "a name the scan did not list is no symlink");
            index.Exists(At("missing.jsonl")).Should().BeFalse();
        }
        finally
        {
            root.Delete(recursive: true);
            outside.Delete(recursive: true);
        }
    }

    /// <summary>The rules as they were written on strings (regexes and substrings), the oracle for the span version.</summary>
    private static (string SessionId, ArtifactKind Kind)? OwnerByStrings(string name)
    {
        if (ArtifactNames.IsArchive(name) || name.EndsWith(".lock", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var suffix in DirectoryIndex.TrajectorySuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (StemOwner(name[..^suffix.Length]).SessionId, ArtifactKind.TrajectorySidecar);
            }
        }

        if (!name.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return null;
        }

        if (ArtifactNames.CheckpointOwner(name) is { } checkpointOwner)
        {
            return (checkpointOwner, ArtifactKind.CheckpointTranscript);
        }

        return StemOwner(name[..^".jsonl".Length]);
    }

    private static (string SessionId, ArtifactKind Kind) StemOwner(string stem)
    {
        if (ForkTranscript().Match(stem) is { Success: true } fork)
        {
            return (fork.Groups[2].Value, ArtifactKind.ForkTranscript);
        }

        var topic = stem.IndexOf("-topic-", StringComparison.Ordinal);
        return topic > 0 ? (stem[..topic], ArtifactKind.TopicTranscript) : (stem, ArtifactKind.Transcript);
    }

    [GeneratedRegex(@"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[A-Za-z0-9_-]+(?:Z|[+-][0-9]{2}(?:-[0-9]{2})?)?)_(.+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex ForkTranscript();
}
