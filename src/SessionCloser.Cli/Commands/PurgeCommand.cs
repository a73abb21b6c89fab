using System.CommandLine;
using System.Globalization;
using SessionCloser.Cli.Output;
using SessionCloser.Operations;
using SessionCloser.Purging;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>session-closer purge-archives --older-than &lt;duration&gt;</c>: deletes old archives and store backups to free
/// disk, after the plan/ask gate every run that picks its own targets passes (<see cref="PlanGate"/>).
/// </summary>
internal static class PurgeCommand
{
    public static Command Create(CliContext context)
    {
        var olderThan = new Option<string?>("--older-than")
        {
            Description = "Required: delete archives and backups made longer ago than this (30d, 12h, 90m, 1h30m; a bare number is refused).",
            HelpName = "duration",
        };
        var agent = CommonOptions.Agent();
        var allAgents = new Option<bool>("--all-agents") { Description = "Every agent's sessions directory." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (every archive and backup, to delete or keep, and why); change nothing." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask (required when there is no terminal, unless --dry-run)." };
        var force = new Option<bool>("--force") { Description = "Also delete archives an operation's restore still needs; those operations can no longer be undone (the log says so)." };
        var stateDir = CommonOptions.StateDir();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var command = new Command("purge-archives", "Delete archives (*.deleted.*, *.reset.*, *.bak.*) and old sessions.json backups older than a duration, to free disk. Never a file a session references or a restore needs (unless --force).")
        {
            olderThan, agent, allAgents, dryRun, yes, force, stateDir, profile, json,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            var asJson = result.GetValue(json);
            var isDryRun = result.GetValue(dryRun);
            var relay = new ProgressRelay();
            var options = new PurgeOptions
            {
                Progress = relay,
                OlderThan = result.GetValue(olderThan),
                AgentId = result.GetValue(agent),
                AllAgents = result.GetValue(allAgents),
                Force = result.GetValue(force),
                StateDir = result.GetValue(stateDir),
                Profile = result.GetValue(profile),
            };
            options.ThrowIfInvalid();
            var gate = PlanGate.Decide(context, result.GetValue(yes), isDryRun, asJson);
            if (gate == GateDecision.Refuse)
            {
                throw PlanGate.Refusal(context, "purge-archives", asJson);
            }

            PurgePlan plan;
            var operation = await PurgeOperation.OpenAsync(context.Operation, options, cancellationToken);
            using (relay.Line = ProgressLine.For(context, "scanning", asJson))
            {
                plan = await operation.PlanAsync(cancellationToken);
            }

            if (isDryRun)
            {
                Print(context, asJson, PurgeReportJson.OfPlan(plan, dryRun: true), () => PurgeReportText.WritePlan(context.Out, plan));
                if (!asJson)
                {
                    PurgeReportText.WritePlanSummary(context.Error, plan, dryRun: true);
                }

                return 0;
            }

            // Nothing to delete asks nothing; the run still finishes a purge a kill interrupted (already approved then).
            if (gate == GateDecision.Ask && plan.DeleteCount > 0)
            {
                var question = string.Create(CultureInfo.InvariantCulture, $"Delete {plan.DeleteCount} file(s), {HumanFormat.Size(plan.DeleteBytes)}? This cannot be undone.");
                if (!await PlanGate.AskAsync(context, console => PurgeReportText.ShowPlan(console, plan), question, cancellationToken))
                {
                    return PlanGate.Declined(context);
                }
            }

            PurgeResult done;
            using (relay.Line = ProgressLine.For(context, "purging", asJson))
            {
                done = await operation.RunAsync(plan, cancellationToken);
            }

            Print(context, asJson, PurgeReportJson.OfResult(done), () => PurgeReportText.WriteResult(context.Out, done));
            if (!asJson)
            {
                PurgeReportText.WriteResultSummary(context.Error, done);
            }

            return (int)done.ExitCode;
        });
        return command;
    }

    private static void Print(CliContext context, bool asJson, Action<System.Text.Json.Utf8JsonWriter> json, Action text)
    {
        if (asJson)
        {
            JsonOutput.Write(context.Out, json);
        }
        else
        {
            text();
            context.Out.Flush();
        }
    }

    /// <summary>Moves the live line of the phase running now: directories scanned, then files deleted.</summary>
    private sealed class ProgressRelay : IProgress<PurgeProgress>
    {
        public ProgressLine? Line { get; set; }

        public void Report(PurgeProgress value) => Line?.Update(value.Done, value.Total);
    }
}
