using SessionCloser.Backends;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Undo;

namespace SessionCloser.Operations;

/// <summary>
/// <c>restore</c>: undoes one operation of the log (by id, or the newest of the agent's store with --last): puts the
/// entries it took out back into the current store where they were, renames the archives back to their names, and
/// keeps its own record so it can be undone in turn. Routed by the record's backend.
/// </summary>
public static class RestoreOperation
{
    public static async Task<RestoreReport> RunAsync(OperationContext context, RestoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var store = installation.RequireAgentOrDefault(options.AgentId);
        var endpoint = options.Gateway.Resolve(context.Environment, installation.Config);
        var log = new OperationLog(installation.Location.StateDir);
        var id = options.OperationId ?? Last(log, store);
        var record = log.Read(id);
        RestoreRefusal.ThrowIfPurged(record);
        RecordPaths.Check(record, log.PathOf(id), log.StateDir, store.AgentId, store.StorePath);
        var backend = await RestoreRouter.RouteAsync(installation, store, endpoint, options.Gateway.Apply(new GatewayClientOptions()), record, options.Force, context.Clock, cancellationToken);
        var request = new RestoreRequest
        {
            StorePath = store.StorePath,
            AgentId = store.AgentId,
            OperationId = id,
            Logging = new OperationLogging(installation.Location.StateDir, context.CommandLine, installation.DetectEra(store.AgentId).Era),
            DryRun = options.DryRun,
            Force = options.Force,
            KeepBackups = options.KeepBackups,
            LockTimeout = options.LockTimeout,
        };
        // The gateway restorer holds a connection.
        await using var connection = backend as IAsyncDisposable;
        return await backend.RestoreAsync(request, cancellationToken);
    }

    /// <summary>
    /// The newest operation on this agent's store. A restore is not taken for --last (undoing an undo by accident
    /// would close sessions again): it is refused with its id, which undoes it when named.
    /// </summary>
    private static string Last(OperationLog log, AgentStore store)
    {
        foreach (var id in log.Ids())
        {
            var record = log.Read(id);
            // A purge cannot be undone: --last means the operation before it.
            if (record.AgentId != store.AgentId || record.RolledBack || record.Command == RecordedCommand.Purge)
            {
                continue;
            }

            if (record.Command == RecordedCommand.Restore && (!record.Complete || File.Exists(Transactions.CloseJournal.PathFor(store.StorePath))))
            {
                // An interrupted restore (killed; its journal may still be there even once its record is complete): retrying
                // --last means what it was undoing. The journal is finished or rolled back first under the lock; refusing
                // here pointed at a command that would close the sessions again.
                continue;
            }

            if (record.Command == RecordedCommand.Restore)
            {
                throw new SessionCloserException(
                    ExitCode.Refused,
                    $"the last operation on agent {store.AgentId} is {id}, a restore of {record.Restores}; --last never undoes a restore. To undo that restore (closing those sessions again), run 'session-closer restore {id}'. Nothing was changed.");
            }

            return id;
        }

        throw new SessionCloserException(ExitCode.NotFound, $"there is no operation of agent {store.AgentId} to restore in {log.Directory}. Nothing was changed.");
    }
}
