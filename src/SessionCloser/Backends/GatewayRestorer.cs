using SessionCloser.Artifacts;
using SessionCloser.Errors;
using SessionCloser.FileSystem;
using SessionCloser.Gateway;
using SessionCloser.Undo;

namespace SessionCloser.Backends;

/// <summary>
/// Undoes a close made through the gateway, through the running gateway, as far as OpenClaw allows
/// (docs/openclaw-facts.md, "Undoing a close made through the gateway"):
/// <list type="bullet">
/// <item>an archived session is unarchived (<c>sessions.patch {archived:false}</c>, only while the key still holds the
/// archived session) and pinned again if it was pinned; OpenClaw moves its <c>updatedAt</c> and stamps a new <c>pinnedAt</c>;</item>
/// <item>a deleted session cannot come back through any gateway call (2026.7.35, 2026.9.6): it is reported, per
/// session, with where its archive is and what would bring it back (with the gateway stopped, eras A/B: a restore on
/// the files from the entry bytes this record keeps; era C: nothing);</item>
/// <item>a call the closing run never got an answer to (killed, connection lost) is settled by asking the gateway what
/// the key holds now.</item>
/// </list>
/// A restore through the gateway keeps its own record (its unarchive calls), so it can be undone in turn (archive again).
/// </summary>
internal sealed class GatewayRestorer(GatewayClient client, TimeProvider clock) : IRestoreBackend, IAsyncDisposable
{
    /// <summary>Closes the connection the restorer was given.</summary>
    public ValueTask DisposeAsync() => client.DisposeAsync();

    public async Task<RestoreReport> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var log = request.Logging.Log;
        var record = Target(request, log);
        var steps = await PlanAsync(request, record, cancellationToken);
        var report = new RestoreReport
        {
            OperationId = record.Id,
            UndoneCommand = OperationRecordWriter.CommandName(record.Command),
            AgentId = request.AgentId,
            StorePath = request.StorePath,
            Backend = "gateway",
            DryRun = request.DryRun,
            Outcomes = [.. steps.Select(s => s.Outcome)],
        };
        var work = steps.Where(s => s.Call is not null).ToList();
        if (request.DryRun || work.Count == 0)
        {
            return report;
        }

        var now = clock.GetUtcNow();
        var own = request.Logging.Start(RecordedCommand.Restore, request.AgentId, request.StorePath, RecordedBackend.Gateway, now) with
        {
            Restores = record.Id,
            Gateway = [.. work.Select(s => new GatewayAction(s.Action.Key, s.Action.SessionId, "sessions.patch", GatewayAction.Pending, null, [], s.Action.Listed))],
        };
        log.Write(own);
        FailPoints.Reached("gateway-restore.oplog-written", cancellationToken);

        var answered = own.Gateway.ToArray();
        var outcomes = new List<RestoreOutcome>(steps.Count);
        var at = -1;
        foreach (var step in steps)
        {
            if (step.Call is not { } call)
            {
                outcomes.Add(step.Outcome);
                continue;
            }

            at++;
            var (outcome, action) = await RunAsync(step, call, answered[at], cancellationToken);
            answered[at] = action;
            outcomes.Add(outcome);
            log.Write(own = own with { Gateway = [.. answered] });
            FailPoints.Reached("gateway-restore.answer-recorded", cancellationToken);
        }

        // Undone only when every session is back: a deleted one may still be restored later, by other means.
        if (outcomes.All(o => o.Status is RestoreStatus.Restored or RestoreStatus.AlreadyPresent or RestoreStatus.Closed))
        {
            OperationRecovery.MarkRestored(log, record.Id, own.Id, clock.GetUtcNow());
        }

        log.Write(own with { Complete = true, FinishedAt = clock.GetUtcNow() });
        FailPoints.Reached("gateway-restore.oplog-complete", cancellationToken);
        log.Prune(clock.GetUtcNow(), justWritten: own.Id);
        return report with { Outcomes = outcomes, RestoreOperationId = own.Id };
    }

    /// <summary>The record to undo: one the gateway backend wrote, not undone already, that changed something.</summary>
    private static OperationRecord Target(RestoreRequest request, OperationLog log)
    {
        var record = log.Read(request.OperationId);
        RestoreRefusal.ThrowIfPurged(record);
        if (record.Backend != RecordedBackend.Gateway)
        {
            throw new SessionCloserException(ExitCode.Refused, $"operation {record.Id} was done on the files, not through the gateway; the gateway cannot undo it. Nothing was changed.");
        }

        if (record.RestoredBy is { } by)
        {
            throw new SessionCloserException(ExitCode.Refused, $"operation {record.Id} was already restored by {by} ({record.RestoredAt:O}). Nothing was changed.");
        }

        if (record.AgentId != request.AgentId)
        {
            throw new SessionCloserException(ExitCode.Refused, $"operation {record.Id} is of agent {record.AgentId}, not {request.AgentId}. Nothing was changed.");
        }

        return record;
    }

    private async Task<List<Step>> PlanAsync(RestoreRequest request, OperationRecord record, CancellationToken cancellationToken)
    {
        var steps = new List<Step>();
        foreach (var action in record.Gateway)
        {
            var kind = KindOf(record, action);
            if (kind is null || action.SessionId is not { } sessionId)
            {
                continue;
            }

            var now = await client.DescribeSessionAsync(action.Key, cancellationToken);
            steps.Add(kind switch
            {
                ClosedAs.Archived => PlanUnarchive(action, sessionId, now),
                ClosedAs.Unarchived => PlanArchiveAgain(action, sessionId, now),
                _ => PlanDeleted(request, record, action, sessionId, now),
            });
        }

        return steps;
    }

    /// <summary>What the undone run did to this key, or may have done (a call without an answer); null when it changed nothing.</summary>
    private static ClosedAs? KindOf(OperationRecord record, GatewayAction action) => action.Result switch
    {
        GatewayAction.Deleted => ClosedAs.Deleted,
        GatewayAction.Archived => ClosedAs.Archived,
        GatewayAction.Unarchived => ClosedAs.Unarchived,
        GatewayAction.Pending or GatewayAction.Unknown => action.Method == "sessions.delete" ? ClosedAs.Deleted
            : record.Command == RecordedCommand.Restore ? ClosedAs.Unarchived : ClosedAs.Archived,
        _ => null,
    };

    private static Step PlanUnarchive(GatewayAction action, string sessionId, GatewaySessionRow? now)
    {
        var outcome = new RestoreOutcome { Status = RestoreStatus.Restored, Key = action.Key, Keys = [action.Key], SessionId = sessionId };
        return now switch
        {
            null => new Step(action, null, outcome with { Status = RestoreStatus.NotRestored, Reason = "it was deleted after it was archived, so there is nothing left to unarchive" }),
            { SessionId: { } other } when other != sessionId => new Step(action, null, outcome with { Status = RestoreStatus.Skipped, Reason = $"the key now holds another session ({other}); it was left alone" }),
            { Archived: false } => new Step(action, null, outcome with { Status = RestoreStatus.AlreadyPresent, Reason = "it is not archived (any more)" }),
            _ => new Step(action, Call.Unarchive, outcome with { Reason = WasPinned(action) ? "unarchived and pinned again" : "unarchived" }),
        };
    }

    private static Step PlanArchiveAgain(GatewayAction action, string sessionId, GatewaySessionRow? now)
    {
        var outcome = new RestoreOutcome { Status = RestoreStatus.Closed, Key = action.Key, Keys = [action.Key], SessionId = sessionId, Reason = "archived again" };
        return now switch
        {
            null => new Step(action, null, outcome with { Status = RestoreStatus.AlreadyPresent, Reason = "it is gone already" }),
            { SessionId: { } other } when other != sessionId => new Step(action, null, outcome with { Status = RestoreStatus.Skipped, Reason = $"the key now holds another session ({other}); it was left alone" }),
            { Archived: true } => new Step(action, null, outcome with { Status = RestoreStatus.AlreadyPresent, Reason = "it is archived already" }),
            _ => new Step(action, Call.Archive, outcome),
        };
    }

    private Step PlanDeleted(RestoreRequest request, OperationRecord record, GatewayAction action, string sessionId, GatewaySessionRow? now)
    {
        var outcome = new RestoreOutcome { Status = RestoreStatus.NotRestored, Key = action.Key, Keys = [action.Key], SessionId = sessionId };
        if (now is { } row && (row.SessionId is null || row.SessionId == sessionId))
        {
            return new Step(action, null, outcome with { Status = RestoreStatus.AlreadyPresent, Reason = "the gateway holds it (it was never deleted, or was put back since)" });
        }

        var files = ArchivesOf(request, action, sessionId);
        var where = files.Count == 0
            ? "no archive of its transcript was found (OpenClaw's retention may have removed it)"
            : $"its transcript is kept in {string.Join(", ", files.Select(f => f.From))}";
        var taken = now is { SessionId: { } other } ? $"; the key now holds another session ({other})" : "";
        var why = $"OpenClaw {client.ServerVersion} has no gateway call that brings back a deleted session (sessions.create takes no sessionId or history)";
        var remedy = record.Removed.Any(e => e.Key == action.Key)
            ? $"; with the gateway stopped, 'session-closer restore {record.Id}' can put its entry and transcript back byte for byte (this record keeps them)"
            : record.Era == "C" ? "; its history stays readable there (zstd -d)" : "";
        return new Step(action, null, outcome with { Reason = $"{why}{taken}; {where}{remedy}", Files = files });
    }

    /// <summary>The archives the close named, else any <c>&lt;sessionId&gt;.jsonl.deleted.*</c> in the sessions directory (a call without an answer).</summary>
    private static List<RestoredFile> ArchivesOf(RestoreRequest request, GatewayAction action, string sessionId)
    {
        var named = action.ArchivedFiles.Count > 0 ? action.ArchivedFiles : Found(Path.GetDirectoryName(Path.GetFullPath(request.StorePath))!, sessionId);
        return [.. named.Select(archive => new RestoredFile(
            archive,
            OriginalName(archive),
            ArtifactKind.Transcript,
            File.Exists(archive) ? RestoreFileStatus.LeftInArchive : RestoreFileStatus.ArchiveMissing))];

        static IReadOnlyList<string> Found(string directory, string sessionId) => Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, $"{sessionId}.jsonl.{ArtifactNames.Deleted}.*").Order(StringComparer.Ordinal)]
            : [];
    }

    private static string OriginalName(string archive)
    {
        var marker = archive.LastIndexOf($".{ArtifactNames.Deleted}.", StringComparison.Ordinal);
        return marker > 0 ? archive[..marker] : archive;
    }

    private async Task<(RestoreOutcome Outcome, GatewayAction Action)> RunAsync(Step step, Call call, GatewayAction pending, CancellationToken cancellationToken)
    {
        var key = step.Action.Key;
        var sessionId = step.Action.SessionId!;
        try
        {
            if (call == Call.Archive)
            {
                var archived = await client.ArchiveSessionAsync(key, sessionId, cancellationToken);
                return (step.Outcome, pending with { Result = GatewayAction.Archived, Reported = archived.Reported });
            }

            var result = await client.UnarchiveSessionAsync(key, sessionId, cancellationToken);
            var reported = result.Entry.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : result.Entry.GetRawText();
            var outcome = result.Outcome switch
            {
                UnarchiveOutcome.Unarchived => step.Outcome,
                UnarchiveOutcome.NotArchived => step.Outcome with { Status = RestoreStatus.AlreadyPresent, Reason = "it is not archived (any more)" },
                UnarchiveOutcome.Missing => step.Outcome with { Status = RestoreStatus.NotRestored, Reason = "it was deleted after it was archived, so there is nothing left to unarchive" },
                _ => step.Outcome with { Status = RestoreStatus.Skipped, Reason = $"the key now holds another session ({result.SessionId}); it was left alone" },
            };
            if (result.Outcome != UnarchiveOutcome.Unarchived)
            {
                return (outcome, pending with { Result = GatewayAction.Refused, Reported = outcome.Reason });
            }

            // Archiving dropped the pin (7.35, 9.6); pinning again stamps a new pinnedAt.
            if (WasPinned(step.Action))
            {
                await client.PinSessionAsync(key, cancellationToken);
            }

            return (outcome, pending with { Result = GatewayAction.Unarchived, Reported = reported });
        }
        catch (GatewayException e) when (e.Code is not (GatewayException.ConnectionLostCode or GatewayException.UnreachableCode or GatewayException.TimeoutCode))
        {
            var reason = $"the gateway refused: {e.GatewayMessage}";
            return (step.Outcome with { Status = RestoreStatus.NotRestored, Reason = reason }, pending with { Result = GatewayAction.Refused, Reported = e.Message });
        }
    }

    /// <summary>The session was pinned when it was listed before the close (archiving drops the pin).</summary>
    private static bool WasPinned(GatewayAction action)
    {
        if (action.Listed is null)
        {
            return false;
        }

        try
        {
            using var row = System.Text.Json.JsonDocument.Parse(action.Listed);
            return JsonFields.IsTrue(row.RootElement, "pinned") || JsonFields.GetLong(row.RootElement, "pinnedAt") is not null;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private enum ClosedAs
    {
        Deleted,
        Archived,
        Unarchived,
    }

    private enum Call
    {
        Unarchive,
        Archive,
    }

    /// <summary>One session of the undone record: what the gateway holds now decided the outcome and the call (null: none).</summary>
    private sealed record Step(GatewayAction Action, Call? Call, RestoreOutcome Outcome);
}
