using System.Text.RegularExpressions;
using AwesomeAssertions;

namespace SessionCloser.FaultInjection;

/// <summary>
/// What an uninterrupted run of one command does to a <see cref="Workspace"/>: the store's bytes before and after,
/// and which of the pristine files it archives (paths relative to the state directory).
/// </summary>
internal sealed record Expectation(string StorePath, byte[] Before, byte[] After, IReadOnlySet<string> Archived);

/// <summary>
/// The promises a kill or a signal must never break. After a kill: the store is the before or the after state byte
/// for byte; every file exists under exactly one of its names (its own or <c>&lt;name&gt;.deleted.&lt;stamp&gt;</c>) with
/// its bytes; a store already replaced whose files are not all archived has its journal beside it (so the next run
/// finishes); backups are whole copies of the before state, never empty. After the next run (or a signalled run,
/// which must leave no leftovers itself): additionally no temp file, journal or lock remains.
/// </summary>
internal static partial class Invariants
{
    /// <param name="restoring">The killed run was a restore (after → before): a store already put back may still have archives to rename back, with its journal.</param>
    public static void AfterKill(Workspace workspace, Expectation expected, string what, bool restoring = false) =>
        Check(workspace, expected, what, settled: false, mustBe: null, restoring);

    /// <param name="mustBeAfter">The store state the run must have ended in (true: after, false: before), when known; null for either.</param>
    /// <param name="restoring">A restore ran: its backup is a copy of the after state.</param>
    public static void Settled(Workspace workspace, Expectation expected, string what, bool? mustBeAfter = true, bool restoring = false) =>
        Check(workspace, expected, what, settled: true, mustBe: mustBeAfter, restoring);

    /// <summary>
    /// Ages what a killed run left (its temp files) by six minutes, which is what the passing of time does:
    /// <c>LeftoverSweep</c>, like OpenClaw's own sweep, removes a dead process's temp file only once it is 5 minutes old.
    /// </summary>
    public static void AgeLeftovers(Workspace workspace)
    {
        foreach (var temp in Directory.EnumerateFiles(workspace.StateDir, "*.tmp", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(temp, DateTime.UtcNow - TimeSpan.FromMinutes(6));
        }
    }

    private static void Check(Workspace workspace, Expectation expected, string what, bool settled, bool? mustBe, bool restoring)
    {
        var problems = new List<string>();
        var root = workspace.StateDir;
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).ToHashSet(StringComparer.Ordinal);
        var storeRel = Path.GetRelativePath(root, expected.StorePath);
        var store = File.Exists(expected.StorePath) ? File.ReadAllBytes(expected.StorePath) : null;
        var isBefore = store is not null && store.AsSpan().SequenceEqual(expected.Before);
        var isAfter = store is not null && store.AsSpan().SequenceEqual(expected.After);
        if (!isBefore && !isAfter)
        {
            problems.Add($"the store is neither the before nor the after state ({store?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"} bytes)");
        }
        else if (mustBe is { } after && isAfter != after && !(isBefore && isAfter))
        {
            problems.Add($"the store is the {(isAfter ? "after" : "before")} state, expected the {(after ? "after" : "before")} state");
        }

        var accounted = new HashSet<string>(StringComparer.Ordinal) { storeRel };
        var archived = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (rel, hash) in workspace.PristineHashes)
        {
            if (rel == storeRel)
            {
                continue;
            }

            var archives = files.Where(f => f.StartsWith(rel + ".deleted.", StringComparison.Ordinal) && !workspace.PristineHashes.ContainsKey(f)
                && ArchiveSuffix().IsMatch(f[rel.Length..])).ToList();
            var names = archives.Prepend(rel).Where(files.Contains).ToList();
            accounted.UnionWith(names);
            if (names.Count != 1)
            {
                problems.Add($"{rel} exists under {names.Count} names: {string.Join(", ", names)}");
                continue;
            }

            if (Workspace.Hash(File.ReadAllBytes(Path.Join(root, names[0]))) != hash)
            {
                problems.Add($"{names[0]} does not hold the bytes {rel} had");
            }

            if (names[0] != rel)
            {
                archived.Add(rel);
            }
        }

        if (!archived.IsSubsetOf(expected.Archived))
        {
            problems.Add($"archived files no uninterrupted run archives: {string.Join(", ", archived.Except(expected.Archived))}");
        }

        var journal = storeRel + ".session-closer-journal";
        if (isBefore && !isAfter && archived.Count > 0 && !(restoring && files.Contains(journal)))
        {
            problems.Add($"the store is the before state but {archived.Count} file(s) are archived{(restoring ? " and there is no journal to rename them back from" : "")}");
        }

        if (isAfter && !isBefore && !archived.SetEquals(expected.Archived) && !files.Contains(journal))
        {
            problems.Add($"the store was replaced and {expected.Archived.Count - archived.Count} file(s) are not archived yet, but there is no journal to finish them from");
        }

        foreach (var extra in files.Except(accounted).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(extra);
            var storeName = Path.GetFileName(expected.StorePath);
            if (Path.GetDirectoryName(extra) == Path.GetDirectoryName(storeRel) && BackupName().IsMatch(name) && name.StartsWith(storeName + ".bak-", StringComparison.Ordinal))
            {
                var bytes = File.ReadAllBytes(Path.Join(root, extra));
                if (bytes.Length == 0)
                {
                    problems.Add($"{extra} is an empty backup");
                }
                else if (!bytes.AsSpan().SequenceEqual(expected.Before) && !(restoring && bytes.AsSpan().SequenceEqual(expected.After)))
                {
                    problems.Add($"{extra} is not a copy of the store before the run");
                }
            }
            else if (OperationRecord().IsMatch(extra))
            {
                // the operation log (restore's source): outside the sessions directory, kept by its own retention
            }
            else if (!settled && (name.EndsWith(".tmp", StringComparison.Ordinal) || extra == journal || extra == storeRel + ".lock"))
            {
                // a killed run's temp file, journal or lock: the next run deals with them
            }
            else
            {
                problems.Add($"{extra} should not be there{(settled ? " once the job is done" : "")}");
            }
        }

        problems.Should().BeEmpty($"{what}: every invariant must hold{(settled ? " once the job is done" : " after the kill")}");
        if (settled && mustBe != false)
        {
            archived.Should().BeEquivalentTo(expected.Archived, $"{what}: the files an uninterrupted run archives are archived");
        }
    }

    [GeneratedRegex(@"^session-closer/operations/[^/]+\.json$")]
    private static partial Regex OperationRecord();

    [GeneratedRegex(@"^\.deleted\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$")]
    private static partial Regex ArchiveSuffix();

    [GeneratedRegex(@"\.bak-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z(-[1-9][0-9]*)?$")]
    private static partial Regex BackupName();
}
