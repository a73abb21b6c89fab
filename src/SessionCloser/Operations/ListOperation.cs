using SessionCloser.Backends;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Listing;

namespace SessionCloser.Operations;

/// <summary>
/// <c>list</c>: every session of an agent (or of every agent), newest first. A store file is read from disk, even
/// beside a running gateway (OpenClaw replaces it atomically); sessions in SQLite (2026.8+) are read from the
/// agent's database, read-only, with the gateway stopped or running (then its <c>sessions.list</c> adds runs in
/// progress). <see cref="ListOptions.Archive"/> keeps only archived or only not-archived sessions.
/// </summary>
public static class ListOperation
{
    public static async Task<ListReport> RunAsync(OperationContext context, ListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (options.AllAgents && options.AgentId is not null)
        {
            throw new SessionCloserException(ExitCode.Usage, "--agent and --all-agents cannot be combined");
        }

        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var stores = options.AllAgents
            ? installation.Stores.DiscoverAll()
            : [installation.RequireAgent(options.AgentId ?? OperationContext.DefaultAgent)];
        var listContext = new ListContext(installation.Config.MainKey, context.Clock.GetUtcNow(), options.AllAgents);
        ListReport report;
        if (stores.Count > 0 && installation.DetectEra(stores[0].AgentId).Era == StorageEra.SqliteBehindGateway)
        {
            var endpoint = GatewayEndpoint.Resolve(context.Environment, installation.Config);
            report = await DatabaseLister.ListAsync(installation, stores, listContext, endpoint, cancellationToken);
        }
        else
        {
            await using var files = new FileBackend(context.Clock);
            report = await files.ListAsync(stores, listContext, cancellationToken);
        }

        return options.Archive == ArchiveFilter.All ? report : report with
        {
            Stores = [.. report.Stores.Select(listed => listed with
            {
                Sessions = [.. listed.Sessions.Where(session => session.Archived == (options.Archive == ArchiveFilter.ArchivedOnly))],
            })],
        };
    }
}
