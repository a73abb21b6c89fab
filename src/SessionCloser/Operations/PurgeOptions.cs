using SessionCloser.Config;
using SessionCloser.Errors;
using SessionCloser.Purging;

namespace SessionCloser.Operations;

/// <summary>What <c>purge-archives</c> was asked for.</summary>
public sealed record PurgeOptions
{
    /// <summary>
    /// <c>--older-than</c>, as OpenClaw writes durations (<c>30d</c>, <c>12h</c>, <c>90m</c>, <c>1h30m</c>); required, and a
    /// bare number is refused. Archives and backups made longer ago than this go.
    /// </summary>
    public string? OlderThan { get; init; }

    /// <summary>The agent; null for OpenClaw's default agent from the config (or every agent with <see cref="AllAgents"/>).</summary>
    public string? AgentId { get; init; }

    /// <summary>Every agent's sessions directory: configured agents and stores found on disk.</summary>
    public bool AllAgents { get; init; }

    /// <summary>Also delete archives an operation's <c>restore</c> still needs; those operations can no longer be undone, and the log says so.</summary>
    public bool Force { get; init; }

    public string? StateDir { get; init; }

    public string? Profile { get; init; }

    /// <summary>How long to wait for the store lock (eras A/B).</summary>
    public TimeSpan LockTimeout { get; init; } = Locking.StoreLock.DefaultTimeout;

    /// <summary>Told as directories are scanned and files deleted (a live line on a terminal); a sink that throws is dropped.</summary>
    public IProgress<PurgeProgress>? Progress { get; init; }

    /// <summary>Refuses bad options (exit 2) without reading anything: a missing or bad <see cref="OlderThan"/>, <c>--agent</c> with <c>--all-agents</c>.</summary>
    public void ThrowIfInvalid() => Validate();

    /// <summary>The duration in milliseconds; a usage error (exit 2) for anything else.</summary>
    internal long Validate()
    {
        if (AllAgents && AgentId is not null)
        {
            throw new SessionCloserException(ExitCode.Usage, "--agent and --all-agents cannot be combined");
        }

        if (OlderThan is null)
        {
            throw new SessionCloserException(ExitCode.Usage, "purge-archives needs --older-than <duration> (e.g. 30d, 12h, 90m or 1h30m): how old an archive must be to go");
        }

        return OpenClawDuration.ParseMs(OlderThan, defaultUnit: null) is { } ms && ms > 0 && ms <= (long)TimeSpan.MaxValue.TotalMilliseconds
            ? ms
            : throw new SessionCloserException(ExitCode.Usage, $"--older-than \"{OlderThan}\" is not a duration: give a number with a unit, e.g. 30d, 12h, 90m or 1h30m (a bare number is refused)");
    }
}
