using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Locking;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// A close whose era-A store lock was taken from it while it worked (OpenClaw 2026.4.x reclaims a lock it judges
/// stale) never commits: it fails before the store's rename, and the directory is as it was, the new holder's lock included.
/// </summary>
public sealed class LostLockTests : IDisposable
{
    private const string Theirs = "{\n  \"pid\": 1,\n  \"createdAt\": \"2026-12-02T12:00:05.000Z\"\n}";
    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    [Theory]
    [InlineData(CloseMode.Close)]
    [InlineData(CloseMode.KeepOnly)]
    public void A_close_that_lost_its_lock_changes_nothing(CloseMode mode)
    {
        _state.Session("agent:project-lead:main", "mmmmmmmm-0000-4000-8000-000000000000")
            .Session("agent:project-lead:acme", "aaaaaaaa-0000-4000-8000-000000000001")
            .Session("agent:project-lead:beta", "bbbbbbbb-0000-4000-8000-000000000002")
            .Save();
        var lockPath = StoreLock.PathFor(_state.StorePath);
        var clock = new TakeoverClock(lockPath);
        var before = _state.Snapshot();

        var close = () => _state.Run(mode, ["acme"], clock: clock);

        close.Should().Throw<SessionCloserException>().Which.Should().Match<SessionCloserException>(e =>
            e.ExitCode == ExitCode.StoreError && e.Message.Contains("lost the store lock") && e.Message.Contains("Nothing was changed"));
        clock.TookOver.Should().BeTrue("the lock was taken while the close held it");
        File.ReadAllText(lockPath).Should().Be(Theirs);
        File.Delete(lockPath);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty("no backup, journal, record, temp file or archive is left, and the store is the same");
    }

    /// <summary>The real clock, except that the first time the close asks it the time with its lock on disk, another process takes the lock.</summary>
    private sealed class TakeoverClock(string lockPath) : TimeProvider
    {
        public bool TookOver { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            if (!TookOver && File.Exists(lockPath))
            {
                File.WriteAllText(lockPath + ".theirs", Theirs);
                File.Move(lockPath + ".theirs", lockPath, overwrite: true);
                TookOver = true;
            }

            return base.GetUtcNow();
        }
    }
}
