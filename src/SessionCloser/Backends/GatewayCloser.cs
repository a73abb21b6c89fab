using SessionCloser.Artifacts;
using SessionCloser.Closing;
using SessionCloser.Gateway;
using SessionCloser.Sessions;
using SessionCloser.Transactions;
using SessionCloser.Undo;

namespace SessionCloser.Backends;

/// <summary>
/// Closes sessions through the running gateway, over one connection: the same choice of sessions as the file
/// backend, then <c>sessions.delete {deleteTranscript:true}</c> guarded by the listed <c>sessionId</c> (2026.7.1+),
/// or <c>sessions.patch {archived:true}</c> with <c>--archive</c>. The gateway does the writing, the archiving and
/// its runtime clean-up (active runs, queues, the dashboard's <c>sessions.changed</c>); session-closer still backs
/// up a <c>sessions.json</c> it can see before the first change.
/// </summary>
internal sealed class GatewayCloser(GatewayClient client, TimeProvider clock)
{
    /// <summary>
    /// No RPC enumerates cron run sessions (2026.7.35, 9.6); without the store file or the database on this machine,
    /// keep-only cannot see them.
    /// </summary>
    public const string HiddenRowsWarning =
        "the gateway does not list cron run sessions (agent:<id>:cron:<job>:run:<id>) and session-closer could not read them from a store file or database here, " +
        "so keep-only (or a selector run) left any there are; close them by key, or let OpenClaw's cron retention remove them";

    /// <param name="request">What to close.</param>
    /// <param name="storeFile">The <c>sessions.json</c> the gateway serves (eras A/B on this machine); null when sessions live in SQLite or on another host.</param>
    /// <param name="cancellationToken">Stops between sessions: the request in flight is finished (its answer says what the gateway did), the rest are <c>SKIPPED</c>.</param>
    public async Task<CloseReport> CloseAsync(CloseRequest request, string? storeFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await CloseAsync(request, await GatewayCatalog.LoadAsync(client, request, storeFile, cancellationToken), cancellationToken);
    }

    /// <summary>Closes from a catalog gathered earlier: what the gateway holds may have changed since (the guard's job).</summary>
    internal async Task<CloseReport> CloseAsync(CloseRequest request, GatewayCatalog catalog, CancellationToken cancellationToken)
    {
        var (outcomes, runnable) = Plan(request, catalog, client.Snapshot.MainSessionKey);
        var report = EmptyReport(request, catalog);
        if (request.DryRun || runnable.Count == 0)
        {
            outcomes.AddRange(runnable.Select(r => SessionChooser.Outcome(OutcomeStatus.Closed, r.Session, r.Argument, null)));
            return report with { Outcomes = SessionChooser.InReportOrder(request, outcomes) };
        }

        // The operation record exists before the first request (and before the backup it will name).
        var recording = GatewayRecording.Begin(request, catalog, [.. runnable.Select(r => (r.Session, r.Session.Newest.Key))], clock.GetUtcNow());
        var backup = catalog.StoreFile is { Exists: true } file && !cancellationToken.IsCancellationRequested ? StoreBackups.Create(file.Path, file.Bytes.Span, clock.GetUtcNow()) : null;
        string? failure = null;
        var attempted = 0;

        // Each line goes out as its session is answered, in the report's order (a decided line waits for its turn).
        var stream = new OutcomeStream(request, [.. outcomes.Select(o => o.Argument), .. runnable.Select(r => r.Argument)], runnable.Count);
        stream.Started();
        for (var i = 0; i < outcomes.Count; i++)
        {
            stream.Decided(i, outcomes[i]);
        }

        void Answered(SessionOutcome outcome)
        {
            outcomes.Add(outcome);
            stream.Handled(outcomes.Count - 1, outcome);
        }

        try
        {
            foreach (var (session, argument) in runnable)
            {
                if (failure is not null || cancellationToken.IsCancellationRequested)
                {
                    Answered(NotAttempted(session, argument, failure is not null ? "not attempted: the gateway connection failed" : "not attempted: interrupted", recording));
                    continue;
                }

                try
                {
                    // Not cancelled mid-request: an abandoned delete may or may not have happened, and the report must say which.
                    attempted++;
                    Answered(await CloseOneAsync(request, session, argument, recording, CancellationToken.None));
                }
                catch (GatewayException e) when (IsConnectionFailure(e))
                {
                    // Lost (or unanswered): reconnect, ask what became of this session, and go on only with a live connection.
                    var (outcome, goOn) = await AfterLostConnectionAsync(request, session, argument, e, recording, CancellationToken.None);
                    Answered(outcome);
                    failure = goOn ? failure : e.Message;
                }
            }
        }
        catch
        {
            recording?.Flush();
            throw;
        }

        var pruned = backup is not null ? StoreBackups.Prune(catalog.StoreFile!.Path, request.KeepBackups, justWritten: backup) : [];
        recording?.Complete(backup, clock.GetUtcNow());
        return report with
        {
            Outcomes = SessionChooser.InReportOrder(request, outcomes),
            BackupPath = backup,
            PrunedBackups = pruned,
            Failure = failure,
            OperationId = recording?.Id,
            Interrupted = cancellationToken.IsCancellationRequested
                ? $"interrupted after {attempted} of {runnable.Count} session(s) were sent to the gateway (the request in flight was finished); the rest were not attempted"
                : null,
        };
    }

    /// <summary>
    /// Era C with the gateway stopped. A dry run is the plan from the agent's database, read-only (the same choice
    /// the gateway backend makes; no run can be in progress). A real run is refused (<see cref="CloseReport.Refusal"/>)
    /// before anything is read or written, so not one byte of the state changes (SQLite may leave a <c>-shm</c>
    /// index beside a database it reads, as OpenClaw's own offline <c>openclaw sessions</c> does).
    /// </summary>
    internal static CloseReport PlanWithoutGateway(CloseRequest request, string refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.DryRun)
        {
            return EmptyReport(request, new GatewayCatalog([], null) { Complete = true }) with { Refusal = refusal };
        }

        var catalog = GatewayCatalog.FromDatabase(request);
        var (outcomes, runnable) = Plan(request, catalog, gatewayMainKey: null);
        outcomes.AddRange(runnable.Select(r => SessionChooser.Outcome(OutcomeStatus.Closed, r.Session, r.Argument, null)));
        return EmptyReport(request, catalog) with { Outcomes = SessionChooser.InReportOrder(request, outcomes) };
    }

    /// <summary>
    /// The same choice of sessions as the file backend (named, kept, protected: the config's main session and its
    /// aliases, the database's main key, the gateway's own main session), then a session with a run in progress is
    /// skipped unless <c>--force</c>.
    /// </summary>
    private static (List<SessionOutcome> Outcomes, List<(SessionVariants<GatewaySession> Session, string? Argument)> Runnable) Plan(CloseRequest request, GatewayCatalog catalog, string? gatewayMainKey)
    {
        string[] protectedKeys = [.. catalog.ProtectedKeys, .. gatewayMainKey is { Length: > 0 } main ? [main] : Array.Empty<string>()];
        var selection = new Selection<GatewaySession>(request, catalog.Sessions, protectedKeys);
        var (outcomes, closing) = SessionChooser.Choose(request, selection);

        var runnable = new List<(SessionVariants<GatewaySession> Session, string? Argument)>();
        foreach (var (session, argument) in closing)
        {
            if (session.Any(s => s.HasActiveRun) && !request.Force)
            {
                outcomes.Add(SessionChooser.Outcome(OutcomeStatus.Skipped, session, argument, "a run is in progress; retry later or use --force (the gateway then stops the run first)"));
            }
            else
            {
                runnable.Add((session, argument));
            }
        }

        return (outcomes, runnable);
    }

    /// <summary>The report before any session: where (the database in era C), who, and what the catalog could not read.</summary>
    private static CloseReport EmptyReport(CloseRequest request, GatewayCatalog catalog) => new()
    {
        StorePath = request.ReportedStorePath,
        AgentId = request.AgentId,
        Mode = request.Mode,
        DryRun = request.DryRun,
        Backend = CloseBackend.Gateway,
        Archive = request.Archive,
        Outcomes = [],
        Warnings = [.. catalog.Warnings, .. (request.Mode == CloseMode.KeepOnly || request.Selector is { Pins: null }) && !catalog.Complete ? [HiddenRowsWarning] : Array.Empty<string>()],
    };

    /// <summary>A session the run did not get to: its calls are marked not sent, so a restore does not look for them.</summary>
    private static SessionOutcome NotAttempted(SessionVariants<GatewaySession> session, string? argument, string reason, GatewayRecording? recording)
    {
        foreach (var variant in session)
        {
            recording?.Answered(variant.Key, GatewayAction.Skipped, reason, [], session.Newest.Key);
        }

        return SessionChooser.Outcome(OutcomeStatus.Skipped, session, argument, reason);
    }

    private async Task<SessionOutcome> CloseOneAsync(CloseRequest request, SessionVariants<GatewaySession> session, string? argument, GatewayRecording? recording, CancellationToken cancellationToken)
    {
        // The variant whose call the gateway refused (with the files' remaining calls not sent).
        var calling = session.Newest.Key;
        try
        {
            return request.Archive
                ? await ArchiveAsync(session, argument, recording, cancellationToken)
                : await DeleteAsync(session, argument, recording, key => calling = key, request.SessionsInDatabase, cancellationToken);
        }
        catch (GatewayException e) when (!IsConnectionFailure(e))
        {
            recording?.Answered(calling, GatewayAction.Refused, e.Message, [], session.Newest.Key);
            var reason = e.IsSessionChanged ? "the session changed since it was listed (reset or recreated); nothing of it was closed"
                : e.IsMainSessionRefusal ? SessionChooser.MainSessionReason
                : $"the gateway refused: {e.GatewayMessage}";
            return SessionChooser.Outcome(OutcomeStatus.Skipped, session, argument, reason);
        }
    }

    private async Task<SessionOutcome> DeleteAsync(SessionVariants<GatewaySession> session, string? argument, GatewayRecording? recording, Action<string> calling, bool transcriptsInDatabase, CancellationToken cancellationToken)
    {
        // Every case variant is its own stored key; the newest goes first, so a refusal leaves the session whole.
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<ArchivedFile>();
        foreach (var variant in session.OrderByDescending(s => s.UpdatedAt ?? 0))
        {
            calling(variant.Key);
            var result = await client.DeleteSessionAsync(variant.Key, variant.SessionId, deleteTranscript: true, cancellationToken);
            var archived = result.Archived.Select(archive => ArchivedTranscript(archive, transcriptsInDatabase)).ToList();
            recording?.Answered(variant.Key, result.Deleted ? GatewayAction.Deleted : GatewayAction.AlreadyGone, result.Reported, archived, session.Newest.Key);
            if (result.Deleted)
            {
                deleted.Add(variant.Key);
            }

            files.AddRange(archived);
        }

        return deleted.Count > 0
            ? OnlyKeys(SessionChooser.Outcome(OutcomeStatus.Closed, session, argument, null) with { Files = files }, deleted)
            : AlreadyGone(session, argument);
    }

    private async Task<SessionOutcome> ArchiveAsync(SessionVariants<GatewaySession> session, string? argument, GatewayRecording? recording, CancellationToken cancellationToken)
    {
        var newest = session.Newest;
        if (newest.SessionId is null)
        {
            const string unlisted = "the gateway does not list it, so it cannot be archived; close it without --archive";
            recording?.Answered(newest.Key, GatewayAction.Skipped, unlisted, [], newest.Key);
            return SessionChooser.Outcome(OutcomeStatus.Skipped, session, argument, unlisted);
        }

        var result = await client.ArchiveSessionAsync(newest.Key, newest.SessionId, cancellationToken);
        recording?.Answered(newest.Key, GatewayAction.Archived, result.Reported, [], newest.Key);
        return OnlyKeys(SessionChooser.Outcome(OutcomeStatus.Closed, session, argument, null), new HashSet<string>(StringComparer.Ordinal) { newest.Key });
    }

    /// <summary>The outcome naming only the stored keys this run really closed (a variant may have gone meanwhile; archiving patches the newest).</summary>
    private static SessionOutcome OnlyKeys(SessionOutcome outcome, HashSet<string> closed) => outcome with
    {
        Keys = [.. outcome.Keys.Where(closed.Contains)],
        Variants = [.. outcome.Variants.Where(v => closed.Contains(v.Key))],
    };

    /// <summary>
    /// The connection was lost (or the call went unanswered) mid-call: whether the gateway applied it is unknown until
    /// asked. Asks over a new connection (the client reconnects, with backoff, within its budget) what the key holds now:
    /// gone, or another session → the listed one was closed; the same session → the call never took effect, so it is
    /// sent once more (guarded as before). GoOn says whether the run may continue with the next session: when the
    /// gateway answered again, unless the call only timed out with the session still there (that write may yet complete).
    /// </summary>
    private async Task<(SessionOutcome Outcome, bool GoOn)> AfterLostConnectionAsync(CloseRequest request, SessionVariants<GatewaySession> session, string? argument, GatewayException lost, GatewayRecording? recording, CancellationToken cancellationToken)
    {
        var newest = session.Newest;
        var key = newest.Key;
        var timedOut = lost.Code == GatewayException.TimeoutCode;
        KeyState state;
        try
        {
            state = await AskAsync(newest, request.Archive, cancellationToken);
        }
        catch (GatewayException)
        {
            state = KeyState.Unknown;
        }

        if (state == KeyState.Closed)
        {
            recording?.Answered(key, request.Archive ? GatewayAction.Archived : GatewayAction.Deleted, $"the connection failed ({lost.Message}); asked again, the session was closed", [], key);
            return (SessionChooser.Outcome(OutcomeStatus.Closed, session, argument, null), true);
        }

        if (state == KeyState.StillThere && !timedOut)
        {
            // Not applied: the gateway is back (it answered), so send the same guarded call once more.
            try
            {
                var retried = await CloseOneAsync(request, session, argument, recording, cancellationToken);

                // Gone by the time it was sent again: the first call was applied late (it had reached the gateway).
                return (retried.Status == OutcomeStatus.NotFound ? SessionChooser.Outcome(OutcomeStatus.Closed, session, argument, null) : retried, true);
            }
            catch (GatewayException again) when (IsConnectionFailure(again))
            {
                lost = again;
                state = KeyState.Unknown;
            }
        }

        // A pending call stays pending unless the answer is known: a restore asks the gateway about it then.
        recording?.Answered(key, GatewayAction.Unknown, $"the connection failed ({lost.Message})", [], key);
        var why = timedOut ? $"the gateway did not answer in time ({lost.GatewayMessage})" : $"the gateway connection failed ({lost.GatewayMessage})";
        var now = state == KeyState.StillThere
            ? timedOut ? "the session was still there when asked, but the request may still complete: check with 'session-closer list'" : "the session is still there"
            : "whether it closed is unknown: check with 'session-closer list'";
        return (SessionChooser.Outcome(OutcomeStatus.Skipped, session, argument, $"{why}; {now}"), false);
    }

    /// <summary>What the key holds now, compared with the session that was being closed.</summary>
    private async Task<KeyState> AskAsync(GatewaySession listed, bool archive, CancellationToken cancellationToken)
    {
        var row = await client.DescribeSessionAsync(listed.Key, cancellationToken);
        if (row is null)
        {
            // describe does not see every key (cron runs); resolve does.
            return await client.SessionExistsAsync(listed.Key, cancellationToken) switch
            {
                false => KeyState.Closed,
                true => KeyState.StillThere,
                null => KeyState.Unknown,
            };
        }

        if (listed.SessionId is { } id && row.SessionId is { } now && now != id)
        {
            return KeyState.Closed; // the listed session is gone; the key was used again since
        }

        return archive && row.Archived ? KeyState.Closed : KeyState.StillThere;
    }

    private enum KeyState
    {
        Unknown,
        Closed,
        StillThere,
    }

    /// <summary>Reported as not found (named by its argument, like any NOT_FOUND): someone else closed it after it was listed.</summary>
    private static SessionOutcome AlreadyGone(SessionVariants<GatewaySession> session, string? argument)
    {
        var gone = SessionChooser.Outcome(OutcomeStatus.NotFound, session, argument, "already gone: closed by someone else after it was listed");
        return gone with { Subject = argument ?? gone.Subject };
    }

    /// <summary>
    /// An archive the gateway named: <c>&lt;file&gt;.deleted.&lt;stamp&gt;</c> was renamed from the transcript file (eras
    /// A/B); in era C (2026.9: <c>&lt;sid&gt;.jsonl.deleted.&lt;stamp&gt;.&lt;hex&gt;.zst</c>) the gateway wrote it from the
    /// database, and no file <c>&lt;sid&gt;.jsonl</c> ever existed.
    /// </summary>
    private static ArchivedFile ArchivedTranscript(string archive, bool fromDatabase)
    {
        var marker = archive.LastIndexOf($".{ArtifactNames.Deleted}.", StringComparison.Ordinal);
        return new ArchivedFile(fromDatabase ? null : marker > 0 ? archive[..marker] : archive, archive, ArtifactKind.Transcript);
    }

    private static bool IsConnectionFailure(GatewayException e) =>
        e.Code is GatewayException.ConnectionLostCode or GatewayException.UnreachableCode or GatewayException.TimeoutCode or GatewayException.ProtocolCode;
}
