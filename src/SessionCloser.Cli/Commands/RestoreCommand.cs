using System.CommandLine;
using SessionCloser.Errors;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>session-closer restore [&lt;operation-id&gt; | --last]</c>: undoes one operation of the log. Prints one line per
/// session (<c>RESTORED</c>, <c>PRESENT</c>, <c>CLOSED</c>, <c>SKIPPED</c>) or one JSON document, refusals included.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CliContext context)
    {
        var operation = new Argument<string?>("operation-id") { Description = "The operation to undo, as 'session-closer history' lists it.", Arity = ArgumentArity.ZeroOrOne };
        var last = new Option<bool>("--last") { Description = "Undo the newest operation on the agent's store (never a restore: name that one to undo it)." };
        var agent = CommonOptions.Agent();
        var stateDir = CommonOptions.StateDir();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be restored; change nothing." };
        var force = new Option<bool>("--force") { Description = "Put entries back over ones re-created since with another sessionId; edit an era-B store beside its gateway." };
        var keepBackups = CommonOptions.KeepBackups();
        var lockTimeout = CommonOptions.LockTimeout();
        var command = new Command("restore", "Undo a close, keep-only or restore: put the entries back where they were and rename the archives back.")
        {
            operation, last, agent, stateDir, profile, json, dryRun, force, keepBackups, lockTimeout,
        };
        var gateway = new GatewayFlags();
        gateway.AddTo(command);

        command.SetAction(async (result, cancellationToken) =>
        {
            var asJson = result.GetValue(json);
            var options = new RestoreOptions
            {
                OperationId = result.GetValue(operation),
                Last = result.GetValue(last),
                AgentId = result.GetValue(agent),
                StateDir = result.GetValue(stateDir),
                Profile = result.GetValue(profile),
                DryRun = result.GetValue(dryRun),
                Force = result.GetValue(force),
                KeepBackups = result.GetValue(keepBackups),
                LockTimeout = CommonOptions.Seconds(result.GetValue(lockTimeout)),
                Gateway = gateway.Read(result),
            };
            try
            {
                var report = await RestoreOperation.RunAsync(context.Operation, options, cancellationToken);
                if (asJson)
                {
                    RestoreReportJson.Write(context, report);
                }
                else
                {
                    RestoreReportText.Write(context, report);
                }

                return (int)report.ExitCode;
            }
            catch (SessionCloserException e) when (asJson)
            {
                // Scripts get a document for a refusal too; people still read the message on stderr.
                RestoreReportJson.WriteRefusal(context, options, e);
                context.Error.WriteLine($"session-closer: {e.Message}");
                return (int)e.ExitCode;
            }
        });
        return command;
    }
}
