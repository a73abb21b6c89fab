using AwesomeAssertions;
using SessionCloser.Artifacts;

namespace SessionCloser.Tests.Artifacts;

public class ArtifactNamingTests
{
    [Fact]
    public void Archive_names_use_OpenClaws_stamp()
    {
        var when = new DateTimeOffset(2026, 4, 13, 6, 18, 42, 123, TimeSpan.Zero);

        ArtifactNames.DeletedArchive("3f6c.jsonl", when).Should().Be("3f6c.jsonl.deleted.2026-04-13T06-18-42.123Z");
        ArtifactNames.IsArchive("3f6c.jsonl.deleted.2026-04-13T06-18-42.123Z").Should().BeTrue();
    }

    [Theory]
    [InlineData("a.jsonl.deleted.2026-04-13T06-18-42.123Z", true)]
    [InlineData("a.jsonl.reset.2026-04-13T06-18-42Z", true)]
    [InlineData("a.jsonl.bak.2026-04-13T06-18-42.123Z", true)]
    [InlineData("sessions.json.bak.1776061122123", true)]
    [InlineData("a.jsonl.deleted.2026-04-13T06:18:42.123Z", false)]
    [InlineData("a.jsonl.deleted.2026-04-13T06-18-42.123Z\n", false)]
    [InlineData("a.jsonl", false)]
    public void Archives_are_recognised_exactly(string name, bool isArchive) => ArtifactNames.IsArchive(name).Should().Be(isArchive);

    [Theory]
    [InlineData("3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10", true)]
    [InlineData("A.b_c-d", true)]
    [InlineData("", false)]
    [InlineData("-x", false)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    [InlineData("x\n", false)]
    [InlineData(" x", false)]
    [InlineData("x.checkpoint.11111111-2222-4333-8444-555555555555", false)]
    public void Session_ids_follow_OpenClaws_rules(string id, bool valid) => SessionIds.IsValid(id).Should().Be(valid);

    [Theory]
    [InlineData("s1.jsonl", "s1", ArtifactKind.Transcript)]
    [InlineData("s1-topic-42.jsonl", "s1", ArtifactKind.TopicTranscript)]
    [InlineData("s1-topic-a%2Fb.jsonl", "s1", ArtifactKind.TopicTranscript)]
    [InlineData("2026-04-13T06-18-42-123Z_s1.jsonl", "s1", ArtifactKind.ForkTranscript)]
    [InlineData("s1.checkpoint.11111111-2222-4333-8444-555555555555.jsonl", "s1", ArtifactKind.CheckpointTranscript)]
    [InlineData("s1.trajectory.jsonl", "s1", ArtifactKind.TrajectorySidecar)]
    [InlineData("s1.trajectory-path.json", "s1", ArtifactKind.TrajectorySidecar)]
    public void Files_are_filed_under_the_session_that_owns_them(string name, string sessionId, ArtifactKind kind) =>
        DirectoryIndex.Owner(name).Should().Be((sessionId, kind));

    [Theory]
    [InlineData("s1.jsonl.deleted.2026-04-13T06-18-42.123Z")]
    [InlineData("s1.jsonl.reset.2026-04-13T06-18-42.123Z")]
    [InlineData("s1.jsonl.lock")]
    [InlineData("sessions.json")]
    [InlineData("sessions.json.123.11111111-2222-4333-8444-555555555555.tmp")]
    [InlineData("notes.txt")]
    public void Archives_locks_and_other_files_belong_to_no_session(string name) => DirectoryIndex.Owner(name).Should().BeNull();
}
