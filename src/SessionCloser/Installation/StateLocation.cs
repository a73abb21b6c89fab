using SessionCloser.Config;

namespace SessionCloser.Installation;

/// <summary>Why a state directory was chosen; shown to people so they can tell which knob won.</summary>
internal enum StateDirSource
{
    /// <summary>Our --state-dir option (it behaves like OPENCLAW_STATE_DIR).</summary>
    Option,

    /// <summary>The OPENCLAW_STATE_DIR environment variable.</summary>
    EnvironmentVariable,

    /// <summary>--profile &lt;name&gt;: ~/.openclaw-&lt;name&gt; (or ~/.openclaw for "default").</summary>
    Profile,

    /// <summary>~/.openclaw: it exists, or nothing else does.</summary>
    Default,

    /// <summary>~/.clawdbot, used because ~/.openclaw does not exist and it does.</summary>
    Legacy,
}

/// <summary>Why a config file path was chosen.</summary>
internal enum ConfigPathSource
{
    /// <summary>The OPENCLAW_CONFIG_PATH environment variable.</summary>
    EnvironmentVariable,

    /// <summary>--profile pins the config to &lt;stateDir&gt;/openclaw.json.</summary>
    Profile,

    /// <summary>&lt;stateDir&gt;/openclaw.json (whether or not it exists).</summary>
    StateDirectory,

    /// <summary>&lt;stateDir&gt;/clawdbot.json, the pre-rename name, because openclaw.json is absent.</summary>
    LegacyFileName,

    /// <summary>A config in another default state dir (~/.openclaw or ~/.clawdbot), which OpenClaw also falls back to.</summary>
    OtherDefaultDirectory,
}

/// <summary>Where OpenClaw keeps its state and config, and how each was decided.</summary>
/// <param name="StateDir">Absolute state directory.</param>
/// <param name="ConfigPath">Absolute config file path (it may not exist).</param>
/// <param name="StateDirSource">Which rule picked <paramref name="StateDir"/>.</param>
/// <param name="ConfigPathSource">Which rule picked <paramref name="ConfigPath"/>.</param>
/// <param name="Profile">The --profile in effect, if any.</param>
internal sealed record StateLocation(
    string StateDir,
    string ConfigPath,
    StateDirSource StateDirSource,
    ConfigPathSource ConfigPathSource,
    string? Profile)
{
    /// <summary>&lt;stateDir&gt;/agents: the root under which per-agent stores are discovered.</summary>
    public string AgentsDir => Path.Join(StateDir, "agents");

    /// <summary>A short phrase for messages, e.g. "OPENCLAW_STATE_DIR" or "legacy ~/.clawdbot".</summary>
    public string StateDirReason => StateDirSource switch
    {
        StateDirSource.Option => "--state-dir",
        StateDirSource.EnvironmentVariable => "OPENCLAW_STATE_DIR",
        StateDirSource.Profile => $"--profile {Profile}",
        StateDirSource.Legacy => "legacy ~/.clawdbot (~/.openclaw does not exist)",
        _ => "default ~/.openclaw",
    };

    /// <summary>Resolves the state dir and config path exactly as OpenClaw's CLI and Gateway do.</summary>
    /// <param name="env">The environment snapshot.</param>
    /// <param name="stateDirOption">Our --state-dir; acts like OPENCLAW_STATE_DIR and wins over it.</param>
    /// <param name="profileOption">--profile; validated like OpenClaw's. OPENCLAW_PROFILE alone does not move the state dir.</param>
    public static StateLocation Resolve(OpenClawEnvironment env, string? stateDirOption, string? profileOption) =>
        StateLocationResolver.Resolve(env, stateDirOption, profileOption);
}
