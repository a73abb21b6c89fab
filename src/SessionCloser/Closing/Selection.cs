using SessionCloser.Keys;
using SessionCloser.Paths;
using SessionCloser.Store;

namespace SessionCloser.Closing;

/// <summary>
/// Turns arguments into sessions: each argument resolves (project id, then legacy <c>project-</c> id, or a key) to
/// one session, which is every stored key that normalizes to the same key (case variants). Protected sessions
/// (the main session and its aliases, <c>global</c>, <c>unknown</c>) are never selected for closing.
/// </summary>
internal sealed class Selection
{
    private readonly CloseRequest _request;
    private readonly Dictionary<string, List<StoreEntry>> _sessions;

    public Selection(CloseRequest request, SessionStoreSnapshot snapshot)
    {
        _request = request;
        _sessions = [];
        foreach (var entry in snapshot.Entries)
        {
            var key = SessionKeys.Normalize(entry.Key, request.KeyRules);
            if (!_sessions.TryGetValue(key, out var variants))
            {
                _sessions[key] = variants = [];
            }

            variants.Add(entry);
        }
    }

    /// <summary>Every session in store order, as its case variants.</summary>
    public IEnumerable<IReadOnlyList<StoreEntry>> Sessions => _sessions.Values;

    /// <summary>The session an argument names, with the key that matched; null when it names none.</summary>
    public (IReadOnlyList<StoreEntry> Session, string Key)? Resolve(string argument)
    {
        var match = ProjectIdResolver.ResolveMatch(argument, _request.AgentId, key => _sessions.ContainsKey(SessionKeys.Normalize(key, _request.KeyRules)));
        return match is null ? null : (_sessions[SessionKeys.Normalize(match.Key, _request.KeyRules)], match.Key);
    }

    public bool IsProtected(IReadOnlyList<StoreEntry> session) =>
        session.Any(e => MainSessionKeys.IsProtected(e.Key, _request.AgentId, _request.MainKey));

    /// <summary>keep-only closes only the agent's own sessions, even in a store shared by several agents.</summary>
    public bool BelongsToAgent(IReadOnlyList<StoreEntry> session) =>
        session.All(e => SessionKeys.Parse(e.Key, _request.KeyRules)?.OwnerAgentId == AgentIds.Normalize(_request.AgentId));

    /// <summary>The representative of a session: the newest variant, as OpenClaw's lookups pick it.</summary>
    public static StoreEntry Newest(IReadOnlyList<StoreEntry> session) => session.MaxBy(e => e.Fields.UpdatedAt ?? 0)!;
}
