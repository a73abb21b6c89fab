using SessionCloser.Closing;

namespace SessionCloser.Conformance.Infrastructure;

/// <summary>
/// The one place the conformance tests drive session-closer. Today it calls the engine (<see cref="FileCloser"/>);
/// it can later run <c>bin/session-closer close|keep-only … --json</c> instead without touching the tests.
/// </summary>
public sealed class SessionCloserDriver(TimeProvider? clock = null)
{
    public TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    public CloseReport Close(string storePath, string agentId, params string[] arguments) =>
        Run(new CloseRequest { StorePath = storePath, AgentId = agentId, Mode = CloseMode.Close, Arguments = arguments });

    public CloseReport KeepOnly(string storePath, string agentId, params string[] keep) =>
        Run(new CloseRequest { StorePath = storePath, AgentId = agentId, Mode = CloseMode.KeepOnly, Arguments = keep });

    internal CloseReport Run(CloseRequest request) => new FileCloser(Clock).Close(request);
}

/// <summary>A clock shifted into the past, so session-closer's archive stamps are already old.</summary>
public sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().Add(shift);
}
