using System.Globalization;
using SessionCloser.Cli.Output;
using SessionCloser.Keys;
using SessionCloser.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SessionCloser.Cli.Commands;

/// <summary><c>report</c> for people: per agent (and in total) a table of sessions by kind and age, a table of bytes by what they are, and the commands that would reclaim them.</summary>
internal static class DiskReportText
{
    private static readonly string[] AgeHeadings = ["< 1d", "1-7d", "7-30d", "30-90d", "> 90d", "unknown"];

    public static void Write(CliContext context, DiskReport report)
    {
        var console = Terminal.For(context);
        foreach (var warning in report.Warnings)
        {
            console.Write(new Text($"warning: {warning}\n", new Style(Color.Yellow)));
        }

        console.Write(new Text($"Disk report of {report.StateDir} ({report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; read only, no gateway asked)\n"));
        foreach (var agent in report.Agents)
        {
            console.WriteLine();
            var where = agent.Era == "C" ? $"{agent.SessionsDirectory}; database {agent.DatabasePath}" : agent.SessionsDirectory + (agent.SessionsDirectoryExists ? "" : " (does not exist)");
            console.Write(new Text($"Agent {HumanFormat.Printable(agent.AgentId)} (era {agent.Era}): {where}\n", new Style(decoration: Decoration.Bold)));
            if (agent.SharesDirectoryWith is { } other)
            {
                console.Write(new Text($"  shares its sessions directory with {other}: counted there in the total\n"));
            }

            if (agent.Problem is { } problem)
            {
                console.Write(new Text($"  could not read its sessions: {problem}\n", new Style(Color.Red)));
            }

            WriteUsage(console, agent.Usage);
            WriteCommands(console, agent.Commands, report.AllAgents ? $"To reclaim for agent {HumanFormat.Printable(agent.AgentId)}" : "To reclaim");
        }

        if (report.AllAgents)
        {
            console.WriteLine();
            console.Write(new Text($"Total over {report.Agents.Count} agent(s)\n", new Style(decoration: Decoration.Bold)));
            WriteUsage(console, report.Total);
            WriteCommands(console, report.Commands, "To reclaim for every agent");
        }

        console.WriteLine();
        console.Write(new Text($"Operation log: {report.OperationLog.Count} file(s), {HumanFormat.Size(report.OperationLog.Bytes)} in {report.OperationLogDirectory}\n"));
    }

    private static void WriteUsage(IAnsiConsole console, DiskUsage usage)
    {
        var archived = usage.ArchivedSessions > 0 ? $" ({usage.ArchivedSessions} archived)" : "";
        console.Write(new Text($"Sessions: {usage.Sessions}{archived}\n"));
        if (usage.Groups.Count > 0)
        {
            console.Write(KindTable(usage));
        }

        console.Write(BytesTable(usage));
    }

    /// <summary>Kinds down, age buckets across (counts), with each kind's transcript bytes where they are files.</summary>
    private static Table KindTable(DiskUsage usage)
    {
        var withBytes = usage.Groups.Any(g => g.TranscriptBytes is not null);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Kind");
        foreach (var heading in AgeHeadings)
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        table.AddColumn(new TableColumn("Total").RightAligned());
        if (withBytes)
        {
            table.AddColumn(new TableColumn("Transcripts").RightAligned());
        }

        foreach (var kind in usage.Groups.Select(g => g.Kind).Distinct())
        {
            var groups = usage.Groups.Where(g => g.Kind == kind).ToList();
            var cells = new List<IRenderable> { new Text(kind) };
            cells.AddRange(AgeBucketNames.All.Select(age => groups.FirstOrDefault(g => g.Age == age) is { } g ? new Text(Count(g)) : new Text("")));
            cells.Add(new Text(groups.Sum(g => g.Count).ToString(CultureInfo.InvariantCulture)));
            if (withBytes)
            {
                cells.Add(new Text(HumanFormat.Size(groups.Sum(g => g.TranscriptBytes ?? 0))));
            }

            table.AddRow(cells);
        }

        return table;
    }

    private static string Count(SessionGroup group) =>
        group.Archived > 0 ? string.Create(CultureInfo.InvariantCulture, $"{group.Count} ({group.Archived} arch.)") : group.Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>One row per kind of file that is there: files and bytes.</summary>
    private static Table BytesTable(DiskUsage usage)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("On disk").AddColumn(new TableColumn("Files").RightAligned()).AddColumn(new TableColumn("Size").RightAligned());
        void Row(string what, FileTally tally, bool always = false)
        {
            if (always || tally.Count > 0)
            {
                table.AddRow(new Text(what), new Text(tally.Count.ToString(CultureInfo.InvariantCulture)), new Text(HumanFormat.Size(tally.Bytes)));
            }
        }

        Row("live transcripts (session files entries reference)", usage.LiveTranscripts, always: usage.Database is null);
        if (usage.Database is { } database)
        {
            table.AddRow(new Text("database (openclaw-agent.sqlite, -wal, -shm)"), new Text(""), new Text(HumanFormat.Size(database.Total)));
        }

        Row("orphan transcripts (no entry)", usage.OrphanTranscripts, always: true);
        table.AddRow(
            new Text("entries whose transcript is missing"),
            new Text(usage.MissingTranscripts is { } missing ? missing.ToString(CultureInfo.InvariantCulture) : "n/a"),
            new Text(usage.MissingTranscripts is null ? "transcripts are database rows" : ""));
        foreach (var archive in usage.Archives)
        {
            Row($".{archive.Reason} archives ({archive.Maker})", archive.Files);
        }

        foreach (var backup in usage.StoreBackups)
        {
            Row($"store backups ({backup.Maker})", backup.Files);
        }

        Row("store (sessions.json)", usage.Store);
        Row("stale locks", usage.StaleLocks, always: true);
        Row("locks held", usage.LiveLocks);
        Row("stale temp files", usage.StaleTempFiles, always: true);
        Row("temp files being written", usage.TempFiles);
        Row("session-closer journals (an interrupted run)", usage.Journals);
        Row("skill prompt blobs", usage.SkillPromptBlobs);
        Row("cold transcripts (cold/, never reclaimable)", usage.ColdTranscripts);
        Row("symlinks (not followed)", usage.Symlinks);
        Row("other files", usage.Other);
        Row("SQLite import archive (moved aside by openclaw doctor)", usage.ImportArchive);
        table.AddRow(new Text("total", new Style(decoration: Decoration.Bold)), new Text(""), new Text(HumanFormat.Size(usage.TotalBytes), new Style(decoration: Decoration.Bold)));
        return table;
    }

    private static void WriteCommands(IAnsiConsole console, IReadOnlyList<ReclaimCommand> commands, string heading)
    {
        if (commands.Count == 0)
        {
            console.Write(new Text("Nothing to reclaim.\n"));
            return;
        }

        console.Write(new Text(heading + " (dry runs first; nothing changes until run without --dry-run):\n"));
        foreach (var command in commands)
        {
            var effect = command.Bytes is not { } bytes ? "" : command.Effect switch
            {
                ReclaimEffect.Frees => $"frees {HumanFormat.Size(bytes)}: ",
                ReclaimEffect.Archives => $"moves {HumanFormat.Size(bytes)} into archives: ",
                _ => bytes > 0 ? $"about {HumanFormat.Size(bytes)}: " : "",
            };
            console.Write(new Text($"  {command.Command}\n", new Style(Color.Green)));
            console.Write(new Text($"      {effect}{command.Why}\n"));
        }
    }
}
