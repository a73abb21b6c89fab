using System.Diagnostics;
using System.Globalization;
using System.Text;
using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.Locking;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Locking;

public sealed class StoreLockTests : IDisposable
{
    private readonly TempSandbox _sandbox = new();

    private string StorePath => Path.Join(_sandbox.Dir("agents", "a", "sessions"), "sessions.json");

    private string LockPath => StorePath + ".lock";

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void The_lock_file_has_OpenClaws_format_and_is_removed_on_release()
    {
        using (StoreLock.Acquire(StorePath, TimeSpan.FromSeconds(1), TimeProvider.System))
        {
            var text = File.ReadAllText(LockPath);
            text.Should().MatchRegex("^\\{\n  \"pid\": " + Environment.ProcessId + ",\n  \"createdAt\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\n  \"starttime\": \\d+\n\\}$");
            var parsed = LockFile.TryRead(LockPath)!;
            parsed.Pid.Should().Be(Environment.ProcessId);
            parsed.StartTime.Should().Be(ProcessStartTimes.OfCurrentProcess());
            parsed.IsStale(DateTimeOffset.UtcNow, StoreLock.StaleAfter).Should().BeFalse();
        }

        File.Exists(LockPath).Should().BeFalse();
    }

    [Fact]
    public void A_live_holder_makes_acquire_wait_then_fail_without_touching_its_lock()
    {
        using var holder = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            var content = LockBody(holder.Id, DateTimeOffset.UtcNow);
            File.WriteAllText(LockPath, content);
            var watch = Stopwatch.StartNew();

            var act = () => StoreLock.Acquire(StorePath, TimeSpan.FromMilliseconds(600), TimeProvider.System);

            act.Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.StoreError);
            watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600));
            File.ReadAllText(LockPath).Should().Be(content);
        }
        finally
        {
            holder.Kill();
        }
    }

    [Theory]
    [InlineData("dead pid")]
    [InlineData("too old")]
    [InlineData("recycled pid")]
    public void A_stale_lock_is_reclaimed(string why)
    {
        var body = why switch
        {
            "dead pid" => LockBody(DeadPid(), DateTimeOffset.UtcNow),
            "too old" => LockBody(Environment.ProcessId, DateTimeOffset.UtcNow.AddSeconds(-31)),
            _ => LockBody(Environment.ProcessId, DateTimeOffset.UtcNow, startTime: 1),
        };
        File.WriteAllText(LockPath, body);

        using var acquired = StoreLock.Acquire(StorePath, TimeSpan.FromMilliseconds(200), TimeProvider.System);

        LockFile.TryRead(LockPath)!.Pid.Should().Be(Environment.ProcessId);
    }

    [Fact]
    public void An_unreadable_lock_is_honoured_for_five_seconds_by_mtime()
    {
        File.WriteAllText(LockPath, "not json");
        var fresh = LockFile.TryRead(LockPath)!;
        fresh.IsStale(DateTimeOffset.UtcNow, StoreLock.StaleAfter).Should().BeFalse();

        File.SetLastWriteTimeUtc(LockPath, DateTime.UtcNow.AddSeconds(-6));

        LockFile.TryRead(LockPath)!.IsStale(DateTimeOffset.UtcNow, StoreLock.StaleAfter).Should().BeTrue();
    }

    [Fact]
    public void Release_leaves_a_lock_that_someone_else_took_over()
    {
        var acquired = StoreLock.Acquire(StorePath, TimeSpan.FromSeconds(1), TimeProvider.System);
        var other = LockBody(Environment.ProcessId + 1, DateTimeOffset.UtcNow);
        File.WriteAllText(LockPath, other);

        acquired.Dispose();

        File.ReadAllText(LockPath).Should().Be(other);
    }

    private static string LockBody(int pid, DateTimeOffset createdAt, long? startTime = null)
    {
        var text = new StringBuilder("{\n").Append(CultureInfo.InvariantCulture, $"  \"pid\": {pid},\n  \"createdAt\": \"{createdAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\"");
        if (startTime is { } s)
        {
            text.Append(CultureInfo.InvariantCulture, $",\n  \"starttime\": {s}");
        }

        return text.Append("\n}").ToString();
    }

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }
}
