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

    // Set when sessions are looked up by key as arguments name them instead of all read up front: _looked then holds
    // each normalized key asked for, with its session (null when it names none).
    private readonly IKeyLookup<T>? _lookup;
    private readonly Dictionary<string, SessionVariants<T>?> _looked = new(StringComparer.Ordinal);

    /// <summary>
    /// The sessions an argument names, found through <paramref name="lookup"/> when asked for: for a run that only
    /// resolves arguments (a close by key or project id, no selectors), so a store's other entries are never read.
    /// <see cref="Sessions"/> is not available.
    /// </summary>
    public Selection(CloseRequest request, IKeyLookup<T> lookup, IEnumerable<string>? extraProtectedKeys = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lookup);
        if (request.Selector is not null || request.Mode != CloseMode.Close)
        {
            throw new ArgumentException("a selector run or a keep-only reads every session", nameof(request));
        }

        _request = request;
        _lookup = lookup;
        _sessions = [];
        _extraProtected = (extraProtectedKeys ?? []).Select(k => SessionKeys.Normalize(k, request.KeyRules)).ToHashSet(StringComparer.Ordinal);
    }

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
    public IEnumerable<SessionVariants<T>> Sessions => _lookup is null ? _sessions.Values : throw new InvalidOperationException("a selection by lookup holds only the sessions its arguments named");

    /// <summary>The session an argument names, with the key that matched; null when it names none.</summary>
    /// <remarks>
    /// An argument that is exactly a stored key names that key before any other rule: the rules trim, lowercase and
    /// refuse control characters, which would otherwise leave a stored key such as <c>"agent:a:x\u0001"</c> or
    /// <c>" agent:a:x"</c> impossible to name.
    /// </remarks>
    public (SessionVariants<T> Session, string Key)? Resolve(string argument)
    {
        if (_lookup is not null)
        {
            return ResolveByLookup(argument, _lookup);
        }

        if (_exactKeys.TryGetValue(argument, out var exact))
        {
            return (exact, argument);
        }

        var match = ProjectIdResolver.ResolveMatch(argument, _request.AgentId, key => _sessions.ContainsKey(SessionKeys.Normalize(key, _request.KeyRules)));
        return match is null ? null : (_sessions[SessionKeys.Normalize(match.Key, _request.KeyRules)], match.Key);
    }

    /// <summary><see cref="Resolve"/> by the same rules, each session made once, when first named (the same object for every argument naming it).</summary>
    private (SessionVariants<T> Session, string Key)? ResolveByLookup(string argument, IKeyLookup<T> lookup)
    {
        if (lookup.Exact(argument) is { } exact)
        {
            return (Named(SessionKeys.Normalize(exact.Key, _request.KeyRules), lookup)!, argument);
        }

        var match = ProjectIdResolver.ResolveMatch(argument, _request.AgentId, key => Named(SessionKeys.Normalize(key, _request.KeyRules), lookup) is not null);
        return match is null ? null : (Named(SessionKeys.Normalize(match.Key, _request.KeyRules), lookup)!, match.Key);
    }

    private SessionVariants<T>? Named(string normalizedKey, IKeyLookup<T> lookup)
    {
        if (!_looked.TryGetValue(normalizedKey, out var session))
        {
            var records = lookup.Normalized(normalizedKey);
            if (records.Count > 0)
            {
                session = new SessionVariants<T>();
                foreach (var record in records)
                {
                    session.Add(record);
                }
            }

            _looked[normalizedKey] = session;
        }

        return session;
    }

    public bool IsProtected(SessionVariants<T> session) =>
        session.Any(e => MainSessionKeys.IsProtected(e.Key, _request.AgentId, _request.MainKey)
            || _extraProtected.Contains(SessionKeys.Normalize(e.Key, _request.KeyRules)));

    /// <summary>keep-only closes only the agent's own sessions, even in a store shared by several agents.</summary>
    public bool BelongsToAgent(SessionVariants<T> session) =>
        session.All(e => SessionKeys.Parse(e.Key, _request.KeyRules)?.OwnerAgentId == AgentIds.Normalize(_request.AgentId));

}
