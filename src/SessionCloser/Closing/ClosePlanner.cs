using SessionCloser.Artifacts;
using SessionCloser.Errors;
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
        var selection = new Selection(request, snapshot);
        var outcomes = new List<SessionOutcome>();
        var chosen = new List<(IReadOnlyList<StoreEntry> Session, string? Argument)>();

        if (request.Mode == CloseMode.Close)
        {
            foreach (var argument in request.Arguments)
            {
                if (selection.Resolve(argument) is not { } match)
                {
                    outcomes.Add(new SessionOutcome { Status = OutcomeStatus.NotFound, Subject = argument, Argument = argument });
                }
                else if (!chosen.Any(c => ReferenceEquals(c.Session, match.Session)))
                {
                    chosen.Add((match.Session, argument));
                }
            }
        }
        else
        {
            var keep = new HashSet<IReadOnlyList<StoreEntry>>(ReferenceEqualityComparer.Instance);
            var missing = new List<string>();
            foreach (var argument in request.Arguments)
            {
                if (selection.Resolve(argument) is { } match)
                {
                    keep.Add(match.Session);
                }
                else
                {
                    missing.Add(argument);
                }
            }

            if (missing.Count > 0 && !request.AllowMissing)
            {
                throw new SessionCloserException(
                    ExitCode.Refused,
                    $"keep-only refused: {string.Join(", ", missing)} match{(missing.Count == 1 ? "es" : "")} no session of agent {request.AgentId} in {request.StorePath}. " +
                    "A typo here would close everything else, so nothing was changed. Check the ids with 'session-closer list', or pass --allow-missing.");
            }

            outcomes.AddRange(missing.Select(m => new SessionOutcome { Status = OutcomeStatus.NotFound, Subject = m, Argument = m }));
            foreach (var session in selection.Sessions)
            {
                if (keep.Contains(session) || !selection.BelongsToAgent(session) || selection.IsProtected(session))
                {
                    var reason = keep.Contains(session) ? null : selection.IsProtected(session) ? "main session" : "another agent's session";
                    outcomes.Add(Outcome(OutcomeStatus.Kept, session, null, reason));
                }
                else
                {
                    chosen.Add((session, null));
                }
            }
        }

        // Decide which chosen sessions can really close: protected and unsafe ones stay, and so do their files.
        var closing = new List<(IReadOnlyList<StoreEntry> Session, string? Argument)>();
        foreach (var (session, argument) in chosen)
        {
            if (selection.IsProtected(session))
            {
                outcomes.Add(Outcome(OutcomeStatus.Skipped, session, argument, "the main session is never closed"));
            }
            else
            {
                closing.Add((session, argument));
            }
        }

        var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(request.StorePath))!);
        var index = DirectoryIndex.Scan(directory);
        var stamp = ArtifactNames.ArchiveTimestamp(now);
        var plans = PlanUntilStable(closing, snapshot, directory, index, now, request.Force);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (session, argument) in closing)
        {
            var plan = plans[session];
            if (plan.IsRefused)
            {
                outcomes.Add(Outcome(OutcomeStatus.Skipped, session, argument, plan.Refusal));
            }
            else if (plan.HasActiveRun && !request.Force)
            {
                outcomes.Add(Outcome(OutcomeStatus.Skipped, session, argument, "a run is in progress (live transcript lock); retry later or use --force"));
            }
            else
            {
                var files = plan.Files.Where(f => claimed.Add(f.Path))
                    .Select(f => new ArchivedFile(f.Path, $"{f.Path}.{ArtifactNames.Deleted}.{stamp}", f.Kind)).ToList();
                outcomes.Add(Outcome(OutcomeStatus.Closed, session, argument, null) with { Files = files });
            }
        }

        var closedKeys = outcomes.Where(o => o.Status == OutcomeStatus.Closed).SelectMany(o => o.Keys).ToHashSet(StringComparer.Ordinal);
        return new ClosePlan(
            request.Mode == CloseMode.Close ? [.. OrderByArguments(outcomes, request.Arguments)] : outcomes,
            [.. snapshot.Entries.Where(e => closedKeys.Contains(e.Key))],
            [.. snapshot.Entries.Where(e => !closedKeys.Contains(e.Key))]);
    }

    /// <summary>
    /// Plans every closing session against the entries that stay. A session refused or kept back (active run)
    /// joins the entries that stay, which may keep some of the others' files; planning again until nothing
    /// changes makes sure no archived file is still referenced.
    /// </summary>
    private static Dictionary<IReadOnlyList<StoreEntry>, ArtifactPlan> PlanUntilStable(
        List<(IReadOnlyList<StoreEntry> Session, string? Argument)> closing, SessionStoreSnapshot snapshot, SessionsDirectory directory, DirectoryIndex index, DateTimeOffset now, bool force)
    {
        // Sessions held back, with the plan that held them back: re-planning them against themselves would lose that.
        var heldBack = new Dictionary<IReadOnlyList<StoreEntry>, ArtifactPlan>(ReferenceEqualityComparer.Instance);
        while (true)
        {
            var closingEntries = closing.Where(c => !heldBack.ContainsKey(c.Session)).SelectMany(c => c.Session).ToHashSet();
            var references = References.Of(snapshot.Entries.Where(e => !closingEntries.Contains(e)), directory);
            var plans = new Dictionary<IReadOnlyList<StoreEntry>, ArtifactPlan>(ReferenceEqualityComparer.Instance);
            foreach (var (session, _) in closing)
            {
                plans[session] = heldBack.TryGetValue(session, out var blocked)
                    ? blocked
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

    /// <summary>close reports in the order the arguments were given (the first occurrence of a repeated one counts).</summary>
    private static IEnumerable<SessionOutcome> OrderByArguments(List<SessionOutcome> outcomes, IReadOnlyList<string> arguments)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            position.TryAdd(arguments[i], i);
        }

        return outcomes.OrderBy(o => o.Argument is null ? int.MaxValue : position[o.Argument]);
    }

    private static SessionOutcome Outcome(OutcomeStatus status, IReadOnlyList<StoreEntry> session, string? argument, string? reason) => new()
    {
        Status = status,
        Subject = Selection.Newest(session).Key,
        Argument = argument,
        SessionId = Selection.Newest(session).Fields.SessionId,
        Keys = [.. session.Select(e => e.Key)],
        Reason = reason,
    };
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
