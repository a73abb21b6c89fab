namespace SessionCloser.Operations;

/// <summary>What <c>list</c> was asked for.</summary>
public sealed record ListOptions
{
    /// <summary>The agent; null for <see cref="OperationContext.DefaultAgent"/> (or every agent with <see cref="AllAgents"/>).</summary>
    public string? AgentId { get; init; }

    /// <summary>Every agent's store: configured agents and stores found on disk.</summary>
    public bool AllAgents { get; init; }

    /// <summary>Which sessions to show by their archived state (<c>--archived</c>, <c>--active</c>); every one by default.</summary>
    public ArchiveFilter Archive { get; init; } = ArchiveFilter.All;

    public string? StateDir { get; init; }

    public string? Profile { get; init; }
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
