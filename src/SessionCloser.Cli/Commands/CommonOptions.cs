using System.CommandLine;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>Options every command shares, with the original session-closer defaults.</summary>
internal static class CommonOptions
{
    /// <summary>No default here: the engine takes OpenClaw's default agent from the config; bin/close-project and friends pass project-lead.</summary>
    public static Option<string?> Agent() => new("--agent")
    {
        Description = "The agent whose sessions to use (default: OpenClaw's default agent from the config, as 'openclaw sessions'; main on a stock install).",
        HelpName = "id",
    };

    public static Option<string?> StateDir() => new("--state-dir")
    {
        Description = "OpenClaw's state directory (default: $OPENCLAW_STATE_DIR, then ~/.openclaw).",
        HelpName = "dir",
    };

    public static Option<string?> Profile() => new("--profile")
    {
        Description = "An OpenClaw profile: uses ~/.openclaw-<name>, like 'openclaw --profile'.",
        HelpName = "name",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON object for scripts and agents instead of text for people.",
    };

    public static Option<int> KeepBackups() => new("--keep-backups")
    {
        Description = "How many sessions.json.bak-<stamp> backups to keep per store.",
        DefaultValueFactory = _ => CloseOptions.DefaultKeepBackups,
        HelpName = "n",
    };

    public static Option<double> LockTimeout() => new("--lock-timeout")
    {
        Description = "Seconds to wait for OpenClaw's store lock.",
        DefaultValueFactory = _ => CloseOptions.DefaultLockTimeout.TotalSeconds,
        HelpName = "seconds",
    };

    /// <summary>Seconds as typed; NaN, infinities and huge values become out-of-range spans the engine refuses.</summary>
    public static TimeSpan Seconds(double seconds) =>
        double.IsFinite(seconds) && Math.Abs(seconds) <= 1e9 ? TimeSpan.FromSeconds(seconds)
        : seconds < 0 ? TimeSpan.MinValue : TimeSpan.MaxValue;
}
