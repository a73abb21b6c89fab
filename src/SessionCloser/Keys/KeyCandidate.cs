namespace SessionCloser.Keys;

/// <summary>Why an argument was turned into a given store key; callers word their messages from it.</summary>
internal enum CandidateRule
{
    /// <summary>The argument was already a session key (<c>agent:…</c>); only normalized.</summary>
    SessionKey,

    /// <summary><c>global</c> or <c>unknown</c>, which belong to no agent.</summary>
    UnscopedSentinel,

    /// <summary>Bare <c>main</c>: OpenClaw's alias for the agent's main session (which a close must refuse).</summary>
    MainAlias,

    /// <summary><c>agent:&lt;A&gt;:&lt;P&gt;</c> built from a project id.</summary>
    ProjectId,

    /// <summary><c>agent:&lt;A&gt;:project-&lt;P&gt;</c>, the spelling older session-closer releases created.</summary>
    LegacyProjectId,
}

/// <summary>A normalized store key to look for, and the rule that produced it.</summary>
internal sealed record KeyCandidate(string Key, CandidateRule Rule)
{
    public override string ToString() => Key;
}
