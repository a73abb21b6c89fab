using AwesomeAssertions;
using Microsoft.Extensions.Time.Testing;
using SessionCloser.Errors;
using SessionCloser.Locking;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Locking;

/// <summary>
/// A held era-A store lock stays fresh in OpenClaw's eyes however long the work takes (OpenClaw 2026.4.x takes a lock
/// whose <c>createdAt</c> is 30 s old), and a lock that was lost is never committed under nor removed.
/// </summary>
public sealed class StoreLockRenewalTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly TempSandbox _sandbox = new();

    private string StorePath => Path.Join(_sandbox.Dir("agents", "a", "sessions"), "sessions.json");

    private string LockPath => StorePath + ".lock";

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_lock_held_for_minutes_is_never_stale_by_OpenClaws_rule()
    {
        var clock = new FakeTimeProvider(Start);
        using var held = StoreLock.Acquire(StorePath, TimeSpan.FromSeconds(1), clock);

        for (var second = 1; second <= 180; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var onDisk = LockFile.TryRead(LockPath)!;
            onDisk.Pid.Should().Be(Environment.ProcessId);
            onDisk.IsStale(clock.GetUtcNow(), StoreLock.StaleAfter).Should().BeFalse($"{second} s after it was taken");
            (clock.GetUtcNow() - onDisk.CreatedAt!.Value).Should().BeLessThanOrEqualTo(StoreLock.RenewEvery);
        }

        held.Dispose();
        File.Exists(LockPath).Should().BeFalse("the renewed lock is still ours to release");
        Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(LockPath)!).Should().BeEmpty("no renewal leaves a temp file");
    }

    [Fact]
    public void Without_a_renewal_the_same_hold_would_be_stale()
    {
        // The rule the renewal defends against, seen on a body that is never renewed.
        var clock = new FakeTimeProvider(Start);
        using var held = StoreLock.Acquire(StorePath, TimeSpan.FromSeconds(1), clock);
        var first = LockFile.TryRead(LockPath)!;

        clock.Advance(TimeSpan.FromSeconds(31));

        first.IsStale(clock.GetUtcNow(), StoreLock.StaleAfter).Should().BeTrue();
        LockFile.TryRead(LockPath)!.IsStale(clock.GetUtcNow(), StoreLock.StaleAfter).Should().BeFalse();
    }

    [Fact]
    public void Confirm_renews_the_lock_at_once()
    {
        var clock = new FakeTimeProvider(Start);
        using var held = StoreLock.Acquire(StorePath, TimeSpan.FromSeconds(1), clock);
        clock.AdjustTime(Start.AddSeconds(9)); // moves the time without firing the timer

        held.Confirm();

        LockFile.TryRead(LockPath)!.CreatedAt.Should().Be(Start.AddSeconds(9));
    }

    [Theory]
    [InlineData("taken over")]
    [InlineData("removed")]
    public void A_lost_lock_fails_Confirm_and_is_never_touched_again(string how)
    {
        var clock = new FakeTimeProvider(Start);
        var held = StoreLock.Acquire(StorePath, TimeSpan.FromSeconds(1), clock);
        const string Other = "{\n  \"pid\": 1,\n  \"createdAt\": \"2026-12-02T12:00:05.000Z\"\n}";
        if (how == "taken over")
        {
            File.WriteAllText(LockPath, Other);
        }
        else
        {
            File.Delete(LockPath);
        }

        clock.Advance(StoreLock.RenewEvery * 3);
        var confirm = held.Confirm;

        confirm.Should().Throw<SessionCloserException>()
            .Which.Should().Match<SessionCloserException>(e => e.ExitCode == ExitCode.StoreError && e.Message.Contains("lost the store lock"));
        if (how == "taken over")
        {
            File.ReadAllText(LockPath).Should().Be(Other, "the new holder's lock is neither renewed nor replaced");
        }
        else
        {
            File.Exists(LockPath).Should().BeFalse("a removed lock is not brought back by a renewal");
        }

        held.Dispose();
        (how == "taken over" ? File.ReadAllText(LockPath) : null).Should().Be(how == "taken over" ? Other : null, "release leaves someone else's lock");
    }

    [Fact]
    public void No_renewal_happens_after_release()
    {
        var clock = new FakeTimeProvider(Start);
        var held = StoreLock.Acquire(StorePath, TimeSpan.FromSeconds(1), clock);
        held.Dispose();

        clock.Advance(StoreLock.RenewEvery * 3);

        File.Exists(LockPath).Should().BeFalse();
        held.Renew().Should().BeFalse();
    }
}
