using System.CommandLine;
using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Errors;
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
        var force = new Option<bool>("--force") { Description = "Also close sessions whose transcript has a live lock (a run in progress)." };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "keep-only: proceed even if a keep argument matches no session." };
        var restartGateway = new Option<bool>("--restart-gateway") { Description = "Run 'openclaw gateway restart' once afterwards if anything changed. Never required: the gateway sees the new store at once." };
        var keepBackups = new Option<int>("--keep-backups") { Description = "How many sessions.json.bak-<stamp> backups to keep per store.", DefaultValueFactory = _ => Store.StoreBackups.DefaultKeep, HelpName = "n" };
        var lockTimeout = new Option<double>("--lock-timeout") { Description = "Seconds to wait for OpenClaw's store lock.", DefaultValueFactory = _ => Locking.StoreLock.DefaultTimeout.TotalSeconds, HelpName = "seconds" };

        var command = new Command(
            isClose ? "close" : "keep-only",
            isClose
                ? "Close sessions: remove them from the index and archive their transcripts as <file>.deleted.<timestamp>."
                : "Close every session of the agent except the ones named (and its main session).")
        {
            targets, agent, stateDir, profile, json, dryRun, yes, force, restartGateway, keepBackups, lockTimeout,
        };
        if (isClose)
        {
            command.Options.Add(sessionKey);
        }
        else
        {
            command.Options.Add(allowMissing);
        }

        command.SetAction(result =>
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

            var installation = OpenClawInstallation.Open(context.Environment, result.GetValue(stateDir), result.GetValue(profile));
            var agentId = result.GetValue(agent)!;
            var store = installation.RequireAgent(agentId);
            var era = installation.DetectEra(store.AgentId);
            RefuseSqliteStores(era, store);

            var request = new CloseRequest
            {
                StorePath = store.StorePath,
                AgentId = store.AgentId,
                Mode = mode,
                Arguments = arguments,
                MainKey = installation.Config.MainKey,
                KeyRules = era.Era == StorageEra.A ? Keys.KeyCaseRules.FullLowercase : Keys.KeyCaseRules.PreserveOpaquePeerIds,
                DryRun = result.GetValue(dryRun),
                Force = result.GetValue(force),
                AllowMissing = result.GetValue(allowMissing),
                KeepBackups = result.GetValue(keepBackups),
                LockTimeout = TimeSpan.FromSeconds(result.GetValue(lockTimeout)),
            };

            var closer = new FileCloser(context.Clock);
            if (!request.DryRun && !isClose && !result.GetValue(yes) && context.IsInputTerminal && context.IsOutputTerminal && !result.GetValue(json))
            {
                var preview = closer.Close(request with { DryRun = true });
                if (!Confirmation.Ask(context, preview))
                {
                    context.Error.WriteLine("session-closer: nothing was changed");
                    return (int)ExitCode.Refused;
                }
            }

            var report = closer.Close(request);
            var restart = result.GetValue(restartGateway) && report.StoreWritten ? GatewayRestart.Run(context) : null;
            if (result.GetValue(json))
            {
                CloseReportJson.Write(context, report, era, restart);
            }
            else
            {
                CloseReportText.Write(context, report, restart);
            }

            return (int)(restart is { Succeeded: false } && report.ExitCode == ExitCode.Success ? ExitCode.StoreError : report.ExitCode);
        });
        return command;
    }

    private static void RefuseSqliteStores(EraEvidence era, AgentStore store)
    {
        if (era.Era != StorageEra.C)
        {
            return;
        }

        throw new SessionCloserException(
            ExitCode.Refused,
            $"this OpenClaw keeps agent {store.AgentId}'s sessions in SQLite ({era.Reason}). Editing sessions.json there would stop " +
            "the gateway from becoming ready, so session-closer will not. Start the gateway and close sessions through it, e.g. " +
            "'openclaw sessions delete <key>'. Nothing was changed.");
    }
}
