namespace SessionCloser.Cli.Tests;

/// <summary>A clock that always says <see cref="Now"/>: ages, archive stamps and backup names come out the same every run.</summary>
internal sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2026, 9, 21, 12, 0, 0, TimeSpan.Zero);

    public static long NowMs => Now.ToUnixTimeMilliseconds();

    /// <summary>The stamp OpenClaw (and session-closer) put in archive and backup names at <see cref="Now"/>.</summary>
    public const string Stamp = "2026-09-21T12-00-00.000Z";

    public override DateTimeOffset GetUtcNow() => Now;
}
