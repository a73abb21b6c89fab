namespace SessionCloser.Config;

/// <summary>One configured agent: an entry of <c>agents.entries</c> (keyed by id, 2026.9+) or of <c>agents.list</c>.</summary>
/// <param name="Id">The normalized id (what names the store directory).</param>
/// <param name="RawId">The id as written in the config, after <c>${VAR}</c> substitution.</param>
/// <param name="IsDefault">Whether the entry says <c>default: true</c>.</param>
internal sealed record ConfiguredAgent(string Id, string RawId, bool IsDefault);

/// <summary>How openclaw.json lists its agents.</summary>
internal enum AgentRoster
{
    /// <summary>Neither <c>agents.entries</c> nor <c>agents.list</c>: the implicit agent "main".</summary>
    None,

    /// <summary><c>agents.list: [{ id, default?, ... }]</c> (up to 2026.8; 2026.9 still reads it, moving it to entries in memory).</summary>
    List,

    /// <summary><c>agents.entries: { &lt;id&gt;: { ... } }</c> (2026.9).</summary>
    Entries,
}
