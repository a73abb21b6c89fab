using SessionCloser.JavaScript;

namespace SessionCloser.Keys;

/// <summary>Session keys as OpenClaw's file-backed stores compare them.</summary>
internal static class SessionKeys
{
    /// <summary>The unscoped key used when <c>session.scope</c> is "global".</summary>
    public const string Global = "global";

    /// <summary>The unscoped key for sessions whose sender could not be resolved.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// The store key OpenClaw files this key under (normalizeStoreSessionKey): trimmed and lowercased, except,
    /// with <see cref="KeyCaseRules.PreserveOpaquePeerIds"/>, Signal group ids and Matrix room tails.
    /// Blank input gives "". The agent segment is not rewritten: <c>agent:My Bot:x</c> is stored as
    /// <c>agent:my bot:x</c>, exactly as OpenClaw does.
    /// </summary>
    public static string Normalize(string key, KeyCaseRules rules = KeyCaseRules.PreserveOpaquePeerIds)
    {
        ArgumentNullException.ThrowIfNull(key);
        return rules == KeyCaseRules.FullLowercase ? JsText.TrimLower(key) : OpaquePeerIdNormalization.Normalize(key);
    }

    /// <summary>
    /// OpenClaw's parseAgentSessionKey, or null when the key is not <c>agent:&lt;id&gt;:&lt;rest&gt;</c>
    /// (including <see cref="Global"/>, <see cref="Unknown"/> and bare aliases such as "main").
    /// </summary>
    /// <remarks>
    /// Era A dropped empty segments first (<c>agent::main:x</c> parsed as agent "main"); era B keeps them and
    /// only requires the agent segment and the first rest segment to be non-empty.
    /// </remarks>
    public static ParsedSessionKey? Parse(string key, KeyCaseRules rules = KeyCaseRules.PreserveOpaquePeerIds)
    {
        var normalized = Normalize(key, rules);
        if (normalized.Length == 0)
        {
            return null;
        }

        var parts = rules == KeyCaseRules.FullLowercase
            ? normalized.Split(':', StringSplitOptions.RemoveEmptyEntries)
            : normalized.Split(':');
        if (parts.Length < 3 || parts[0] != "agent" || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return null;
        }

        var agentId = JsText.Trim(parts[1]);
        return agentId.Length == 0 ? null : new ParsedSessionKey(agentId, string.Join(':', parts[2..]));
    }

    /// <summary>True for <c>global</c> and <c>unknown</c> in any case: keys that belong to no agent.</summary>
    public static bool IsUnscopedSentinel(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lowered = JsText.TrimLower(key);
        return lowered is Global or Unknown;
    }

    /// <summary>True when OpenClaw files both keys as one store entry, i.e. they normalize to the same key.</summary>
    public static bool AreSameSession(string a, string b, KeyCaseRules rules = KeyCaseRules.PreserveOpaquePeerIds) =>
        string.Equals(Normalize(a, rules), Normalize(b, rules), StringComparison.Ordinal);

    /// <summary>
    /// Era B only: fully lowercased keys that OpenClaw 2026.7.35 may still treat as legacy spellings of
    /// <paramref name="key"/> (written before it began preserving opaque ids) and delete on its next write
    /// (foldedSessionKeyAliasCandidates). Empty when the normalized key has no preserved upper case.
    /// This relation is not an equivalence: two Signal groups that differ only in case share one folded twin.
    /// </summary>
    public static IReadOnlyList<string> FoldedLegacyAliases(string key)
    {
        var normalized = Normalize(key);
        var aliases = new List<string>();
        var folded = JsText.TrimLower(normalized);
        if (!string.Equals(folded, normalized, StringComparison.Ordinal))
        {
            aliases.Add(folded);
        }

        if (OpaquePeerIdNormalization.IsTailPreservedKey(normalized))
        {
            var (baseKey, threadId) = ThreadSuffix.Split(normalized);
            var foldedBase = JsText.TrimLower(baseKey);
            if (threadId is not null && !string.Equals(foldedBase, baseKey, StringComparison.Ordinal))
            {
                var alias = $"{foldedBase}:thread:{threadId}";
                if (!aliases.Contains(alias))
                {
                    aliases.Add(alias);
                }
            }
        }

        return aliases;
    }

    /// <summary>
    /// Era B: true for Matrix room keys. OpenClaw merges such a key with a folded legacy twin only when the twin's
    /// entry delivers to the same room (deliveryContext.to, lastTo, origin.to, groupId …); Signal twins merge
    /// without proof.
    /// </summary>
    public static bool FoldedAliasNeedsDeliveryProof(string key) =>
        OpaquePeerIdNormalization.IsTailPreservedKey(Normalize(key));

    /// <summary>The family a key belongs to; see <see cref="SessionKeyKind"/>.</summary>
    public static SessionKeyKind Classify(string key, string mainKey = MainSessionKeys.DefaultMainKey) =>
        SessionKeyClassifier.Classify(key, mainKey);
}
