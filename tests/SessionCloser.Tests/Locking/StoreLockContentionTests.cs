using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.Locking;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Locking;

/// <summary>
/// Issue 10, defect 3: a lock released between our failed exclusive create and the re-check is contention, not an
/// I/O error; and waiters poll often enough that none starves behind parallel closes and a writer that re-takes the
/// lock every few milliseconds. No timing is asserted (the suite runs at load average 10); waits are reported.
/// </summary>
public sealed class StoreLockContentionTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    private readonly TempSandbox _sandbox = new();

    private string StorePath => Path.Join(_sandbox.Dir("agents", "a", "sessions"), "sessions.json");

    private string LockPath => StoreLock.PathFor(StorePath);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_lock_released_between_the_failed_create_and_the_recheck_is_taken_without_an_error()
    {
        using var holder = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            File.WriteAllText(LockPath, LockBody(holder.Id));
            var failedCreates = 0;
            var waits = 0;

            using (StoreLock.Acquire(StorePath, Generous, TimeProvider.System, onWait: _ => waits++, afterFailedCreate: () =>
            {
                // The holder releases its lock right after our create failed, before we look at it again.
                if (failedCreates++ == 0)
                {
                    File.Delete(LockPath);
                }
            }))
            {
                LockFile.TryRead(LockPath)!.Pid.Should().Be(Environment.ProcessId);
            }

            failedCreates.Should().Be(1);
            waits.Should().Be(0, "a vanished lock is free: take it at once instead of sleeping");
            File.Exists(LockPath).Should().BeFalse();
        }
        finally
        {
            holder.Kill();
        }
    }

    [Fact]
    public void Try_create_says_taken_for_an_existing_lock_and_fails_for_a_missing_directory()
    {
        File.WriteAllText(LockPath, "{}");

        StoreLock.TryCreate(LockPath, [1]).Should().BeFalse();
        File.ReadAllText(LockPath).Should().Be("{}");
        var act = () => StoreLock.TryCreate(Path.Join(_sandbox.Root, "missing", "sessions.json.lock"), [1]);
        act.Should().Throw<DirectoryNotFoundException>();
    }

    [Fact]
    public void A_directory_where_the_lock_belongs_is_a_store_error_not_a_wait()
    {
        Directory.CreateDirectory(LockPath);

        var act = () => StoreLock.Acquire(StorePath, Generous, TimeProvider.System);

        act.Should().Throw<SessionCloserException>().Which.Should().Match<SessionCloserException>(e =>
            e.ExitCode == ExitCode.StoreError && e.Message.Contains("is a directory", StringComparison.Ordinal));
        Directory.Exists(LockPath).Should().BeTrue();
    }

    [Fact]
    public void The_back_off_stays_short_and_jittered()
    {
        var random = new Random(10);
        var delays = Enumerable.Range(1, 2000).Select(wait => StoreLock.Backoff(wait, random)).ToList();

        delays.Should().OnlyContain(d => d > TimeSpan.Zero && d <= StoreLock.MaxBackoff);
        StoreLock.MaxBackoff.Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        delays.Skip(10).Distinct().Should().HaveCountGreaterThan(100, "jitter keeps waiters from retrying in step");
    }

    /// <param name="openClawWriter">Add a writer that re-takes the lock every few ms, as OpenClaw's store writer does.</param>
    /// <param name="pauseMs">
    /// Work between two closes of one closer outside the lock (a real close re-reads and plans first; 0 is the
    /// harshest case: the releaser barges straight back in).
    /// </param>
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void Eight_parallel_closers_all_get_the_lock_and_never_overlap(bool openClawWriter, int pauseMs)
    {
        const int closers = 8;
        const int rounds = 25;
        var inside = 0;
        var overlaps = 0;
        var waits = new ConcurrentBag<TimeSpan>();
        var errors = new ConcurrentBag<Exception>();
        using var done = new CancellationTokenSource();

        void Hold()
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Thread.Sleep(1);
            Interlocked.Decrement(ref inside);
        }

        var writerRounds = 0;
        var writer = new Thread(() =>
        {
            // OpenClaw's store writer: exclusive create, a short write, delete; and back at it a few ms later.
            try
            {
                while (!done.IsCancellationRequested)
                {
                    if (TryTakeAsOpenClaw())
                    {
                        Hold();
                        File.Delete(LockPath);
                        writerRounds++;
                    }

                    Thread.Sleep(2);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(e);
            }
        });
        if (openClawWriter)
        {
            writer.Start();
        }

        // Warm up (JIT, first file-system calls) so the waits measure contention, not start-up.
        StoreLock.Acquire(StorePath, Generous, TimeProvider.System).Dispose();
        var total = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, closers).Select(_ => new Thread(() =>
        {
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    using var held = StoreLock.Acquire(StorePath, Generous, TimeProvider.System);
                    waits.Add(watch.Elapsed);
                    Hold();
                }
                catch (Exception e) when (e is SessionCloserException or IOException)
                {
                    errors.Add(e);
                }

                Thread.Sleep(pauseMs);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        done.Cancel();
        if (openClawWriter)
        {
            writer.Join();
        }

        errors.Should().BeEmpty();
        overlaps.Should().Be(0);
        waits.Should().HaveCount(closers * rounds);
        var sorted = waits.Order().ToList();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{closers} closers x {rounds} rounds, {pauseMs} ms between, OpenClaw-style writer: {openClawWriter} ({writerRounds} writer holds): worst wait {sorted[^1].TotalMilliseconds:0.0} ms, p95 {sorted[(int)(sorted.Count * 0.95)].TotalMilliseconds:0.0} ms, median {sorted[sorted.Count / 2].TotalMilliseconds:0.0} ms, total {total.Elapsed.TotalSeconds:0.00} s"));
    }

    private bool TryTakeAsOpenClaw()
    {
        try
        {
            using var stream = new FileStream(LockPath, FileMode.CreateNew, FileAccess.Write);
            stream.Write(Encoding.UTF8.GetBytes(LockBody(Environment.ProcessId)));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string LockBody(int pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\n  \"pid\": {pid},\n  \"createdAt\": \"{DateTimeOffset.UtcNow.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\"\n}}");
}
