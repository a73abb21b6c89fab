using SessionCloser.FileSystem;
using SessionCloser.JavaScript;
using SessionCloser.Keys;

namespace SessionCloser.Installation;

/// <summary>One pass of store discovery; holds the per-pass caches so <see cref="StoreLocator"/> stays stateless.</summary>
internal sealed class StoreDiscoveryRun(StoreLocator locator)
{
    private const string StoreFileName = "sessions.json";

    private readonly Dictionary<string, string?> _realRoots = new(StringComparer.Ordinal);
    private readonly List<AgentStore> _stores = [];
    private readonly List<SkippedStore> _skipped = [];

    private enum Validation
    {
        Valid,
        Missing,
        Rejected,
    }

    public StoreDiscovery Run()
    {
        var configured = ConfiguredTargets();
        foreach (var (agentId, storePath) in configured)
        {
            AddConfigured(agentId, storePath);
        }

        foreach (var agentsRoot in AgentsRoots(configured))
        {
            ScanAgentsRoot(agentsRoot);
        }

        return new StoreDiscovery(_stores, _skipped);
    }

    /// <summary>One target per configured agent, the first agent keeping a path several share.</summary>
    private List<(string AgentId, string StorePath)> ConfiguredTargets()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var targets = new List<(string, string)>();
        foreach (var id in locator.Config.SessionStoreAgentIds)
        {
            var path = locator.ResolveStorePath(id);
            if (seen.Add(path))
            {
                targets.Add((id, path));
            }
        }

        return targets;
    }

    /// <summary>The agents folders of configured stores, then &lt;stateDir&gt;/agents, without repeats.</summary>
    private List<string> AgentsRoots(List<(string AgentId, string StorePath)> configured)
    {
        var stateAgentsDir = locator.State.AgentsDir;
        var roots = new List<string>();
        foreach (var (_, path) in configured)
        {
            if (StoreLocator.AgentsDirOf(path) is { } root && !roots.Contains(root, StringComparer.Ordinal))
            {
                roots.Add(root);
            }
        }

        if (!roots.Contains(stateAgentsDir, StringComparer.Ordinal))
        {
            roots.Add(stateAgentsDir);
        }

        return roots;
    }

    private void AddConfigured(string agentId, string storePath)
    {
        var shared = locator.UsesSharedStore;
        if (StoreLocator.AgentsDirOf(storePath) is not { } agentsRoot)
        {
            // Outside the agents/<id>/sessions layout OpenClaw uses the path as configured, unchecked.
            Add(new AgentStore(agentId, storePath, AgentStoreSource.Configured, File.Exists(storePath), shared));
            return;
        }

        var (validation, realPath) = Validate(Path.GetDirectoryName(storePath)!, agentsRoot);
        switch (validation)
        {
            case Validation.Valid:
                Add(new AgentStore(agentId, realPath!, AgentStoreSource.Configured, Exists: true, shared));
                break;
            case Validation.Missing:
                // OpenClaw drops a configured store that does not exist yet; we list it so callers can say so.
                Add(new AgentStore(agentId, storePath, AgentStoreSource.Configured, Exists: false, shared));
                break;
            default:
                break;
        }
    }

    private void ScanAgentsRoot(string agentsRoot)
    {
        if (RealRoot(agentsRoot) is null)
        {
            return;
        }

        foreach (var dirName in AgentDirectoryNames(agentsRoot))
        {
            var sessionsDir = Path.Join(agentsRoot, dirName, "sessions");
            var (validation, realPath) = Validate(sessionsDir, agentsRoot);
            if (validation != Validation.Valid)
            {
                continue;
            }

            var agentId = AgentIds.Normalize(dirName);
            if (agentId == AgentIds.DefaultAgentId && JsText.ToLower(JsText.Trim(dirName)) != AgentIds.DefaultAgentId)
            {
                // A name that collapses to "main" (e.g. "!!!") must not be mistaken for the main agent.
                _skipped.Add(new SkippedStore(realPath!, $"directory name \"{dirName}\" would normalize to \"main\""));
                continue;
            }

            Add(new AgentStore(agentId, realPath!, AgentStoreSource.Discovered, Exists: true, IsShared: false));
        }
    }

    /// <summary>
    /// Real directories only: a symlinked agent directory is skipped (Node's Dirent.isDirectory() is false for it).
    /// Ordinal by name, so the order is the same on every machine.
    /// </summary>
    private List<string> AgentDirectoryNames(string agentsRoot)
    {
        try
        {
            return new DirectoryInfo(agentsRoot).EnumerateDirectories()
                .Where(d => d.LinkTarget is null)
                .Select(d => d.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _skipped.Add(new SkippedStore(agentsRoot, "agents directory cannot be listed: " + e.Message));
            return [];
        }
    }

    /// <summary>
    /// resolveValidatedDiscoveredStorePathSync: the store must be a regular file, not itself a symlink, and its real
    /// path must lie inside the real agents root (a symlinked sessions directory is fine if it stays inside).
    /// </summary>
    private (Validation, string?) Validate(string sessionsDir, string agentsRoot)
    {
        var storePath = Path.Join(sessionsDir, StoreFileName);
        try
        {
            var file = new FileInfo(storePath);
            if (file.LinkTarget is not null)
            {
                return Reject(storePath, "is a symbolic link");
            }

            if (!file.Exists)
            {
                return Directory.Exists(storePath) ? Reject(storePath, "is not a regular file") : (Validation.Missing, null);
            }

            var realRoot = RealRoot(agentsRoot);
            var realStore = RealPath.TryResolve(storePath);
            if (realRoot is null || realStore is null)
            {
                return (Validation.Missing, null);
            }

            return NodePath.IsWithin(realRoot, realStore)
                ? (Validation.Valid, realStore)
                : Reject(storePath, $"resolves to {realStore}, outside {realRoot}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Reject(storePath, "cannot be inspected: " + e.Message);
        }
    }

    private (Validation, string?) Reject(string storePath, string reason)
    {
        // Configured stores are validated again when their folder is scanned; report each path once.
        if (!_skipped.Exists(s => s.Path == storePath))
        {
            _skipped.Add(new SkippedStore(storePath, reason));
        }

        return (Validation.Rejected, null);
    }

    private string? RealRoot(string agentsRoot)
    {
        if (!_realRoots.TryGetValue(agentsRoot, out var real))
        {
            real = RealPath.TryResolve(agentsRoot);
            _realRoots[agentsRoot] = real;
        }

        return real;
    }

    /// <summary>Deduplicates by path: the first listing wins, and a configured store found again becomes Both.</summary>
    private void Add(AgentStore store)
    {
        var index = _stores.FindIndex(s => s.StorePath == store.StorePath);
        if (index < 0)
        {
            _stores.Add(store);
        }
        else if (store.Source == AgentStoreSource.Discovered && _stores[index].Source == AgentStoreSource.Configured)
        {
            _stores[index] = _stores[index] with { Source = AgentStoreSource.Both };
        }
    }
}
