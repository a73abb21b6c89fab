using SessionCloser.Reporting;

namespace SessionCloser.Operations;

/// <summary>What <c>report</c> was asked for.</summary>
public sealed record ReportOptions
{
    /// <summary>The agent; null for OpenClaw's default agent from the config (or every agent with <see cref="AllAgents"/>).</summary>
    public string? AgentId { get; init; }

    /// <summary>Every agent: configured agents and stores found on disk.</summary>
    public bool AllAgents { get; init; }

    public string? StateDir { get; init; }

    public string? Profile { get; init; }

    /// <summary>Told the agent being scanned and the files scanned so far; a sink that throws is dropped.</summary>
    public IProgress<ReportProgress>? Progress { get; init; }
}
