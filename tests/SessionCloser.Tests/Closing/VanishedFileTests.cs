using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Tests.Undo;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// A file the directory scan listed is planned for archiving without asking the file system again: if it goes before
/// its rename, that rename fails safely. The close still finishes (store written, every other file archived), the
/// report warns about the file, and the run's record still undoes the close.
/// </summary>
public sealed class VanishedFileTests : IDisposable
{
    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    [Theory]
    [InlineData(CloseMode.Close)]
    [InlineData(CloseMode.KeepOnly)]
    public void A_transcript_that_goes_after_the_plan_is_a_warning_and_the_close_still_restores(CloseMode mode)
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Session("agent:project-lead:c", "sid-c").Save();
        _state.WriteFile("sid-b-topic-7.jsonl");
        var before = File.ReadAllBytes(_state.StorePath);
        var gone = Path.Join(_state.SessionsDir, "sid-b.jsonl");

        // The progress sink hears "started" after the plan and before anything is renamed: the file goes there.
        var report = _state.Run(mode, mode == CloseMode.Close ? ["a", "b"] : ["c"], r => r with
        {
            Logging = UndoState.Logging(_state.Root),
            Progress = new Synchronous(p =>
            {
                if (p.Outcome is null && p.Done == 0)
                {
                    File.Delete(gone);
                }
            }),
        });

        var b = report.Outcomes.Single(o => o.Subject == "agent:project-lead:b");
        b.Status.Should().Be(OutcomeStatus.Closed);
        b.Files.Select(f => Path.GetFileName(f.From)).Should().Equal("sid-b.jsonl", "sid-b-topic-7.jsonl");
        report.Warnings.Should().ContainSingle().Which.Should().StartWith($"could not archive {gone}: ");
        _state.FileNames.Should().NotContain("sid-b.jsonl").And.NotContain("sid-a.jsonl").And.NotContain("sid-b-topic-7.jsonl")
            .And.Contain("sid-c.jsonl").And.ContainMatch("sid-a.jsonl.deleted.*").And.ContainMatch("sid-b-topic-7.jsonl.deleted.*");
        _state.StoreText.Should().NotContain("sid-a").And.NotContain("sid-b").And.Contain("sid-c");
        report.OperationId.Should().NotBeNull();
        _state.Log().Read(report.OperationId!).Complete.Should().BeTrue();

        var restore = _state.Restore(report.OperationId!);

        File.ReadAllBytes(_state.StorePath).Should().Equal(before);
        _state.FileNames.Should().Contain(["sid-a.jsonl", "sid-b-topic-7.jsonl", "sid-c.jsonl"]).And.NotContain("sid-b.jsonl");
        restore.Outcomes.SelectMany(o => o.Files).Single(f => f.To == gone).Status.Should().Be(RestoreFileStatus.ArchiveMissing);
    }

    private sealed class Synchronous(Action<CloseProgress> report) : IProgress<CloseProgress>
    {
        public void Report(CloseProgress value) => report(value);
    }
}
