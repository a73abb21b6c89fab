using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Locking;
using SessionCloser.Transactions;

namespace SessionCloser.Operations;

/// <summary>What <c>close</c> or <c>keep-only</c> was asked to do, as a front end parsed it.</summary>
public sealed record CloseOptions
{
    /// <summary>How many <c>sessions.json.bak-&lt;stamp&gt;</c> backups stay per store unless told otherwise.</summary>
    public static int DefaultKeepBackups => StoreBackups.DefaultKeep;

    /// <summary>How long to wait for OpenClaw's store lock unless told otherwise.</summary>
    public static TimeSpan DefaultLockTimeout => StoreLock.DefaultTimeout;

    public required CloseMode Mode { get; init; }

    /// <summary>Project ids or session keys, as the user typed them.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The agent; null for OpenClaw's default agent from the config (<c>main</c> on a stock install).</summary>
    public string? AgentId { get; init; }

    /// <summary>OpenClaw's state directory (<c>--state-dir</c>); null to resolve it as OpenClaw does.</summary>
    public string? StateDir { get; init; }

    /// <summary>An OpenClaw profile (<c>--profile</c>).</summary>
    public string? Profile { get; init; }

    /// <summary>Report the plan; change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Close sessions with a run in progress; with <see cref="BackendPreference.Files"/>, edit an unlocked store beside its gateway.</summary>
    public bool Force { get; init; }

    /// <summary>keep-only: proceed even if a keep argument matches no session.</summary>
    public bool AllowMissing { get; init; }

    /// <summary>Close by archiving through the gateway (2026.7.1+) instead of deleting.</summary>
    public bool Archive { get; init; }

    /// <summary>Run <c>openclaw gateway restart</c> once afterwards if anything was closed.</summary>
    public bool RestartGateway { get; init; }

    public int KeepBackups { get; init; } = StoreBackups.DefaultKeep;

    public TimeSpan LockTimeout { get; init; } = StoreLock.DefaultTimeout;

    public BackendPreference Backend { get; init; } = BackendPreference.Auto;

    /// <summary>Close by selectors instead of by name (<see cref="SweepOperation"/>); null closes the sessions <see cref="Arguments"/> name.</summary>
    public SessionSelector? Selector { get; init; }

    /// <summary>Every agent's store (<c>--all-agents</c>; selector runs only).</summary>
    public bool AllAgents { get; init; }

    /// <summary>How to reach the gateway: <c>--url</c>, <c>--token</c>, <c>--password</c>, <c>--timeout</c>.</summary>
    public GatewayConnectionOptions Gateway { get; init; } = new();

    /// <summary>
    /// Told each outcome line as soon as it is known, in report order, and how many sessions are done (for a progress
    /// line); the final <see cref="CloseResult"/> still holds every outcome. Not used in a dry run.
    /// </summary>
    public IProgress<CloseProgress>? Progress { get; init; }

    /// <summary>The options every command that writes a store shares (close, keep-only, restore), each refused by name.</summary>
    internal static void ValidateWriteOptions(int keepBackups, TimeSpan lockTimeout)
    {
        if (keepBackups < 1)
        {
            throw new SessionCloserException(ExitCode.Usage, $"--keep-backups must be at least 1 (got {keepBackups})");
        }

        if (lockTimeout < TimeSpan.Zero || lockTimeout > TimeSpan.FromHours(1))
        {
            throw new SessionCloserException(ExitCode.Usage, "--lock-timeout must be a number of seconds from 0 to 3600");
        }
    }

    /// <summary>Refuses option combinations that cannot work, before anything is read.</summary>
    internal void Validate()
    {
        if (Arguments.Count == 0)
        {
            throw new SessionCloserException(ExitCode.Usage, "name at least one project id or session key");
        }

        ValidateWriteOptions(KeepBackups, LockTimeout);
        Gateway.Validate();

        if (Archive && Backend == BackendPreference.Files)
        {
            throw new SessionCloserException(ExitCode.Usage, "--archive closes through the gateway; it cannot be combined with --backend files");
        }
    }
}
