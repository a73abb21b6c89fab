namespace SessionCloser.Reporting;

/// <summary>
/// What <c>report</c> found: per agent and in total, the sessions by kind and age, and every byte the agents' sessions
/// directories, databases and OpenClaw's import archives hold, by what it is, with the commands that would reclaim it.
/// Only read: nothing was written, no gateway was asked.
/// </summary>
public sealed record DiskReport
{
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The OpenClaw state directory.</summary>
    public required string StateDir { get; init; }

    /// <summary>Every agent was asked for (<c>--all-agents</c>).</summary>
    public bool AllAgents { get; init; }

    /// <summary>One per agent, in the order the installation lists them.</summary>
    public required IReadOnlyList<AgentDiskReport> Agents { get; init; }

    /// <summary>The agents' usage added up (a sessions directory several agents share is counted once).</summary>
    public required DiskUsage Total { get; init; }

    /// <summary>session-closer's operation log (<c>&lt;stateDir&gt;/session-closer/operations</c>): records and their bytes.</summary>
    public required FileTally OperationLog { get; init; }

    public required string OperationLogDirectory { get; init; }

    /// <summary>The commands that would reclaim space over every agent reported (<c>--all-agents</c> forms when several).</summary>
    public IReadOnlyList<ReclaimCommand> Commands { get; init; } = [];

    /// <summary>What a person should know (an unreadable store or database, operation records that could not be read).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>5 (store error) when an agent's store or database could not be read (the rest is still reported), else 0.</summary>
    public Errors.ExitCode ExitCode => Agents.Any(a => a.Problem is not null) ? Errors.ExitCode.StoreError : Errors.ExitCode.Success;
}

/// <summary>One agent's part of a <see cref="DiskReport"/>.</summary>
public sealed record AgentDiskReport
{
    public required string AgentId { get; init; }

    /// <summary>The storage era: <c>A</c> (locked JSON file), <c>B</c> (JSON file), <c>C</c> (SQLite behind the gateway) or <c>Unknown</c>.</summary>
    public required string Era { get; init; }

    public required string SessionsDirectory { get; init; }

    public bool SessionsDirectoryExists { get; init; }

    /// <summary>The agent's <c>sessions.json</c> (eras A/B; in era C a legacy store at most).</summary>
    public required string StorePath { get; init; }

    public bool StoreExists { get; init; }

    /// <summary>Era C: the agent's <c>openclaw-agent.sqlite</c>; null in eras A/B.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>When another agent reported before this one has the same sessions directory: that agent (its files are counted there, not again in the total).</summary>
    public string? SharesDirectoryWith { get; init; }

    /// <summary>Why sessions could not be read, when they could not (the files were still counted).</summary>
    public string? Problem { get; init; }

    public required DiskUsage Usage { get; init; }

    public IReadOnlyList<ReclaimCommand> Commands { get; init; } = [];
}

/// <summary>A number of files and their bytes.</summary>
public readonly record struct FileTally(int Count, long Bytes)
{
    public static FileTally operator +(FileTally a, FileTally b) => new(a.Count + b.Count, a.Bytes + b.Bytes);

    public FileTally Add(long bytes) => new(Count + 1, Bytes + bytes);
}

/// <summary>Sessions of one kind in one age bucket.</summary>
/// <param name="Kind">A <see cref="Keys.SessionKindNames"/> name (refined as <c>list</c> shows it: spawned children are <c>subagent</c>, chats typed group/channel are <c>group</c>).</param>
/// <param name="Age">One of <see cref="AgeBucketNames.All"/>.</param>
/// <param name="Count">How many.</param>
/// <param name="Archived">How many of them are archived (hidden from OpenClaw's default lists).</param>
/// <param name="TranscriptBytes">Their primary transcripts' bytes (eras A/B); null in era C, where transcripts are database rows.</param>
public sealed record SessionGroup(string Kind, string Age, int Count, int Archived, long? TranscriptBytes);

/// <summary>Archives of one reason made by one tool.</summary>
/// <param name="Reason"><c>deleted</c>, <c>reset</c> or <c>bak</c>.</param>
/// <param name="Maker"><c>openclaw</c>, <c>session-closer</c> or <c>original-scripts</c> (<see cref="MakerNames"/>).</param>
public sealed record ArchiveTally(string Reason, string Maker, FileTally Files);

/// <summary>Store backups made by one tool (<see cref="MakerNames"/>, plus <c>unknown</c>).</summary>
public sealed record BackupTally(string Maker, FileTally Files);

/// <summary>An agent database's files (era C): the main file, its write-ahead log and shared memory.</summary>
public sealed record DatabaseSize(long Main, long Wal, long Shm)
{
    public long Total => Main + Wal + Shm;

    public static DatabaseSize operator +(DatabaseSize a, DatabaseSize b) => new(a.Main + b.Main, a.Wal + b.Wal, a.Shm + b.Shm);
}

/// <summary>The names of who made an archive or backup, as <c>--json</c> writes them.</summary>
public static class MakerNames
{
    public const string OpenClaw = "openclaw";

    public const string SessionCloser = "session-closer";

    public const string OriginalScripts = "original-scripts";

    public const string Unknown = "unknown";
}

/// <summary>The age buckets of <see cref="SessionGroup.Age"/>, by <c>updatedAt</c>.</summary>
public static class AgeBucketNames
{
    public const string UnderOneDay = "under-1d";
    public const string OneToSevenDays = "1d-7d";
    public const string SevenToThirtyDays = "7d-30d";
    public const string ThirtyToNinetyDays = "30d-90d";
    public const string OverNinetyDays = "over-90d";

    /// <summary>No (or a zero) <c>updatedAt</c>.</summary>
    public const string Unknown = "unknown";

    /// <summary>Youngest first, <see cref="Unknown"/> last.</summary>
    public static IReadOnlyList<string> All { get; } = [UnderOneDay, OneToSevenDays, SevenToThirtyDays, ThirtyToNinetyDays, OverNinetyDays, Unknown];

    /// <summary>The bucket of a session last updated at <paramref name="updatedAtMs"/> (epoch ms), seen at <paramref name="now"/>; a time in the future is under a day.</summary>
    public static string Of(double? updatedAtMs, DateTimeOffset now)
    {
        if (updatedAtMs is not { } updated || updated == 0 || double.IsNaN(updated))
        {
            return Unknown;
        }

        var days = (now.ToUnixTimeMilliseconds() - updated) / TimeSpan.FromDays(1).TotalMilliseconds;
        return days < 1 ? UnderOneDay : days < 7 ? OneToSevenDays : days < 30 ? SevenToThirtyDays : days < 90 ? ThirtyToNinetyDays : OverNinetyDays;
    }
}

/// <summary>A command that would reclaim space, and what it would do.</summary>
/// <param name="Command">The exact command line, a dry run (nothing changes until it is run without <c>--dry-run</c>).</param>
/// <param name="Why">What it reclaims, for people.</param>
/// <param name="Bytes">The bytes it would act on, where that can be computed from disk; null where not (the database's rows).</param>
/// <param name="Effect">Whether those bytes are freed, or only moved into archives (freed by a later purge).</param>
public sealed record ReclaimCommand(string Command, string Why, long? Bytes, ReclaimEffect Effect);

/// <summary>What a <see cref="ReclaimCommand"/> does with its bytes.</summary>
public enum ReclaimEffect
{
    /// <summary>Deletes them: the disk gets them back.</summary>
    Frees,

    /// <summary>Closes sessions: their transcripts become <c>.deleted</c> archives, freed by a later <c>purge-archives</c> (or OpenClaw's retention).</summary>
    Archives,

    /// <summary>Shows what OpenClaw's own cleanup would do; its numbers are OpenClaw's.</summary>
    Inspect,
}

/// <summary>How far a report is: the agent being scanned and the files scanned in its sessions directory so far.</summary>
public readonly record struct ReportProgress(string AgentId, int AgentIndex, int AgentCount, int FilesScanned);
