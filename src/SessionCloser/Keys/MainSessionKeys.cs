using SessionCloser.JavaScript;


namespace SessionCloser.Keys;

/// <summary>
/// The main session of an agent and the aliases OpenClaw folds into it (src/config/sessions/main-session.ts,
/// canonicalizeMainSessionAlias). Closing any of these would close the agent's main conversation.
/// </summary>
/// <remarks>
/// OpenClaw 2026.4.29 and 2026.7.35 both rewrite <c>session.mainKey</c> to "main" when they load the config
/// ("session.mainKey is ignored; main session is always \"main\""), so at run time the main key is always
/// <c>agent:&lt;id&gt;:main</c>. A configured mainKey is still honoured here because stores written by older
/// releases may hold keys built from it; protecting them too is the safe side.
/// </remarks>
internal static class MainSessionKeys
{
    public const string DefaultMainKey = "main";

    /// <summary>normalizeMainKey: trimmed and lowercased, "main" when blank.</summary>
    public static string NormalizeMainKey(string? mainKey)
    {
        var normalized = JsText.TrimLower(mainKey ?? "");
        return normalized.Length == 0 ? DefaultMainKey : normalized;
    }

    /// <summary>
    /// The agent's main session key: <c>agent:&lt;normalized id&gt;:&lt;mainKey&gt;</c>, or "global" when
    /// <paramref name="scope"/> is "global" (compared exactly, as OpenClaw does).
    /// </summary>
    public static string For(string agentId, string? mainKey = null, string? scope = null) =>
        scope == "global" ? SessionKeys.Global : Build(AgentIds.Normalize(agentId), NormalizeMainKey(mainKey));

    /// <summary>
    /// Every spelling that canonicalizes to the agent's main session: bare "main", the bare mainKey,
    /// <c>agent:&lt;id&gt;:main</c>, <c>agent:&lt;id&gt;:&lt;mainKey&gt;</c>, and the legacy
    /// <c>agent:main:main</c> / <c>agent:main:&lt;mainKey&gt;</c> that older releases wrote with the hard-coded
    /// default agent (OpenClaw applies those two to every agent, not only "main").
    /// </summary>
    public static IReadOnlyList<string> Aliases(string agentId, string? mainKey = null)
    {
        var id = AgentIds.Normalize(agentId);
        var key = NormalizeMainKey(mainKey);
        string[] all =
        [
            Build(id, key), Build(id, DefaultMainKey), DefaultMainKey, key,
            Build(AgentIds.DefaultAgentId, key), Build(AgentIds.DefaultAgentId, DefaultMainKey),
        ];
        return all.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// True for keys a close must never touch for this agent: its main session under any alias (in any case),
    /// <c>global</c> and <c>unknown</c>. The scope does not narrow this: with scope "global" the aliases map to
    /// "global", which is protected anyway.
    /// </summary>
    /// <remarks>
    /// Slightly wider than OpenClaw, on purpose: <c>agent:&lt;x&gt;:main</c> is also protected when x is a
    /// spelling of the agent id that only normalizeAgentId makes equal (e.g. "My Bot" for agent "my-bot").
    /// </remarks>
    public static bool IsProtected(string key, string agentId, string mainKey = DefaultMainKey, string? scope = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _ = scope; // Kept for callers that pass config through; see the summary for why it cannot narrow.
        return IsProtected(key, Aliases(agentId, mainKey), AgentIds.Normalize(agentId), NormalizeMainKey(mainKey));
    }

    /// <summary>
    /// <see cref="IsProtected(string, string, string, string?)"/> for many keys of one agent (<c>list</c> asks for every
    /// entry): the agent's aliases, normalized id and main key are worked out once, not once per key.
    /// </summary>
    public static Func<string, bool> ProtectedKeysOf(string agentId, string mainKey = DefaultMainKey)
    {
        var aliases = Aliases(agentId, mainKey);
        var owner = AgentIds.Normalize(agentId);
        var normalizedMainKey = NormalizeMainKey(mainKey);
        return key =>
        {
            ArgumentNullException.ThrowIfNull(key);
            return IsProtected(key, aliases, owner, normalizedMainKey);
        };
    }

    private static bool IsProtected(string key, IReadOnlyList<string> aliases, string owner, string normalizedMainKey)
    {
        if (SessionKeys.IsUnscopedSentinel(key))
        {
            return true;
        }

        var normalized = SessionKeys.Normalize(key);
        if (aliases.Contains(normalized, StringComparer.Ordinal))
        {
            return true;
        }

        var parsed = SessionKeys.Parse(normalized);
        return parsed is not null
            && parsed.OwnerAgentId == owner
            && (parsed.Rest == DefaultMainKey || parsed.Rest == normalizedMainKey);
    }

    private static string Build(string agentId, string mainKey) => $"agent:{agentId}:{mainKey}";
}
