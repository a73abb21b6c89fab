using SessionCloser.Artifacts;
using SessionCloser.Sessions;
using SessionCloser.Store;

namespace SessionCloser.Closing;

/// <summary>
/// Decides what one run does to one store snapshot: which sessions close (with the files they own), which are
/// kept, skipped or not found. Pure: it reads the directory but changes nothing, so a dry run is exactly this.
/// </summary>
internal static class ClosePlanner
{
    public static ClosePlan Decide(CloseRequest request, SessionStoreSnapshot snapshot, DateTimeOffset now)
    {
        // A run that names its sessions looks them up; only keep-only and selectors read every session.
        var selection = request.Mode == CloseMode.Close && request.Selector is null
            ? new Selection<StoreEntry>(request, new StoreKeyLookup(snapshot.Entries, request.KeyRules))
            : new Selection<StoreEntry>(request, snapshot.Entries);
        var (outcomes, closing) = SessionChooser.Choose(request, selection);

        var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(request.StorePath))!, Path.GetFileName(request.StorePath));
        // Only the closing sessions' files are looked up (ArtifactPlanner: their own and their checkpoints' session ids).
        var wanted = closing.SelectMany(c => c.Session).SelectMany(e => e.Fields.CheckpointSessionIds.Append(e.Fields.SessionId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var index = DirectoryIndex.Scan(directory, wanted);
        // Every archive name of the run ends the same way: made once, not once per file (a keep-only names 100,000+).
        var archiveSuffix = $".{ArtifactNames.Deleted}.{ArtifactNames.ArchiveTimestamp(now)}";
        var plans = PlanUntilStable(closing, snapshot, directory, index, now, request.Force);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var closed = new HashSet<StoreEntry>(ReferenceEqualityComparer.Instance);
        foreach (var (session, argument) in closing)
        {
            var plan = plans[session];
            if (plan.IsRefused)
            {
                outcomes.Add(SessionChooser.Outcome(OutcomeStatus.Skipped, session, argument, plan.Refusal));
            }
            else if (plan.HasActiveRun && !request.Force)
            {
                outcomes.Add(SessionChooser.Outcome(OutcomeStatus.Skipped, session, argument, "a run is in progress (live transcript lock); retry later or use --force"));
            }
            else
            {
                var files = plan.Files.Where(f => claimed.Add(f.Path))
                    .Select(f => new ArchivedFile(f.Path, string.Concat(f.Path, archiveSuffix), f.Kind)).ToList();
                outcomes.Add(SessionChooser.Outcome(OutcomeStatus.Closed, session, argument, null) with { Files = files });
                closed.UnionWith(session);
            }
        }

        // The closed outcomes' keys are exactly their sessions' entries (a store holds each key once): found by
        // reference, no entry's key is read.
        return new ClosePlan(
            SessionChooser.InReportOrder(request, outcomes),
            [.. snapshot.Entries.Where(closed.Contains)],
            [.. snapshot.Entries.Where(e => !closed.Contains(e))]);
    }

    /// <summary>
    /// Plans every closing session against the entries that stay. A session refused or kept back (active run)
    /// joins the entries that stay, which may keep some of the others' files; planning again until nothing
    /// changes makes sure no archived file is still referenced.
    /// </summary>
    private static Dictionary<SessionVariants<StoreEntry>, ArtifactPlan> PlanUntilStable(
        List<(SessionVariants<StoreEntry> Session, string? Argument)> closing, SessionStoreSnapshot snapshot, SessionsDirectory directory, DirectoryIndex index, DateTimeOffset now, bool force)
    {
        // Sessions held back, with the plan that held them back: re-planning them against themselves would lose that.
        var heldBack = new Dictionary<SessionVariants<StoreEntry>, ArtifactPlan>();
        while (true)
        {
            var closingEntries = closing.Where(c => !heldBack.ContainsKey(c.Session)).SelectMany(c => c.Session).ToHashSet();
            var references = References.Of(snapshot.Entries.Where(e => !closingEntries.Contains(e)), directory);
            var plans = new Dictionary<SessionVariants<StoreEntry>, ArtifactPlan>();
            foreach (var (session, _) in closing)
            {
                plans[session] = heldBack.TryGetValue(session, out var blocked)
                    ? blocked
                    : session.Count == 1 ? ArtifactPlanner.Plan(session[0], index, references, now)
                    : MergePlans(session.Select(e => ArtifactPlanner.Plan(e, index, references, now)));
            }

            var newlyHeldBack = closing.Where(c => !heldBack.ContainsKey(c.Session) && (plans[c.Session].IsRefused || (plans[c.Session].HasActiveRun && !force))).ToList();
            if (newlyHeldBack.Count == 0)
            {
                return plans;
            }

            foreach (var (session, _) in newlyHeldBack)
            {
                heldBack[session] = plans[session];
            }
        }
    }

    private static ArtifactPlan MergePlans(IEnumerable<ArtifactPlan> plans)
    {
        var all = plans.ToList();
        return new ArtifactPlan(
            [.. all.SelectMany(p => p.Files).DistinctBy(f => f.Path)],
            all.Select(p => p.Refusal).FirstOrDefault(r => r is not null),
            all.Any(p => p.HasActiveRun));
    }
}

/// <summary>The decision for one store: the outcome per session, and the entries that leave and stay.</summary>
internal sealed record ClosePlan(IReadOnlyList<SessionOutcome> Outcomes, IReadOnlyList<StoreEntry> Closing, IReadOnlyList<StoreEntry> Remaining)
{
    public CloseReport Report(CloseRequest request, string? backupPath) => new()
    {
        StorePath = request.StorePath,
        AgentId = request.AgentId,
        Mode = request.Mode,
        DryRun = request.DryRun,
        Outcomes = Outcomes,
        BackupPath = backupPath,
    };
}
