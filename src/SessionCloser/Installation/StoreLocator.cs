using SessionCloser.Config;
using SessionCloser.Eras;
using SessionCloser.FileSystem;
using SessionCloser.Keys;

namespace SessionCloser.Installation;

/// <summary>
/// Finds session stores the way OpenClaw does: <c>session.store</c> templates (resolveStorePath in
/// src/config/sessions/paths.ts) and on-disk discovery (resolveAllAgentSessionStoreTargetsSync in
/// src/config/sessions/targets.ts).
/// </summary>
internal sealed class StoreLocator
{
    private const string StoreFileName = "sessions.json";
    private const string AgentIdPlaceholder = "{agentId}";

    private readonly StateLocation _state;
    private readonly OpenClawConfig _config;
    private readonly OpenClawEnvironment _env;

    public StoreLocator(StateLocation state, OpenClawConfig config, OpenClawEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(env);
        _state = state;
        _config = config;
        _env = env;
    }

    /// <summary>True when session.store is set without {agentId}: one file for every agent.</summary>
    public bool UsesSharedStore => _config.SessionStore is { } store && !store.Contains(AgentIdPlaceholder, StringComparison.Ordinal);

    /// <summary>The store OpenClaw reads and writes for <paramref name="agentId"/> (normalized first).</summary>
    public AgentStore ForAgent(string agentId)
    {
        var id = AgentIds.Normalize(agentId);
        var path = ResolveStorePath(id);
        var source = _config.SessionStoreAgentIds.Contains(id, StringComparer.Ordinal)
            ? AgentStoreSource.Configured
            : AgentStoreSource.Requested;
        return new AgentStore(id, path, source, File.Exists(path), UsesSharedStore);
    }

    /// <summary>The agent's SQLite database (era C); see <see cref="OpenClawInstallation.DatabasePath"/>.</summary>
    public string DatabasePath(string agentId) => EraDetector.SqlitePath(_state.StateDir, agentId);

    /// <summary>resolveStorePath: the default per-agent store, or the session.store template.</summary>
    public string ResolveStorePath(string agentId)
    {
        var id = AgentIds.Normalize(agentId);
        var template = _config.SessionStore;
        if (template is null)
        {
            return Path.Join(_state.AgentsDir, id, "sessions", StoreFileName);
        }

        // Not trimmed, and relative templates resolve against the working directory, not the config's folder.
        var expanded = template.Replace(AgentIdPlaceholder, id, StringComparison.Ordinal);
        if (expanded.StartsWith('~'))
        {
            expanded = OpenClawHome.ExpandHomePrefix(expanded, OpenClawHome.ResolveRequiredHome(_env));
        }

        return NodePath.Resolve(_env.RequireCurrentDirectory(), expanded);
    }

    /// <summary>Configured stores first (config order), then stores discovered on disk; deduplicated by path.</summary>
    public IReadOnlyList<AgentStore> DiscoverAll() => Discover().Stores;

    /// <summary>Like <see cref="DiscoverAll"/>, also reporting the stores that were skipped and why.</summary>
    public StoreDiscovery Discover() => new StoreDiscoveryRun(this).Run();

    /// <summary>
    /// Configured, or has a store on disk (under its own or a discovered directory), or has its sessions directory
    /// <c>&lt;state&gt;/agents/&lt;id&gt;/sessions</c> without a store yet (an agent before its first session: no sessions),
    /// or has an agent database (era C keeps no sessions.json).
    /// </summary>
    public bool IsKnownAgent(string agentId)
    {
        var id = AgentIds.Normalize(agentId);
        return _config.SessionStoreAgentIds.Contains(id, StringComparer.Ordinal)
            || ForAgent(id).Exists
            || HasSessionsDirectory(id)
            || File.Exists(DatabasePath(id))
            || DiscoverAll().Any(s => s.AgentId == id && s.Exists);
    }

    /// <summary>Every agent id worth suggesting: configured ones, then those with stores on disk.</summary>
    public IReadOnlyList<string> KnownAgentIds() =>
        _config.SessionStoreAgentIds
            .Concat(DiscoverAll().Where(s => s.Exists).Select(s => s.AgentId))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>OpenClaw's own layout only: under a session.store template, a directory says nothing about an agent.</summary>
    private bool HasSessionsDirectory(string id) =>
        _config.SessionStore is null && Directory.Exists(Path.Join(_state.AgentsDir, id, "sessions"));

    internal StateLocation State => _state;

    internal OpenClawConfig Config => _config;

    /// <summary>
    /// resolveAgentsDirFromSessionStorePath: for ".../agents/&lt;x&gt;/sessions/sessions.json" the ".../agents"
    /// folder, whose other agents are then scanned too; null for any other layout.
    /// </summary>
    internal static string? AgentsDirOf(string storePath)
    {
        if (Path.GetFileName(storePath) != StoreFileName)
        {
            return null;
        }

        var sessionsDir = Path.GetDirectoryName(storePath);
        if (sessionsDir is null || Path.GetFileName(sessionsDir) != "sessions")
        {
            return null;
        }

        var agentsDir = Path.GetDirectoryName(Path.GetDirectoryName(sessionsDir));
        return agentsDir is not null && Path.GetFileName(agentsDir) == "agents" ? agentsDir : null;
    }
}
