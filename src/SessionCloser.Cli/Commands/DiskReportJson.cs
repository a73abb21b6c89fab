using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Reporting;

namespace SessionCloser.Cli.Commands;

/// <summary><c>report --json</c>: one document, its fields documented in docs/cli.md ("report"); fields are only ever added.</summary>
internal static class DiskReportJson
{
    public static void Write(CliContext context, DiskReport report) => JsonOutput.Write(context.Out, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "report");
        w.WriteNumber("exitCode", (int)report.ExitCode);
        w.WriteString("generatedAt", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("stateDir", report.StateDir);
        w.WriteBoolean("allAgents", report.AllAgents);
        w.WriteStartArray("agents");
        foreach (var agent in report.Agents)
        {
            w.WriteStartObject();
            w.WriteString("agentId", agent.AgentId);
            w.WriteString("era", agent.Era);
            w.WriteString("sessionsDirectory", agent.SessionsDirectory);
            w.WriteBoolean("sessionsDirectoryExists", agent.SessionsDirectoryExists);
            w.WriteString("storePath", agent.StorePath);
            w.WriteBoolean("storeExists", agent.StoreExists);
            w.WriteStringOrNull("databasePath", agent.DatabasePath);
            w.WriteStringOrNull("sharesDirectoryWith", agent.SharesDirectoryWith);
            w.WriteStringOrNull("problem", agent.Problem);
            w.WritePropertyName("usage");
            WriteUsage(w, agent.Usage);
            WriteCommands(w, agent.Commands);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WritePropertyName("total");
        WriteUsage(w, report.Total);
        w.WriteStartObject("operationLog");
        w.WriteString("directory", report.OperationLogDirectory);
        WriteTallyFields(w, report.OperationLog);
        w.WriteEndObject();
        WriteCommands(w, report.Commands);
        w.WriteStrings("warnings", report.Warnings);
        w.WriteEndObject();
    });

    private static void WriteUsage(Utf8JsonWriter w, DiskUsage usage)
    {
        w.WriteStartObject();
        w.WriteNumber("sessions", usage.Sessions);
        w.WriteNumber("archivedSessions", usage.ArchivedSessions);
        w.WriteStartArray("byKindAndAge");
        foreach (var group in usage.Groups)
        {
            w.WriteStartObject();
            w.WriteString("kind", group.Kind);
            w.WriteString("age", group.Age);
            w.WriteNumber("count", group.Count);
            w.WriteNumber("archived", group.Archived);
            w.WriteNumberOrNull("transcriptBytes", group.TranscriptBytes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteTally(w, "liveTranscripts", usage.LiveTranscripts);
        WriteTally(w, "orphanTranscripts", usage.OrphanTranscripts);
        w.WriteNumberOrNull("missingTranscripts", usage.MissingTranscripts);
        if (usage.Database is { } database)
        {
            w.WriteStartObject("database");
            w.WriteNumber("main", database.Main);
            w.WriteNumber("wal", database.Wal);
            w.WriteNumber("shm", database.Shm);
            w.WriteNumber("bytes", database.Total);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("database");
        }

        w.WriteStartArray("archives");
        foreach (var archive in usage.Archives)
        {
            w.WriteStartObject();
            w.WriteString("reason", archive.Reason);
            w.WriteString("maker", archive.Maker);
            WriteTallyFields(w, archive.Files);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteTally(w, "archivesTotal", usage.AllArchives);
        w.WriteStartArray("storeBackups");
        foreach (var backup in usage.StoreBackups)
        {
            w.WriteStartObject();
            w.WriteString("maker", backup.Maker);
            WriteTallyFields(w, backup.Files);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteTally(w, "storeBackupsTotal", usage.AllStoreBackups);
        WriteTally(w, "store", usage.Store);
        WriteTally(w, "staleLocks", usage.StaleLocks);
        WriteTally(w, "liveLocks", usage.LiveLocks);
        WriteTally(w, "staleTempFiles", usage.StaleTempFiles);
        WriteTally(w, "tempFiles", usage.TempFiles);
        WriteTally(w, "journals", usage.Journals);
        WriteTally(w, "skillPromptBlobs", usage.SkillPromptBlobs);
        WriteTally(w, "coldTranscripts", usage.ColdTranscripts);
        WriteTally(w, "symlinks", usage.Symlinks);
        WriteTally(w, "other", usage.Other);
        WriteTally(w, "importArchive", usage.ImportArchive);
        WriteTally(w, "sessionsDirectory", usage.SessionsDirectory);
        w.WriteNumber("totalBytes", usage.TotalBytes);
        w.WriteEndObject();
    }

    private static void WriteCommands(Utf8JsonWriter w, IReadOnlyList<ReclaimCommand> commands)
    {
        w.WriteStartArray("commands");
        foreach (var command in commands)
        {
            w.WriteStartObject();
            w.WriteString("command", command.Command);
            w.WriteString("why", command.Why);
            w.WriteNumberOrNull("bytes", command.Bytes);
            w.WriteString("effect", EffectName(command.Effect));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static string EffectName(ReclaimEffect effect) => effect switch
    {
        ReclaimEffect.Frees => "frees",
        ReclaimEffect.Archives => "archives",
        _ => "inspect",
    };

    private static void WriteTally(Utf8JsonWriter w, string name, FileTally tally)
    {
        w.WriteStartObject(name);
        WriteTallyFields(w, tally);
        w.WriteEndObject();
    }

    private static void WriteTallyFields(Utf8JsonWriter w, FileTally tally)
    {
        w.WriteNumber("count", tally.Count);
        w.WriteNumber("bytes", tally.Bytes);
    }
}
