using SessionCloser.Config;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.JavaScript;

namespace SessionCloser.Installation;

/// <summary>
/// The rules of OpenClaw's resolveStateDir / resolveConfigPath (src/config/paths.ts) and --profile
/// (src/cli/profile.ts, applyCliProfileEnv), checked against the published 2026.4.29 and 2026.7.35 code.
/// </summary>
internal static class StateLocationResolver
{
    internal const string StateDirName = ".openclaw";
    internal const string LegacyStateDirName = ".clawdbot";
    internal const string ConfigFileName = "openclaw.json";
    internal const string LegacyConfigFileName = "clawdbot.json";

    public static StateLocation Resolve(OpenClawEnvironment env, string? stateDirOption, string? profileOption)
    {
        ArgumentNullException.ThrowIfNull(env);
        var (stateOverride, overrideSource) = ReadStateOverride(env, stateDirOption);
        var profile = ValidateProfile(profileOption);

        // OPENCLAW_TEST_FAST=1 (exact text) makes OpenClaw skip every existence probe; honour it so test rigs agree.
        var fast = string.Equals(env.GetRaw("OPENCLAW_TEST_FAST"), "1", StringComparison.Ordinal);

        string stateDir;
        StateDirSource stateSource;
        if (stateOverride is not null)
        {
            stateDir = OpenClawHome.ResolveUserPath(stateOverride, env);
            stateSource = overrideSource;
        }
        else if (profile is not null)
        {
            stateDir = NodePath.Join(OpenClawHome.ResolveRequiredHome(env), ProfileNames.StateDirectoryName(profile));
            stateSource = StateDirSource.Profile;
        }
        else
        {
            (stateDir, stateSource) = ResolveDefaultStateDir(env, fast);
        }

        var (configPath, configSource) = ResolveConfigPath(env, stateDir, stateOverride is not null, profile is not null, fast);
        return new StateLocation(stateDir, configPath, stateSource, configSource, profile);
    }

    private static (string? Value, StateDirSource Source) ReadStateOverride(OpenClawEnvironment env, string? stateDirOption)
    {
        if (stateDirOption is not null)
        {
            var trimmed = JsText.TrimToNull(stateDirOption)
                ?? throw new SessionCloserException(ExitCode.Usage, "--state-dir must not be blank.");
            return (trimmed, StateDirSource.Option);
        }

        return (env.Get("OPENCLAW_STATE_DIR"), StateDirSource.EnvironmentVariable);
    }

    private static string? ValidateProfile(string? profileOption)
    {
        if (profileOption is null)
        {
            return null;
        }

        if (profileOption.Length == 0)
        {
            throw new SessionCloserException(ExitCode.Usage, "--profile requires a value.");
        }

        // OpenClaw validates the raw argument, so " work" is rejected rather than trimmed.
        return ProfileNames.IsValid(profileOption)
            ? profileOption
            : throw new SessionCloserException(
                ExitCode.Usage,
                $"Invalid --profile \"{profileOption}\" (use letters, numbers, \"_\", \"-\" only; at most 64 characters).");
    }

    private static (string, StateDirSource) ResolveDefaultStateDir(OpenClawEnvironment env, bool fast)
    {
        var home = OpenClawHome.ResolveRequiredHome(env);
        var newDir = NodePath.Join(home, StateDirName);
        if (fast || Path.Exists(newDir))
        {
            return (newDir, StateDirSource.Default);
        }

        var legacyDir = NodePath.Join(home, LegacyStateDirName);
        return Path.Exists(legacyDir) ? (legacyDir, StateDirSource.Legacy) : (newDir, StateDirSource.Default);
    }

    private static (string, ConfigPathSource) ResolveConfigPath(
        OpenClawEnvironment env, string stateDir, bool hasStateOverride, bool hasProfile, bool fast)
    {
        if (env.Get("OPENCLAW_CONFIG_PATH") is { } explicitPath)
        {
            return (OpenClawHome.ResolveUserPath(explicitPath, env), ConfigPathSource.EnvironmentVariable);
        }

        var canonical = Path.Join(stateDir, ConfigFileName);
        if (hasProfile)
        {
            // applyCliProfileEnv sets OPENCLAW_CONFIG_PATH=<stateDir>/openclaw.json, so no legacy names and no fallbacks.
            return (canonical, ConfigPathSource.Profile);
        }

        if (fast)
        {
            return (canonical, ConfigPathSource.StateDirectory);
        }

        if (Path.Exists(canonical))
        {
            return (canonical, ConfigPathSource.StateDirectory);
        }

        var legacy = Path.Join(stateDir, LegacyConfigFileName);
        if (Path.Exists(legacy))
        {
            return (legacy, ConfigPathSource.LegacyFileName);
        }

        if (hasStateOverride)
        {
            return (canonical, ConfigPathSource.StateDirectory);
        }

        // Without an override, OpenClaw also accepts a config left in the other default dir
        // (resolveConfigPathCandidate: ~/.openclaw then ~/.clawdbot, each openclaw.json then clawdbot.json).
        var home = OpenClawHome.ResolveRequiredHome(env);
        foreach (var dirName in (ReadOnlySpan<string>)[StateDirName, LegacyStateDirName])
        {
            foreach (var fileName in (ReadOnlySpan<string>)[ConfigFileName, LegacyConfigFileName])
            {
                var candidate = Path.Join(NodePath.Join(home, dirName), fileName);
                if (Path.Exists(candidate))
                {
                    return (candidate, ConfigPathSource.OtherDefaultDirectory);
                }
            }
        }

        return (canonical, ConfigPathSource.StateDirectory);
    }
}
