using System.CommandLine;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Paths;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>session-closer close</c> and <c>session-closer keep-only</c>: one pass over one agent's store, at most one
/// gateway restart. Both print one line per session (<c>CLOSED</c>, <c>NOT_FOUND</c>, <c>KEPT</c>, <c>SKIPPED</c>) or
/// one JSON document, and exit with the documented codes.
/// </summary>
internal static class CloseCommand
{
    public static Command Close(CliContext context) => Create(context, CloseMode.Close);

    public static Command KeepOnly(CliContext context) => Create(context, CloseMode.KeepOnly);

    private static Command Create(CliContext context, CloseMode mode)
    {
        var isClose = mode == CloseMode.Close;
        var targets = new Argument<string[]>(isClose ? "projectId|sessionKey" : "keep")
        {
            Description = isClose
                ? "Project ids (P means agent:<A>:P, else legacy agent:<A>:project-P) or session keys (agent:...)."
                : "The sessions to keep, as project ids or session keys. The agent's main session is always kept.",
            Arity = isClose ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore,
        };
        var sessionKey = new Option<string[]>("--session-key") { Description = "A session key to close (repeatable), exactly as the original --session-key.", HelpName = "key", AllowMultipleArgumentsPerToken = false };
        var agent = CommonOptions.Agent();
        var stateDir = CommonOptions.StateDir();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print exactly what would be closed and archived; change nothing." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (keep-only asks on a terminal)." };
        var force = new Option<bool>("--force") { Description = "Also close sessions with a run in progress (a live transcript lock; through the gateway, it stops the run first). With --backend files: edit the files even beside a gateway of an unlocked store." };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "keep-only: proceed even if a keep argument matches no session." };
        var restartGateway = new Option<bool>("--restart-gateway") { Description = "Run 'openclaw gateway restart' once afterwards if anything changed. Never required: the gateway sees the new store at once." };
        var keepBackups = new Option<int>("--keep-backups") { Description = "How many sessions.json.bak-<stamp> backups to keep per store.", DefaultValueFactory = _ => Store.StoreBackups.DefaultKeep, HelpName = "n" };
        var lockTimeout = new Option<double>("--lock-timeout") { Description = "Seconds to wait for OpenClaw's store lock.", DefaultValueFactory = _ => Locking.StoreLock.DefaultTimeout.TotalSeconds, HelpName = "seconds" };
        var backend = new Option<string>("--backend")
        {
            Description = "Who closes: auto (the running gateway when it serves this state, else the files), gateway, or files.",
            DefaultValueFactory = _ => "auto",
            HelpName = "auto|gateway|files",
        };
        backend.AcceptOnlyFromAmong("auto", "gateway", "files");
        var archive = new Option<bool>("--archive") { Description = "Close by archiving through the gateway (sessions.patch archived:true, OpenClaw 2026.7.1+) instead of deleting." };
        var token = new Option<string?>("--token") { Description = "The gateway's token (default: OPENCLAW_GATEWAY_TOKEN, then the config's gateway.auth.token).", HelpName = "token" };

        var command = new Command(
            isClose ? "close" : "keep-only",
            isClose
                ? "Close sessions: remove them from the index and archive their transcripts as <file>.deleted.<timestamp>."
                : "Close every session of the agent except the ones named (and its main session).")
        {
            targets, agent, stateDir, profile, json, dryRun, yes, force, restartGateway, keepBackups, lockTimeout, backend, archive, token,
        };
        if (isClose)
        {
            command.Options.Add(sessionKey);
        }
        else
        {
            command.Options.Add(allowMissing);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var arguments = (result.GetValue(targets) ?? []).Concat(isClose ? result.GetValue(sessionKey) ?? [] : []).ToList();
            if (arguments.Count == 0)
            {
                throw new SessionCloserException(ExitCode.Usage, "name at least one project id or session key");
            }

            if (result.GetValue(keepBackups) < 1 || result.GetValue(lockTimeout) is < 0 or > 3600)
            {
                throw new SessionCloserException(ExitCode.Usage, "--keep-backups must be at least 1 and --lock-timeout between 0 and 3600 seconds");
            }

            var preference = result.GetValue(backend) switch { "gateway" => BackendPreference.Gateway, "files" => BackendPreference.Files, _ => BackendPreference.Auto };
            if (result.GetValue(archive) && preference == BackendPreference.Files)
            {
                throw new SessionCloserException(ExitCode.Usage, "--archive closes through the gateway; it cannot be combined with --backend files");
            }

            var installation = OpenClawInstallation.Open(context.Environment, result.GetValue(stateDir), result.GetValue(profile));
            var store = installation.RequireAgent(result.GetValue(agent)!);
            var endpoint = GatewayEndpoint.Resolve(context.Environment, installation.Config, result.GetValue(token));
            await using var route = await BackendRouter.RouteAsync(installation, store, endpoint, preference, result.GetValue(force), cancellationToken: cancellationToken);
            if (result.GetValue(archive) && (route.Client is not { } archiver || archiver.IsOlderThan(2026, 7, 1)))
            {
                throw new SessionCloserException(ExitCode.Refused, $"--archive needs a running gateway of OpenClaw 2026.7.1 or later that serves this state, and {route.Reason}. Nothing was changed.");
            }

            var request = new CloseRequest
            {
                StorePath = store.StorePath,
                AgentId = store.AgentId,
                Mode = mode,
                Arguments = arguments,
                MainKey = installation.Config.MainKey,
                KeyRules = route.Era.Era == Eras.StorageEra.A ? Keys.KeyCaseRules.FullLowercase : Keys.KeyCaseRules.PreserveOpaquePeerIds,
                DryRun = result.GetValue(dryRun),
                Force = result.GetValue(force),
                AllowMissing = result.GetValue(allowMissing),
                KeepBackups = result.GetValue(keepBackups),
                LockTimeout = TimeSpan.FromSeconds(result.GetValue(lockTimeout)),
                Archive = result.GetValue(archive),
            };

            Task<CloseReport> Run(CloseRequest r) => route.Client is { } client
                ? new GatewayCloser(client, context.Clock).CloseAsync(r, route.GatewayServesLocalStoreFile ? store.StorePath : null, cancellationToken)
                : Task.FromResult(new FileCloser(context.Clock).Close(r));

            if (!request.DryRun && !isClose && !result.GetValue(yes) && context.IsInputTerminal && context.IsOutputTerminal && !result.GetValue(json))
            {
                var preview = await Run(request with { DryRun = true });
                if (!Confirmation.Ask(context, preview))
                {
                    context.Error.WriteLine("session-closer: nothing was changed");
                    return (int)ExitCode.Refused;
                }
            }

            var report = await Run(request);
            var restart = result.GetValue(restartGateway) && report.Changed ? GatewayRestart.Run(context) : null;
            if (result.GetValue(json))
            {
                CloseReportJson.Write(context, report, route, restart);
            }
            else
            {
                CloseReportText.Write(context, report, route, restart);
            }

            return (int)(restart is { Succeeded: false } && report.ExitCode == ExitCode.Success ? ExitCode.StoreError : report.ExitCode);
        });
        return command;
    }
}
