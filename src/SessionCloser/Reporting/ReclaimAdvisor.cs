using System.Text.RegularExpressions;
using SessionCloser.Config;
using SessionCloser.Inventory;
using SessionCloser.Listing;

namespace SessionCloser.Reporting;

/// <summary>
/// The commands that would reclaim what a report found, each a dry run with the bytes it acts on where the disk says:
/// <c>session-closer purge-archives</c> for old archives and backups, <c>session-closer close</c> for old cron runs and
/// subagents, and OpenClaw's own <c>sessions cleanup</c> (orphans, missing transcripts) and, in era C,
/// <c>update cleanup</c> (what the import moved aside).
/// </summary>
internal static partial class ReclaimAdvisor
{
    /// <summary>The archive ages offered to <c>purge-archives</c>, first that frees anything wins: OpenClaw's default <c>pruneAfter</c>, then a week.</summary>
    internal static readonly long[] PurgeAges = [30L * 86_400_000, 7L * 86_400_000];

    internal static readonly (string Kind, long OlderThanMs, string Why)[] CloseSuggestions =
    [
        ("cron-run", 86_400_000, "cron runs older than a day"),
        ("subagent", 7L * 86_400_000, "subagent sessions older than a week"),
    ];

    /// <summary>Where the command should point: <c>--agent X</c>, or <c>--all-agents</c>, plus the state the report read.</summary>
    internal sealed record Target(string? AgentId, string? StateDir, string? Profile)
    {
        public string SessionCloserScope => (AgentId is null ? " --all-agents" : " --agent " + Quote(AgentId)) + StateFlags;

        public string OpenClawScope => AgentId is null ? " --all-agents" : " --agent " + Quote(AgentId);

        /// <summary>How OpenClaw is pointed at the same state: its own environment variables.</summary>
        public string OpenClawPrefix =>
            (StateDir is null ? "" : "OPENCLAW_STATE_DIR=" + Quote(StateDir) + " ") + (Profile is null ? "" : "OPENCLAW_PROFILE=" + Quote(Profile) + " ");

        private string StateFlags => (StateDir is null ? "" : " --state-dir " + Quote(StateDir)) + (Profile is null ? "" : " --profile " + Quote(Profile));
    }

    public static IReadOnlyList<ReclaimCommand> For(IReadOnlyList<AgentScan> scans, Target target, DateTimeOffset now)
    {
        var commands = new List<ReclaimCommand>();
        for (var i = 0; i < PurgeAges.Length; i++)
        {
            var purgeable = scans.Aggregate(default(FileTally), (sum, s) => sum + s.Directory.Purgeable[i]);
            if (purgeable.Count > 0)
            {
                var age = OpenClawDuration.Format(PurgeAges[i]);
                commands.Add(new ReclaimCommand(
                    $"session-closer purge-archives --older-than {age}{target.SessionCloserScope} --dry-run",
                    $"{purgeable.Count} archive(s) and store backup(s) older than {age} (archives an operation's restore still needs stay unless --force)",
                    purgeable.Bytes,
                    ReclaimEffect.Frees));
                break;
            }
        }

        for (var i = 0; i < CloseSuggestions.Length; i++)
        {
            var (kind, olderThanMs, why) = CloseSuggestions[i];
            var picked = scans.Aggregate(default(FileTally), (sum, s) => sum + s.Sessions.Closeable[i]);
            if (picked.Count > 0)
            {
                var inDatabase = scans.Any(s => s.Report.Era == "C" && s.Sessions.Closeable[i].Count > 0);
                commands.Add(new ReclaimCommand(
                    $"session-closer close{target.SessionCloserScope} --kind {kind} --older-than {OpenClawDuration.Format(olderThanMs)} --dry-run",
                    $"{picked.Count} {why}",
                    inDatabase ? null : picked.Bytes,
                    ReclaimEffect.Archives));
            }
        }

        var cleanupOrphans = scans.Where(s => s.Report.Era is "B" or "C").Aggregate(default(FileTally), (sum, s) => sum + s.Directory.OldOrphans);
        var missing = scans.Where(s => s.Report.Era != "C").Sum(s => s.Report.Usage.MissingTranscripts ?? 0);
        if (cleanupOrphans.Count > 0)
        {
            commands.Add(new ReclaimCommand(
                $"{target.OpenClawPrefix}openclaw sessions cleanup{target.OpenClawScope} --dry-run",
                $"{cleanupOrphans.Count} orphan transcript(s) older than OpenClaw's pruneAfter, which its cleanup deletes (it also prunes old entries: read its plan)",
                cleanupOrphans.Bytes,
                ReclaimEffect.Inspect));
        }

        if (missing > 0)
        {
            commands.Add(new ReclaimCommand(
                $"{target.OpenClawPrefix}openclaw sessions cleanup{target.OpenClawScope} --fix-missing --dry-run",
                $"{missing} entr(y/ies) whose transcript is missing, which --fix-missing removes",
                0,
                ReclaimEffect.Inspect));
        }

        var imported = scans.Where(s => s.Report.Era == "C").Aggregate(default(FileTally), (sum, s) => sum + s.Report.Usage.ImportArchive);
        if (imported.Count > 0)
        {
            commands.Add(new ReclaimCommand(
                $"{target.OpenClawPrefix}openclaw update cleanup --dry-run",
                $"{imported.Count} file(s) OpenClaw's SQLite import moved aside (session-sqlite-import-archive), kept until verified originals are retired",
                imported.Bytes,
                ReclaimEffect.Inspect));
        }

        return commands;
    }

    /// <summary>
    /// What <c>purge-archives</c> may delete by the time in its name (or mtime): archives and store backups of a known
    /// maker, older than the cutoff, not named by an operation record (a restore may need them), never a symlink.
    /// </summary>
    internal static bool IsPurgeable(InventoriedFile file, DateTimeOffset cutoff) =>
        file.Time < cutoff
        && ((file.Class == FileClass.Archive && file.RecordId is null)
            || (file.Class == FileClass.StoreBackup && file.Maker is not FileMaker.Unknown and not null && file.RecordId is null));

    /// <summary>Whether <paramref name="row"/> (of report kind <paramref name="kind"/>) is one the close suggestion would pick.</summary>
    internal static bool IsCloseSuggestion(ListedSession row, string kind, (string Kind, long OlderThanMs, string Why) suggestion, DateTimeOffset now) =>
        kind == suggestion.Kind && IsCloseable(row) && Age(row, now) is { } age && age >= suggestion.OlderThanMs;

    /// <summary>What a selector run could pick: not protected, not a run in progress, not a group.</summary>
    private static bool IsCloseable(ListedSession row) =>
        !row.Flags.HasFlag(SessionMarks.Protected) && !row.Flags.HasFlag(SessionMarks.ActiveRun) && row.DisplayKind != "group";

    private static double? Age(ListedSession row, DateTimeOffset now) =>
        row.UpdatedAt is { } updated && updated != 0 ? now.ToUnixTimeMilliseconds() - updated : double.PositiveInfinity;

    /// <summary>A word the shell reads as itself, or the text in single quotes.</summary>
    internal static string Quote(string text) => SafeWord().IsMatch(text) ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\A[A-Za-z0-9._/:=@%+-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeWord();
}
