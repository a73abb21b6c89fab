using SessionCloser.Errors;
using SessionCloser.Installation;
using SessionCloser.Undo;

namespace SessionCloser.Operations;

/// <summary>What <c>history</c> was asked for.</summary>
public sealed record HistoryOptions
{
    /// <summary>The agent; null for OpenClaw's default agent from the config (<c>main</c> on a stock install) (or every agent with <see cref="AllAgents"/>).</summary>
    public string? AgentId { get; init; }

    public bool AllAgents { get; init; }

    public string? StateDir { get; init; }

    public string? Profile { get; init; }
}

/// <summary>
/// <c>history</c>: the operation log of the state, newest first, for one agent or all. Reading changes nothing; a
/// record that fails its checks is listed as unreadable with the reason, never acted on.
/// </summary>
public static class HistoryOperation
{
    public static HistoryReport Run(OperationContext context, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (options.AllAgents && options.AgentId is not null)
        {
            throw new SessionCloserException(ExitCode.Usage, "--agent and --all-agents cannot be combined");
        }

        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var agent = options.AllAgents ? null : installation.RequireAgentOrDefault(options.AgentId).AgentId;
        var log = new OperationLog(installation.Location.StateDir);
        var entries = new List<HistoryEntry>();
        foreach (var id in log.Ids())
        {
            HistoryEntry entry;
            try
            {
                entry = HistoryEntry.Of(log.Read(id));
            }
            catch (SessionCloserException e)
            {
                entry = new HistoryEntry { Id = id, State = OperationState.Unreadable, Problem = e.Message, StartedAt = OperationIds.TryParseTime(id, out var when) ? when : null };
            }

            // An unreadable record belongs to no agent anyone can tell: it is shown to every reader.
            if (agent is null || entry.AgentId is null || entry.AgentId == agent)
            {
                entries.Add(entry);
            }
        }

        return new HistoryReport
        {
            Directory = log.Directory,
            AgentId = agent,
            Operations = entries,
            KeepCount = log.KeepCount,
            KeepAge = log.KeepAge,
            Retention = log.RetentionText,
        };
    }
}
