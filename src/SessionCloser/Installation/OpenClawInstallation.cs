using SessionCloser.Config;
using SessionCloser.Eras;
using SessionCloser.Errors;

namespace SessionCloser.Installation;

/// <summary>
/// One OpenClaw installation as session-closer sees it: where its state is, its config, and its agents' stores.
/// The single entry point the CLI uses, so every command resolves paths the same way OpenClaw does.
/// </summary>
internal sealed class OpenClawInstallation
{
    private OpenClawInstallation(OpenClawEnvironment environment, StateLocation location, OpenClawConfig config, StoreLocator stores)
    {
        Environment = environment;
        Location = location;
        Config = config;
        Stores = stores;
    }

    /// <summary>The process snapshot the installation was resolved with.</summary>
    public OpenClawEnvironment Environment { get; }

    public StateLocation Location { get; }

    public OpenClawConfig Config { get; }

    public StoreLocator Stores { get; }

    public static OpenClawInstallation Open(OpenClawEnvironment environment, string? stateDirOption, string? profileOption)
    {
        var location = StateLocation.Resolve(environment, stateDirOption, profileOption);
        var config = OpenClawConfig.Load(location.ConfigPath, environment);
        return new OpenClawInstallation(environment, location, config, new StoreLocator(location, config, environment));
    }

    /// <summary>
    /// The store of the agent named, or with none named of OpenClaw's default agent from the config (as
    /// <c>openclaw sessions</c> picks it, <see cref="OpenClawConfig.DefaultAgentId"/>); a usage error when the config
    /// has several agents and names no default.
    /// </summary>
    public AgentStore RequireAgentOrDefault(string? agentId) => RequireAgent(
        agentId ?? Config.DefaultAgentId ?? throw new SessionCloserException(
            ExitCode.Usage,
            $"{Config.Path ?? "the config"} configures several agents ({string.Join(", ", Config.AgentIds)}) and no default one (a single default: true, or agents.ownership \"explicit\" with agents.defaults.systemAgent.agentId); pass --agent <id>"));

    /// <summary>The store of a configured agent, or of one whose sessions directory exists; otherwise a usage error.</summary>
    public AgentStore RequireAgent(string agentId)
    {
        if (JavaScript.JsText.TrimToNull(agentId) is null)
        {
            // OpenClaw reads a blank id as "main"; from a command line it is far likelier an unset variable.
            throw new SessionCloserException(ExitCode.Usage, "--agent must not be blank; name the agent (e.g. --agent main)");
        }

        if (!Stores.IsKnownAgent(agentId))
        {
            var known = Stores.KnownAgentIds();
            throw new SessionCloserException(
                ExitCode.Usage,
                $"unknown agent \"{agentId}\" in {Location.StateDir} (known: {(known.Count == 0 ? "none" : string.Join(", ", known))}); pass --agent, or --state-dir if this is the wrong OpenClaw state");
        }

        return Stores.ForAgent(agentId);
    }

    /// <summary>
    /// The agent's SQLite database (era C): <c>&lt;stateDir&gt;/agents/&lt;id&gt;/agent/openclaw-agent.sqlite</c>, as
    /// 2026.9.6's resolveOpenClawAgentSqlitePath resolves it for sessions (the state dir only: neither
    /// <c>session.store</c> nor an agent's <c>agentDir</c> moves it). It may not exist.
    /// </summary>
    public string DatabasePath(string agentId) => Stores.DatabasePath(agentId);

    public EraEvidence DetectEra(string agentId) => EraDetector.Detect(Location.StateDir, agentId, Config.LastTouchedVersion);
}
