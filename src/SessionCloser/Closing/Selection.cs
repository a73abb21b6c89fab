using SessionCloser.Keys;
using SessionCloser.Sessions;

namespace SessionCloser.Closing;

/// <summary>
/// Turns arguments into sessions: each argument resolves (project id, then legacy <c>project-</c> id, or a key) to
/// one session, which is every stored key that normalizes to the same key (case variants). Protected sessions
/// (the main session and its aliases, <c>global</c>, <c>unknown</c>, and any key the gateway names as its main
/// session) are never selected for closing.
/// </summary>
internal sealed class Selection<T>
    where T : class, ISessionRecord
{
    private readonly CloseRequest _request;
    private readonly Dictionary<string, SessionVariants<T>> _sessions;
    private readonly HashSet<string> _extraProtected;
    private readonly Dictionary<string, SessionVariants<T>> _exactKeys = new(StringComparer.Ordinal);

    public Selection(CloseRequest request, IEnumerable<T> records, IEnumerable<string>? extraProtectedKeys = null)
    {
        _request = request;
        _sessions = [];
        foreach (var record in records)
        {
            var key = SessionKeys.Normalize(record.Key, request.KeyRules);
            if (!_sessions.TryGetValue(key, out var variants))
            {
                _sessions[key] = variants = new SessionVariants<T>();
            }

            variants.Add(record);
            _exactKeys.TryAdd(record.Key, variants);
        }

        if (request.Selector is not null)
        {
            foreach (var session in _sessions.Values)
            {
                session.Kind = SelectorEvaluation.KindOf(session.Newest.Key, request.MainKey, session.Newest.Facts);
            }
        }

        _extraProtected = (extraProtectedKeys ?? []).Select(k => SessionKeys.Normalize(k, request.KeyRules)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The run these sessions are chosen for (agent, main key, key rules).</summary>
    public CloseRequest Request => _request;

    /// <summary>Every session in the order its first key was seen, as its case variants.</summary>
    public IEnumerable<SessionVariants<T>> Sessions => _sessions.Values;

    /// <summary>The session an argument names, with the key that matched; null when it names none.</summary>
    /// <remarks>
    /// An argument that is exactly a stored key names that key before any other rule: the rules trim, lowercase and
    /// refuse control characters, which would otherwise leave a stored key such as <c>"agent:a:x\u0001"</c> or
    /// <c>" agent:a:x"</c> impossible to name.
    /// </remarks>
    public (SessionVariants<T> Session, string Key)? Resolve(string argument)
    {
        if (_exactKeys.TryGetValue(argument, out var exact))
        {
            return (exact, argument);
        }

        var match = ProjectIdResolver.ResolveMatch(argument, _request.AgentId, key => _sessions.ContainsKey(SessionKeys.Normalize(key, _request.KeyRules)));
        return match is null ? null : (_sessions[SessionKeys.Normalize(match.Key, _request.KeyRules)], match.Key);
    }

    public bool IsProtected(SessionVariants<T> session) =>
        session.Any(e => MainSessionKeys.IsProtected(e.Key, _request.AgentId, _request.MainKey)
            || _extraProtected.Contains(SessionKeys.Normalize(e.Key, _request.KeyRules)));

    /// <summary>keep-only closes only the agent's own sessions, even in a store shared by several agents.</summary>
    public bool BelongsToAgent(SessionVariants<T> session) =>
        session.All(e => SessionKeys.Parse(e.Key, _request.KeyRules)?.OwnerAgentId == AgentIds.Normalize(_request.AgentId));

}
