namespace SessionCloser.Closing;

/// <summary>
/// A close by selectors (<c>--older-than</c>, <c>--match</c>, <c>--kind</c>, <c>--archived</c>/<c>--active</c>,
/// <c>--except</c>, <c>--keep-last</c>) as one store's run reads it; parsed and checked by the operation.
/// With <see cref="Pins"/> the run closes exactly a plan's sessions instead of choosing again.
/// </summary>
internal sealed record SelectorCriteria
{
    /// <summary>Now, in epoch milliseconds: ages are counted from here.</summary>
    public required long NowMs { get; init; }

    /// <summary>Only sessions last updated at least this long ago (a session without <c>updatedAt</c> counts as oldest).</summary>
    public long? OlderThanMs { get; init; }

    /// <summary>Any one matching a stored key of the session is enough.</summary>
    public IReadOnlyList<SessionGlob> Match { get; init; } = [];

    /// <summary><see cref="Keys.SessionKindNames"/> names; any one is enough.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>true: only archived sessions; false: only sessions not archived; null: both.</summary>
    public bool? Archived { get; init; }

    /// <summary>Project ids or keys that stay, resolved as close arguments.</summary>
    public IReadOnlyList<string> Except { get; init; } = [];

    /// <summary>The newest N of each group (agent, kind, label; cron runs by job) stay.</summary>
    public int? KeepLast { get; init; }

    /// <summary>Group, channel, thread and topic sessions may be picked.</summary>
    public bool IncludeGroups { get; init; }

    /// <summary>Every agent's sessions of the store may be picked (<c>--all-agents</c> on a store several agents share).</summary>
    public bool AnyAgent { get; init; }

    /// <summary>
    /// A run of a plan: the sessions to close are the request's arguments, each exactly a stored key, and every
    /// stored key of each must still hold the sessionId the plan saw (key → sessionId); null when planning.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Pins { get; init; }
}
