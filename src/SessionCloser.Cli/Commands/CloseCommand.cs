using System.CommandLine;
using SessionCloser.Backends;
using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Operations;

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
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation: keep-only and selector runs ask on a terminal; without one a selector run needs --yes (or --dry-run)." };
        var force = new Option<bool>("--force") { Description = "Also close sessions with a run in progress (a live transcript lock; through the gateway, it stops the run first). With --backend files: edit the files even beside a gateway of an unlocked store." };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "keep-only: proceed even if a keep argument matches no session." };
        var restartGateway = new Option<bool>("--restart-gateway") { Description = "Run 'openclaw gateway restart' once afterwards if anything changed. Never required: the gateway sees the new store at once." };
        var keepBackups = CommonOptions.KeepBackups();
        var lockTimeout = CommonOptions.LockTimeout();
        var backend = new Option<string>("--backend")
        {
            Description = "Who closes: auto (the running gateway when it serves this state, else the files), gateway, or files.",
            DefaultValueFactory = _ => "auto",
            HelpName = "auto|gateway|files",
        };
        backend.AcceptOnlyFromAmong("auto", "gateway", "files");
        var archive = new Option<bool>("--archive") { Description = "Close by archiving through the gateway (sessions.patch archived:true, OpenClaw 2026.7.1+) instead of deleting." };
        var gateway = new GatewayFlags();

        // close: the selector options. keep-only: the same, hidden, only to refuse them by name.
        var selectors = new SelectorOptions(hidden: !isClose);

        var command = new Command(
            isClose ? "close" : "keep-only",
            isClose
                ? "Close sessions: remove them from the index and archive their transcripts as <file>.deleted.<timestamp>."
                : "Close every session of the agent except the ones named (and its main session).")
        {
            targets, agent, stateDir, profile, json, dryRun, yes, force, restartGateway, keepBackups, lockTimeout, backend, archive,
        };
        gateway.AddTo(command);
        selectors.AddTo(command);
        if (isClose)
        {
            command.Options.Add(sessionKey);
        }
        else
        {
            command.Options.Add(allowMissing);
        }

        // What the line asks for, the same for a close by name and by selectors.
        CloseOptions Options(ParseResult result, IReadOnlyList<string> arguments) => new()
        {
            Mode = mode,
            Arguments = arguments,
            AgentId = result.GetValue(agent),
            StateDir = result.GetValue(stateDir),
            Profile = result.GetValue(profile),
            DryRun = result.GetValue(dryRun),
            Force = result.GetValue(force),
            AllowMissing = result.GetValue(allowMissing),
            Archive = result.GetValue(archive),
            RestartGateway = result.GetValue(restartGateway),
            KeepBackups = result.GetValue(keepBackups),
            LockTimeout = CommonOptions.Seconds(result.GetValue(lockTimeout)),
            Backend = result.GetValue(backend) switch { "gateway" => BackendPreference.Gateway, "files" => BackendPreference.Files, _ => BackendPreference.Auto },
            Gateway = gateway.Read(result),
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            var asJson = result.GetValue(json);
            if (!isClose && selectors.AllGiven(result) is { Count: > 0 } refused)
            {
                throw new SessionCloserException(ExitCode.Usage, $"keep-only takes no selectors ({string.Join(", ", refused)}): it keeps the sessions it names; to close by selectors use 'session-closer close' with them");
            }

            string[] named = [.. result.GetValue(targets) ?? [], .. isClose ? result.GetValue(sessionKey) ?? [] : []];
            if (isClose && SweepFlow.Read(result, selectors, named, result.GetValue(agent)) is { } selector)
            {
                var selectorRun = Options(result, []) with { Selector = selector, AllAgents = result.GetValue(selectors.AllAgents) };
                return await SweepFlow.RunAsync(context, selectorRun, result.GetValue(yes), asJson, cancellationToken);
            }

            var streamed = asJson ? null : new StreamedCloseLines(context);
            var progress = ProgressLine.For(context, "closing", asJson);
            var options = Options(result, named) with { Progress = streamed };

            CloseResult outcome;
            try
            {
                streamed?.Progress = progress;
                await using var operation = await CloseOperation.OpenAsync(context.Operation, options, cancellationToken);
                var asks = !options.DryRun && !isClose && !operation.GatewayStopped && !result.GetValue(yes) && context.IsInputTerminal && context.IsOutputTerminal && !asJson;
                if (asks)
                {
                    // The question owns the terminal: no live line over it; a new one starts once it is answered.
                    progress?.Dispose();
                    var preview = await operation.PreviewAsync(cancellationToken);
                    if (!await Confirmation.AskAsync(context, preview, cancellationToken))
                    {
                        context.Error.WriteLine("session-closer: nothing was changed");
                        return (int)ExitCode.Refused;
                    }

                    progress = ProgressLine.For(context, "closing", asJson);
                    streamed?.Progress = progress;
                }

                outcome = await operation.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && asJson)
            {
                // Stopped before a report existed (routing, waiting for the lock, the question): --json still prints one.
                CloseReportJson.WriteInterruptedEarly(context, mode, options.DryRun);
                throw;
            }
            finally
            {
                // The live line goes before anything else is printed: the summary (or the error) stands alone.
                progress?.Dispose();
            }

            if (asJson)
            {
                CloseReportJson.Write(context, outcome);
                if (outcome.Report.Refusal is { } refusal)
                {
                    // Refused as a whole: the message also on stderr, as for every --json run that fails as a whole.
                    context.Error.WriteLine($"session-closer: refused: {refusal}");
                }
            }
            else
            {
                CloseReportText.Write(context, outcome, streamed);
            }

            return (int)outcome.ExitCode;
        });
        return command;
    }
}
