using SessionCloser.Errors;

using SessionCloser.JavaScript;


namespace SessionCloser.Keys;

/// <summary>
/// Turns a command-line argument into the store keys it may mean (session-closer's original rule):
/// a full session key is taken as is; a project id P means <c>agent:&lt;A&gt;:P</c>, else the legacy
/// <c>agent:&lt;A&gt;:project-P</c>. Keys come back normalized (era-B rules) so they can be compared with
/// normalized store keys.
/// </summary>
internal static class ProjectIdResolver
{
    private const string LegacyProjectPrefix = "project-";

    /// <summary>The keys to try, in order.</summary>
    /// <exception cref="SessionCloserException">Usage, for a blank argument, one with control characters, or a
    /// project id starting with ':'.</exception>
    public static IReadOnlyList<KeyCandidate> Candidates(string argument, string agentId)
    {
        var trimmed = Validate(argument);
        if (trimmed.StartsWith("agent:", StringComparison.OrdinalIgnoreCase))
        {
            // Kept even when malformed (e.g. "agent:x"): such keys can still sit in a store and be closed.
            return [new KeyCandidate(SessionKeys.Normalize(trimmed), CandidateRule.SessionKey)];
        }

        if (SessionKeys.IsUnscopedSentinel(trimmed))
        {
            return [new KeyCandidate(SessionKeys.Normalize(trimmed), CandidateRule.UnscopedSentinel)];
        }

        if (trimmed[0] == ':')
        {
            // agent:<A>::x would not even parse as a key of agent A.
            throw new SessionCloserException(ExitCode.Usage, $"Project id '{trimmed}' must not start with ':'.");
        }

        var agent = AgentIds.Normalize(agentId);
        if (JsText.ToLower(trimmed) == MainSessionKeys.DefaultMainKey)
        {
            // OpenClaw resolves a bare "main" to the agent's main session, so this is never the project "main";
            // there is deliberately no "project-main" fallback. Pass agent:<A>:project-main to mean that one.
            return [new KeyCandidate(MainSessionKeys.For(agent), CandidateRule.MainAlias)];
        }

        return
        [
            new KeyCandidate(SessionKeys.Normalize($"agent:{agent}:{trimmed}"), CandidateRule.ProjectId),
            new KeyCandidate(SessionKeys.Normalize($"agent:{agent}:{LegacyProjectPrefix}{trimmed}"), CandidateRule.LegacyProjectId),
        ];
    }

    /// <summary>The first candidate for which <paramref name="existsInStore"/> is true, or null.</summary>
    /// <param name="existsInStore">Asked with normalized keys; the store must match them against its normalized keys.</param>
    public static string? Resolve(string argument, string agentId, Func<string, bool> existsInStore) =>
        ResolveMatch(argument, agentId, existsInStore)?.Key;

    /// <summary>Like <see cref="Resolve"/>, but also says which rule matched (e.g. the legacy project key).</summary>
    public static KeyCandidate? ResolveMatch(string argument, string agentId, Func<string, bool> existsInStore)
    {
        ArgumentNullException.ThrowIfNull(existsInStore);
        return Candidates(argument, agentId).FirstOrDefault(candidate => existsInStore(candidate.Key));
    }

    private static string Validate(string? argument)
    {
        var trimmed = JsText.Trim(argument ?? "");
        if (trimmed.Length == 0)
        {
            throw new SessionCloserException(ExitCode.Usage, "A session key or project id must not be empty.");
        }

        var bad = trimmed.AsSpan().IndexOfAnyInRange('\0', '\u001F');
        if (bad < 0)
        {
            bad = trimmed.AsSpan().IndexOfAny("\u007F\u0085\u2028\u2029");
        }

        if (bad >= 0)
        {
            throw new SessionCloserException(
                ExitCode.Usage,
                $"'{Printable(trimmed)}' is not a session key or project id: it contains control character U+{(int)trimmed[bad]:X4}.");
        }

        return trimmed;
    }

    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:x4}" : c.ToString()));
}
