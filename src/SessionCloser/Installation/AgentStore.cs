namespace SessionCloser.Installation;

/// <summary>How a store came to be listed.</summary>
public enum AgentStoreSource
{
    /// <summary>From the config: agents.list (or the implicit "main") and ACP agents.</summary>
    Configured,

    /// <summary>Found on disk under an agents root only; e.g. a retired agent's store.</summary>
    Discovered,

    /// <summary>Configured and also found on disk.</summary>
    Both,

    /// <summary>Neither: resolved only because someone asked for this agent by id.</summary>
    Requested,
}

/// <summary>One agent's session store.</summary>
/// <param name="AgentId">Normalized agent id. For a shared store, the first configured agent (as OpenClaw lists it).</param>
/// <param name="StorePath">Absolute path of sessions.json. Stores validated on disk are given by their real path.</param>
/// <param name="Source">Configured, discovered, or both.</param>
/// <param name="Exists">Whether the store file exists now. Configured stores are listed even when missing.</param>
/// <param name="IsShared">
/// True when session.store has no {agentId}: every agent then shares this one file, and OpenClaw's Gateway
/// treats its keys as belonging to the default agent.
/// </param>
public sealed record AgentStore(string AgentId, string StorePath, AgentStoreSource Source, bool Exists, bool IsShared)
{
    /// <summary>The directory of the store file, where transcripts and other session artifacts live.</summary>
    public string SessionsDirectory => Path.GetDirectoryName(StorePath) ?? StorePath;
}

/// <summary>A store discovery passed over, and why (shown so people are not surprised by a missing agent).</summary>
/// <param name="Path">The sessions.json path that was considered.</param>
/// <param name="Reason">Why it was skipped, e.g. "is a symbolic link".</param>
internal sealed record SkippedStore(string Path, string Reason);

/// <summary>The stores found by <see cref="StoreLocator.Discover"/>, plus those deliberately skipped.</summary>
internal sealed record StoreDiscovery(IReadOnlyList<AgentStore> Stores, IReadOnlyList<SkippedStore> Skipped);
