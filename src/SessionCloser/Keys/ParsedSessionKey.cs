
namespace SessionCloser.Keys;

/// <summary>An agent-scoped key <c>agent:&lt;AgentId&gt;:&lt;Rest&gt;</c>, already normalized.</summary>
/// <param name="AgentId">The agent segment as it appears in the key (trimmed, lowercased), like OpenClaw's
/// parseAgentSessionKey. It is not rewritten by the agent-id rules; see <see cref="OwnerAgentId"/>.</param>
/// <param name="Rest">Everything after the agent segment; may itself contain ':'.</param>
internal sealed record ParsedSessionKey(string AgentId, string Rest)
{
    /// <summary>The agent whose store owns this key (OpenClaw's resolveAgentIdFromSessionKey).</summary>
    public string OwnerAgentId => AgentIds.Normalize(AgentId);
}
