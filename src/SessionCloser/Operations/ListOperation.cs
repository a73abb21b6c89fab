using SessionCloser.Backends;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Keys;
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
        options.Gateway.Validate();
        if (options.AllAgents && options.AgentId is not null)
        {
            throw new SessionCloserException(ExitCode.Usage, "--agent and --all-agents cannot be combined");
        }

        var criteria = options.Selector?.ToCriteria(context.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var stores = options.AllAgents
            ? installation.Stores.DiscoverAll()
            : [installation.RequireAgentOrDefault(options.AgentId)];
        var listContext = new ListContext(installation.Config.MainKey, context.Clock.GetUtcNow(), options.AllAgents);
        // Resolved even when the files answer: a --url without its secret is refused whatever the era, as OpenClaw does.
        var endpoint = options.Gateway.Resolve(context.Environment, installation.Config);
        ListReport report;
        if (stores.Count > 0 && installation.DetectEra(stores[0].AgentId).Era == StorageEra.SqliteBehindGateway)
        {
            var readOnly = options.Gateway.Apply(new GatewayClientOptions { RequiredScopes = [GatewayScopes.Read] });
            report = await DatabaseLister.ListAsync(installation, stores, listContext, endpoint, readOnly, cancellationToken);
        }
        else
        {
            await using var files = new FileBackend(context.Clock);
            report = await files.ListAsync(stores, listContext, cancellationToken);
        }

        if (criteria is not null)
        {
            report = report with
            {
                Stores = [.. report.Stores.Select(listed => listed with
                {
                    Sessions = ListSelection.Filter(listed.Sessions, criteria, listed.Store.AgentId, installation.Config.MainKey, KeyRulesOf(installation, listed.Store.AgentId)),
                })],
            };
        }

        return options.Archive == ArchiveFilter.All ? report : report with
        {
            Stores = [.. report.Stores.Select(listed => listed with
            {
                Sessions = [.. listed.Sessions.Where(session => session.Archived == (options.Archive == ArchiveFilter.ArchivedOnly))],
            })],
        };
    }

    /// <summary>Era A folded whole keys to lowercase; later eras keep opaque peer ids as written (as a close of the store reads them).</summary>
    private static KeyCaseRules KeyRulesOf(OpenClawInstallation installation, string agentId) =>
        installation.DetectEra(agentId).Era == StorageEra.LockedJsonFile ? KeyCaseRules.FullLowercase : KeyCaseRules.PreserveOpaquePeerIds;
}
