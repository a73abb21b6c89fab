namespace SessionCloser.Operations;

/// <summary>What <c>list</c> was asked for.</summary>
public sealed record ListOptions
{
    /// <summary>The agent; null for OpenClaw's default agent from the config (<c>main</c> on a stock install) (or every agent with <see cref="AllAgents"/>).</summary>
    public string? AgentId { get; init; }

    /// <summary>Every agent's store: configured agents and stores found on disk.</summary>
    public bool AllAgents { get; init; }

    /// <summary>Which sessions to show by their archived state (<c>--archived</c>, <c>--active</c>); every one by default.</summary>
    public ArchiveFilter Archive { get; init; } = ArchiveFilter.All;

    /// <summary>
    /// Only the sessions these selectors pick, evaluated as a selector <c>close</c> evaluates them, except that
    /// protected sessions (main, groups, runs in progress) are shown when they meet the conditions: <c>list</c>
    /// filters, it does not protect. Null shows every session. Applies together with <see cref="Archive"/>.
    /// </summary>
    public SessionSelector? Selector { get; init; }

    public string? StateDir { get; init; }

    public string? Profile { get; init; }

    /// <summary>How to reach the gateway: <c>--url</c>, <c>--token</c>, <c>--password</c>, <c>--timeout</c>.</summary>
    public GatewayConnectionOptions Gateway { get; init; } = new();
}

/// <summary><c>list</c>'s filter on archived sessions.</summary>
public enum ArchiveFilter
{
    /// <summary>Archived and not archived.</summary>
    All,

    /// <summary>Only archived sessions (<c>--archived</c>).</summary>
    ArchivedOnly,

    /// <summary>Only sessions that are not archived (<c>--active</c>).</summary>
    ActiveOnly,
}
