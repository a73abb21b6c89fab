namespace SessionCloser.Operations;

/// <summary>What <c>list</c> was asked for.</summary>
public sealed record ListOptions
{
    /// <summary>The agent; null for OpenClaw's default agent from the config (<c>main</c> on a stock install) (or every agent with <see cref="AllAgents"/>).</summary>
    public string? AgentId { get; init; }

    /// <summary>Every agent's store: configured agents and stores found on disk.</summary>
    public bool AllAgents { get; init; }

    public string? StateDir { get; init; }

    public string? Profile { get; init; }
}
