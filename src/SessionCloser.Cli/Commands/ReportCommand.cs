using System.CommandLine;
using System.Globalization;
using SessionCloser.Cli.Output;
using SessionCloser.Operations;
using SessionCloser.Reporting;

namespace SessionCloser.Cli.Commands;

/// <summary><c>session-closer report</c>: where an agent's (or every agent's) disk goes, and the commands that would reclaim it.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var agent = CommonOptions.Agent();
        var allAgents = new Option<bool>("--all-agents") { Description = "Report every agent: configured agents and stores found on disk, and their total." };
        var stateDir = CommonOptions.StateDir();
        var profile = CommonOptions.Profile();
        var json = CommonOptions.Json();
        var command = new Command("report", "Show sessions by kind and age and the disk they take (transcripts, database, orphans, archives, backups, locks, temp files), with the commands that would reclaim it. Only reads.")
        {
            agent, allAgents, stateDir, profile, json,
        };

        command.SetAction((result, cancellationToken) =>
        {
            var asJson = result.GetValue(json);
            using var progress = ProgressLine.For(context, "scanning", asJson);
            var options = new ReportOptions
            {
                AgentId = result.GetValue(agent),
                AllAgents = result.GetValue(allAgents),
                StateDir = result.GetValue(stateDir),
                Profile = result.GetValue(profile),
                Progress = progress is null ? null : new Progress(progress),
            };
            var report = ReportOperation.RunAsync(new OperationContext(context.Environment, context.Clock), options, cancellationToken).GetAwaiter().GetResult();
            progress?.Dispose();
            if (asJson)
            {
                DiskReportJson.Write(context, report);
            }
            else
            {
                DiskReportText.Write(context, report);
            }

            return Task.FromResult((int)report.ExitCode);
        });
        return command;
    }

    /// <summary>Moves the live line as the scan goes (synchronously: <see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class Progress(ProgressLine line) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value)
        {
            var agents = value.AgentCount > 1 ? string.Create(CultureInfo.InvariantCulture, $" (agent {value.AgentIndex}/{value.AgentCount})") : "";
            line.Update(string.Create(CultureInfo.InvariantCulture, $"scanning {HumanFormat.Printable(value.AgentId)}{agents}: {value.FilesScanned} files"), 0, 0);
        }
    }
}
