using SessionCloser.Config;
using SessionCloser.Operations;

namespace SessionCloser.Tests.Selecting;

/// <summary>An operation context on a state directory with no gateway listening (the files backend), at a fixed time.</summary>
internal static class SelectingContext
{
    public static OperationContext Files(string stateDir, DateTimeOffset now) => new(
        new OpenClawEnvironment(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = stateDir,
                ["OPENCLAW_STATE_DIR"] = stateDir,
                ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9", // nothing listens: the files backend
            },
            osHomeDirectory: stateDir,
            currentDirectory: stateDir),
        new FixedTime(now));
}

/// <summary>A clock that always says <paramref name="now"/>: ages and <c>--older-than</c> are exact.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
