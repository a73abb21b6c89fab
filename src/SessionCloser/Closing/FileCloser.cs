using SessionCloser.Artifacts;
using SessionCloser.Errors;
using SessionCloser.Locking;
using SessionCloser.Store;
using SessionCloser.Transactions;

namespace SessionCloser.Closing;

/// <summary>
/// Closes sessions by editing an era A/B file store, in the order that never loses data: take OpenClaw's store
/// lock, finish any interrupted run, re-read the store, decide, journal the plan, back up, atomically write the
/// store without the closed entries, archive their files as <c>.deleted.&lt;stamp&gt;</c>, prune old backups,
/// release. Any refusal or failure before the store is replaced leaves the directory as it was.
/// </summary>
public sealed class FileCloser(TimeProvider clock)
{
    public CloseReport Close(CloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DryRun)
        {
            // A dry run takes no lock and writes nothing, not even a lock file.
            var preview = StoreReader.ReadFile(request.StorePath);
            return Decide(request, preview, clock.GetUtcNow()).Report(request, backupPath: null);
        }

        using var storeLock = StoreLock.Acquire(request.StorePath, request.LockTimeout, clock);
        var recovered = JournalRecovery.Finish(request.StorePath);
        var snapshot = StoreReader.ReadFile(request.StorePath);
        var now = clock.GetUtcNow();
        var decision = Decide(request, snapshot, now);
        if (decision.Closing.Count == 0)
        {
            return decision.Report(request, backupPath: null) with { Recovered = recovered };
        }

        var renames = decision.Outcomes.SelectMany(o => o.Files).ToList();
        var newBytes = StoreWriter.Compose(snapshot, decision.Remaining);
        var journal = new CloseJournal(request.StorePath, CloseJournal.Sha256(snapshot.Bytes.Span), CloseJournal.Sha256(newBytes), now, renames);
        journal.Write();
        string backup;
        try
        {
            backup = StoreBackups.Create(request.StorePath, snapshot.Bytes.Span, now);
            ReplaceStore(request.StorePath, newBytes, decision.Remaining, backup);
        }
        catch
        {
            journal.Delete();
            throw;
        }

        var warnings = Archive(renames);
        var pruned = StoreBackups.Prune(request.StorePath, request.KeepBackups);
        journal.Delete();
        return decision.Report(request, backup) with { PrunedBackups = pruned, Warnings = warnings, Recovered = recovered };
    }

    private static void ReplaceStore(string storePath, byte[] newBytes, IReadOnlyList<StoreEntry> remaining, string backup)
    {
        try
        {
            AtomicFile.Replace(storePath, newBytes, verify: temp =>
            {
                // Read back what reached the disk: the file OpenClaw will read must parse and hold exactly the entries that stay.
                var written = StoreReader.Parse(File.ReadAllBytes(temp), temp);
                if (!written.Entries.Select(e => e.Key).Order(StringComparer.Ordinal).SequenceEqual(remaining.Select(e => e.Key).Order(StringComparer.Ordinal)))
                {
                    throw new SessionCloserException(ExitCode.InternalError, $"the rewritten store {temp} does not hold the expected entries; nothing was changed");
                }
            });
        }
        catch
        {
            File.Delete(backup);
            throw;
        }
    }

    private static List<string> Archive(IEnumerable<ArchivedFile> renames)
    {
        var warnings = new List<string>();
        foreach (var rename in renames)
        {
            try
            {
                File.Move(rename.From, rename.To, overwrite: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"could not archive {rename.From}: {e.Message}");
            }
        }

        if (warnings.Count < renames.Count())
        {
            Native.Libc.FsyncDirectory(Path.GetDirectoryName(renames.First().From)!);
        }

        return warnings;
    }

    private static Decision Decide(CloseRequest request, SessionStoreSnapshot snapshot, DateTimeOffset now)
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
        return new Decision(
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

    private static IEnumerable<SessionOutcome> OrderByArguments(List<SessionOutcome> outcomes, IReadOnlyList<string> arguments) =>
        outcomes.OrderBy(o => o.Argument is null ? int.MaxValue : arguments.ToList().IndexOf(o.Argument));

    private static SessionOutcome Outcome(OutcomeStatus status, IReadOnlyList<StoreEntry> session, string? argument, string? reason) => new()
    {
        Status = status,
        Subject = Selection.Newest(session).Key,
        Argument = argument,
        SessionId = Selection.Newest(session).Fields.SessionId,
        Keys = [.. session.Select(e => e.Key)],
        Reason = reason,
    };

    private sealed record Decision(IReadOnlyList<SessionOutcome> Outcomes, IReadOnlyList<StoreEntry> Closing, IReadOnlyList<StoreEntry> Remaining)
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
}
