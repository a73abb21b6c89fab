using SessionCloser.Errors;
using SessionCloser.Sessions;

namespace SessionCloser.Closing;

/// <summary>The sessions a run goes on to close, and the outcomes already decided (not found, kept, protected).</summary>
internal sealed record Choice<T>(List<SessionOutcome> Outcomes, List<(SessionVariants<T> Session, string? Argument)> Closing)
    where T : class, ISessionRecord;

/// <summary>
/// The part of deciding that is the same for every backend: which sessions the arguments name (close) or leave
/// (keep-only), which of them are protected, and which arguments match nothing.
/// </summary>
internal static class SessionChooser
{
    /// <summary>The reason given for a protected session, whichever side noticed it.</summary>
    public const string MainSessionReason = "the main session is never closed";

    public static Choice<T> Choose<T>(CloseRequest request, Selection<T> selection)
        where T : class, ISessionRecord
    {
        if (request.Selector is { } criteria)
        {
            return criteria.Pins is { } pins ? ChoosePinned(request, selection, pins) : ChooseBySelectors(criteria, selection);
        }

        var outcomes = new List<SessionOutcome>();
        var chosen = new List<(SessionVariants<T> Session, string? Argument)>();
        if (request.Mode == CloseMode.Close)
        {
            foreach (var argument in request.Arguments)
            {
                if (selection.Resolve(argument) is not { } match)
                {
                    outcomes.Add(new SessionOutcome { Status = OutcomeStatus.NotFound, Subject = argument, Argument = argument });
                }
                else if (!chosen.Any(c => c.Session == match.Session))
                {
                    chosen.Add((match.Session, argument));
                }
            }
        }
        else
        {
            var keep = new HashSet<SessionVariants<T>>();
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
                    $"keep-only refused: {string.Join(", ", missing)} match{(missing.Count == 1 ? "es" : "")} no session of agent {request.AgentId} in {request.ReportedStorePath}. " +
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

        var closing = new List<(SessionVariants<T> Session, string? Argument)>();
        foreach (var (session, argument) in chosen)
        {
            if (selection.IsProtected(session))
            {
                outcomes.Add(Outcome(OutcomeStatus.Skipped, session, argument, MainSessionReason));
            }
            else
            {
                closing.Add((session, argument));
            }
        }

        return new Choice<T>(outcomes, closing);
    }

    /// <summary>A selector run's plan: every session is picked or kept, each kept one with why (<see cref="SelectorEvaluation"/>).</summary>
    private static Choice<T> ChooseBySelectors<T>(SelectorCriteria criteria, Selection<T> selection)
        where T : class, ISessionRecord
    {
        var outcomes = new List<SessionOutcome>();
        var closing = new List<(SessionVariants<T> Session, string? Argument)>();
        foreach (var (session, verdict) in SelectorEvaluation.Evaluate(criteria, selection, protect: true))
        {
            if (verdict.Picked)
            {
                closing.Add((session, null));
            }
            else
            {
                outcomes.Add(Outcome(OutcomeStatus.Kept, session, null, verdict.Reason));
            }
        }

        // An --except that names nothing here: the operation refuses the run when it names nothing in any store.
        foreach (var argument in criteria.Except.Distinct(StringComparer.Ordinal).Where(a => selection.Resolve(a) is null))
        {
            outcomes.Add(new SessionOutcome { Status = OutcomeStatus.NotFound, Subject = argument, Reason = UnmatchedExceptReason });
        }

        return new Choice<T>(outcomes, closing);
    }

    /// <summary>The reason on a selector plan's <see cref="OutcomeStatus.NotFound"/> line for an <c>--except</c> that names no session of the store.</summary>
    public const string UnmatchedExceptReason = "--except names no session of this store";

    /// <summary>
    /// A selector run carrying out its plan: each argument is a planned key; it closes only while the key and each of
    /// its case variants still hold the sessionId the plan saw. A key gone, or holding another session, is skipped:
    /// a run never picks a session the plan did not show.
    /// </summary>
    private static Choice<T> ChoosePinned<T>(CloseRequest request, Selection<T> selection, IReadOnlyDictionary<string, string?> pins)
        where T : class, ISessionRecord
    {
        var outcomes = new List<SessionOutcome>();
        var closing = new List<(SessionVariants<T> Session, string? Argument)>();
        foreach (var key in request.Arguments.Distinct(StringComparer.Ordinal))
        {
            var match = selection.Resolve(key);
            if (match is not { } found || found.Key != key)
            {
                outcomes.Add(new SessionOutcome
                {
                    Status = OutcomeStatus.Skipped,
                    Subject = key,
                    Argument = key,
                    SessionId = pins.GetValueOrDefault(key),
                    Reason = ChangedSincePlan + ": the key is gone",
                });
            }
            else if (!found.Session.All(v => pins.TryGetValue(v.Key, out var id) && id == v.SessionId))
            {
                outcomes.Add(Outcome(OutcomeStatus.Skipped, found.Session, key, ChangedSincePlan + ": the key now holds another session"));
            }
            else if (selection.IsProtected(found.Session))
            {
                outcomes.Add(Outcome(OutcomeStatus.Skipped, found.Session, key, MainSessionReason));
            }
            else if (!closing.Any(c => c.Session == found.Session))
            {
                closing.Add((found.Session, key));
            }
        }

        return new Choice<T>(outcomes, closing);
    }

    /// <summary>The reason a planned session is skipped when its key changed between the plan and the run.</summary>
    public const string ChangedSincePlan = "changed since the plan";

    /// <summary>The outcome line of a session, named by its newest variant.</summary>
    /// <remarks>A keep-only makes one for every session of the store: the newest variant is found once, and a session of one key (nearly all) gets arrays of one.</remarks>
    public static SessionOutcome Outcome<T>(OutcomeStatus status, SessionVariants<T> session, string? argument, string? reason)
        where T : class, ISessionRecord
    {
        var newest = session.Newest;
        return new()
        {
            Status = status,
            Subject = newest.Key,
            Argument = argument,
            SessionId = newest.SessionId,
            Keys = session.Count == 1 ? [newest.Key] : session.Keys,
            Variants = session.Count == 1 ? [new KeyVariant(newest.Key, newest.SessionId)] : [.. session.Select(v => new KeyVariant(v.Key, v.SessionId))],
            Reason = reason,
            Kind = session.Kind,
            UpdatedAt = session.Kind is null ? null : newest.UpdatedAt,
        };
    }

    /// <summary>close reports in the order the arguments were given (the first occurrence of a repeated one counts).</summary>
    public static List<SessionOutcome> InReportOrder(CloseRequest request, List<SessionOutcome> outcomes) =>
        [.. ReportOrder(request, [.. outcomes.Select(o => o.Argument)]).Select(i => outcomes[i])];

    /// <summary>
    /// The report's order of outcomes whose arguments are <paramref name="arguments"/> (in the order a run found
    /// them): close sorts them, stably, by where their argument first appears; keep-only keeps them as found.
    /// </summary>
    public static int[] ReportOrder(CloseRequest request, IReadOnlyList<string?> arguments)
    {
        var found = Enumerable.Range(0, arguments.Count);
        if (request.Mode != CloseMode.Close)
        {
            return [.. found];
        }

        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Arguments.Count; i++)
        {
            position.TryAdd(request.Arguments[i], i);
        }

        return [.. found.OrderBy(i => arguments[i] is { } argument ? position[argument] : int.MaxValue)];
    }
}
