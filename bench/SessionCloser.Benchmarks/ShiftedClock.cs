namespace SessionCloser.Benchmarks;

/// <summary>
/// Real time, moved so that it starts at the generator's clock: generated states look current (recent
/// <c>updatedAt</c>, live transcript locks stay live) and timeouts still elapse normally.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset startAt) : TimeProvider
{
    private readonly TimeSpan _offset = startAt - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
