using SessionCloser.Backends;
using SessionCloser.Eras;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Installation;
using SessionCloser.Listing;

namespace SessionCloser.Operations;

/// <summary>
/// <c>list</c>: every session of an agent (or of every agent), newest first. A store file is read from disk, even
/// beside a running gateway (OpenClaw replaces it atomically); sessions in SQLite (2026.8+) are read through the
/// gateway, and refused with what to do when none runs.
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
            : [installation.RequireAgentOrDefault(options.AgentId)];
        var listContext = new ListContext(installation.Config.MainKey, context.Clock.GetUtcNow(), options.AllAgents);
        if (stores.Count > 0 && installation.DetectEra(stores[0].AgentId).Era == StorageEra.SqliteBehindGateway)
        {
            var endpoint = GatewayEndpoint.Resolve(context.Environment, installation.Config);
            var readOnly = new GatewayClientOptions { RequiredScopes = [GatewayScopes.Read] };
            var route = await BackendRouter.RouteAsync(installation, stores[0], endpoint, BackendPreference.Auto, force: false, readOnly, cancellationToken);
            await using var backend = route.CreateBackend(context.Clock, stores[0]);
            return await backend.ListAsync(stores, listContext, cancellationToken);
        }

        await using var files = new FileBackend(context.Clock);
        return await files.ListAsync(stores, listContext, cancellationToken);
    }
}
