namespace SessionCloser.Cli.Tests;

/// <summary>
/// A clock that moves only when told (<see cref="Advance"/>), starting at <see cref="FixedClock.Now"/>; its timers fire
/// on the caller's thread inside <see cref="Advance"/>, so a test sees exactly what a second of waiting does.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<Timer> _timers = [];
    private TimeSpan _elapsed;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return FixedClock.Now + _elapsed;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _elapsed.Ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Moves time on and fires every timer that comes due meanwhile, in order.</summary>
    public void Advance(TimeSpan by)
    {
        TimeSpan target;
        lock (_lock)
        {
            target = _elapsed + by;
        }

        while (true)
        {
            Timer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    _elapsed = target;
                    return;
                }

                _elapsed = next.Due!.Value;
                next.Due = next.Period == Timeout.InfiniteTimeSpan || next.Period == TimeSpan.Zero ? null : _elapsed + next.Period;
            }

            next.Fire();
        }
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._elapsed + dueTime;
                Period = period;
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                Due = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
