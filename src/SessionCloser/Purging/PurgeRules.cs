using System.Globalization;
using SessionCloser.Config;

namespace SessionCloser.Purging;

/// <summary>
/// The purge's decision for each candidate, pure: a symlink is never touched; a file a live entry references stays;
/// one newer than the cutoff stays; one an operation's restore needs stays unless <c>--force</c> (and then says which
/// operation can no longer be undone); everything else goes. The first rule that keeps a file is its reason.
/// </summary>
internal sealed class PurgeRules(DateTimeOffset now, long olderThanMs, bool force)
{
    public const string SessionCloserBackup = "session-closer";

    public const string OriginalScriptsBackup = "original-scripts";

    public const string OpenClawBackup = "openclaw";

    /// <summary>A <c>&lt;store&gt;.bak…</c> copy no known tool names so: somebody's own, never purged.</summary>
    public const string UnknownBackup = "unknown";

    public DateTimeOffset Now => now;

    public DateTimeOffset Cutoff { get; } = now - TimeSpan.FromMilliseconds(olderThanMs);

    public string OlderThanText { get; } = OpenClawDuration.Format(olderThanMs);

    public PurgeFile Decide(PurgeCandidate candidate, LiveReferences references, RestoreNeeds needs)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(needs);
        var file = new PurgeFile
        {
            Path = candidate.Path,
            Category = candidate.Category,
            Reason = candidate.Reason,
            Time = candidate.Time,
            TimeFromName = candidate.TimeFromName,
            Bytes = candidate.Bytes,
            Action = PurgeAction.Keep,
            Why = "",
        };

        if (candidate.IsSymlink)
        {
            return file with { Why = "a symlink: never followed or deleted" };
        }

        if (candidate.Category == PurgeCategory.Backup && candidate.Reason == UnknownBackup)
        {
            return file with { Why = "a copy of the store no known tool names so (someone's own): never purged" };
        }

        if (references.ReferencingKey(candidate.Path, candidate.OwnerSessionId) is { } key)
        {
            return file with { Why = $"referenced by {key}", ReferencedBy = key };
        }

        var age = $"{Age(now - candidate.Time)} old{(candidate.TimeFromName ? "" : ", by mtime")}";
        if (candidate.Time >= Cutoff)
        {
            return file with { Why = $"newer than {OlderThanText} ({age})" };
        }

        if (needs.NeededBy(candidate.Path) is { } operation)
        {
            return force
                ? file with { Action = PurgeAction.Delete, NeededBy = operation, Why = $"older than {OlderThanText} ({age}); needed by operation {operation} for restore: --force deletes it, and {operation} can no longer be undone" }
                : file with { NeededBy = operation, Why = $"needed by operation {operation} for restore; --force to purge it" };
        }

        return file with { Action = PurgeAction.Delete, Why = $"older than {OlderThanText} ({age})" };
    }

    /// <summary>An age as people read it: <c>45d</c>, <c>3h</c>, <c>12m</c> (negative ages, a clock set back, read 0m).</summary>
    public static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? ((long)age.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
        : age.TotalHours >= 1 ? ((long)age.TotalHours).ToString(CultureInfo.InvariantCulture) + "h"
        : Math.Max(0, (long)age.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m";
}
