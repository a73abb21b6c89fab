using SessionCloser.Artifacts;
using SessionCloser.Eras;

namespace SessionCloser.Purging;

/// <summary>One sessions directory to purge: the agent(s) whose store is there, the store's path and the era.</summary>
/// <param name="AgentId">The agent (the first, for a directory several agents share).</param>
/// <param name="AgentIds">Every agent whose store is in this directory.</param>
/// <param name="StorePath">The agent's <c>sessions.json</c> (it may not exist; in era C it is a legacy store at most).</param>
/// <param name="Era">The storage era: A/B read the store's entries and take its lock; C reads the database.</param>
/// <param name="DatabasePath">Era C: the agent's <c>openclaw-agent.sqlite</c> (read only); null otherwise.</param>
internal sealed record PurgeTarget(string AgentId, IReadOnlyList<string> AgentIds, string StorePath, StorageEra Era, string? DatabasePath)
{
    public SessionsDirectory Directory { get; } = new(Path.GetDirectoryName(Path.GetFullPath(StorePath))!, Path.GetFileName(StorePath));

    /// <summary>
    /// Eras A and B: a close or restore by session-closer renames archives under the store lock, so a purge takes it
    /// too. Era C: only the gateway changes anything there and no session-closer run renames a file; no lock file is
    /// made beside OpenClaw's database.
    /// </summary>
    public bool TakesStoreLock => Era != StorageEra.SqliteBehindGateway;
}
