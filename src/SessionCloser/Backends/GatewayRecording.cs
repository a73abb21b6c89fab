using System.Diagnostics;
using SessionCloser.Artifacts;
using SessionCloser.Closing;
using SessionCloser.FileSystem;
using SessionCloser.Sessions;
using SessionCloser.Store;
using SessionCloser.Transactions;
using SessionCloser.Undo;

namespace SessionCloser.Backends;

/// <summary>
/// The operation record of one close through the gateway. It is written before the first request, with every call
/// the run will make marked <see cref="GatewayAction.Pending"/>; each answer replaces its call's entry (what the
/// gateway reported, the archive it named); the record is complete once the last call returned. Where the gateway
/// serves a local <c>sessions.json</c> (eras A/B), each deleted entry's exact bytes and position go into
/// <see cref="OperationRecord.Removed"/> and each archived transcript into <see cref="OperationRecord.Renames"/>, so
/// that with the gateway stopped a restore can be exact; an archived entry keeps its bytes in
/// <see cref="GatewayAction.StoreMember"/>.
/// </summary>
internal sealed class GatewayRecording
{
    /// <summary>Rewrites of the record may take at most about this share of the run (a big record is rewritten less often).</summary>
    private const int RunTimePerWriteTime = 20;

    private readonly OperationLog _log;
    private readonly GatewayAction[] _actions;
    private readonly Dictionary<string, int> _slot;
    private readonly List<RecordedRename> _renames = [];
    /// <summary>The gateway serves a local <c>sessions.json</c> (eras A/B): its renames and hashes mean something.</summary>
    private readonly bool _renamesAreLocal;
    private OperationRecord _record;
    private long _lastWrite;
    private TimeSpan _lastWriteCost;
    private bool _dirty;

    private GatewayRecording(OperationLog log, OperationRecord record, bool renamesAreLocal)
    {
        _log = log;
        _record = record;
        _actions = [.. record.Gateway];
        _slot = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _actions.Length; i++)
        {
            _slot[_actions[i].Key] = i;
        }

        _renamesAreLocal = renamesAreLocal;
    }

    public string Id => _record.Id;

    /// <summary>The record as last written.</summary>
    public OperationRecord Record => _record;

    /// <summary>
    /// Writes the record of the calls the run is about to make: per session, each case variant's
    /// <c>sessions.delete</c> (newest first), or the newest variant's <c>sessions.patch</c> with <c>--archive</c>.
    /// Null when the request keeps no log.
    /// </summary>
    public static GatewayRecording? Begin(CloseRequest request, GatewayCatalog catalog, IReadOnlyList<(SessionVariants<GatewaySession> Session, string Subject)> sessions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        if (request.Logging is not { } logging)
        {
            return null;
        }

        var store = catalog.StoreFile is { Exists: true } file ? file : null;
        var stored = store?.Entries.ToDictionary(e => e.Key, StringComparer.Ordinal) ?? [];
        var actions = new List<GatewayAction>();
        var removed = new List<(StoreEntry Entry, string Session)>();
        foreach (var (session, subject) in sessions)
        {
            var calls = request.Archive ? [session.Newest] : session.OrderByDescending(s => s.UpdatedAt ?? 0).ToList();
            foreach (var variant in calls)
            {
                var entry = stored.GetValueOrDefault(variant.Key);
                if (entry is not null && !request.Archive)
                {
                    removed.Add((entry, subject));
                }

                actions.Add(new GatewayAction(
                    variant.Key,
                    variant.SessionId,
                    request.Archive ? "sessions.patch" : "sessions.delete",
                    GatewayAction.Pending,
                    Reported: null,
                    ArchivedFiles: [],
                    variant.Listed,
                    request.Archive && entry is not null ? entry.Member.Of(store!.Bytes.Span).ToArray() : null));
            }
        }

        var command = request.Mode == CloseMode.KeepOnly ? RecordedCommand.KeepOnly : RecordedCommand.Close;
        var record = logging.Start(command, request.AgentId, request.StorePath, RecordedBackend.Gateway, now) with
        {
            StoreSha256Before = store is not null ? CloseJournal.Sha256(store.Bytes.Span) : null,
            Removed = store is not null ? FileRecords.Removed(store, removed) : [],
            Gateway = actions,
        };
        var recording = new GatewayRecording(logging.Log, record, renamesAreLocal: store is not null);
        recording.Write();
        FailPoints.Reached("gateway-close.oplog-written");
        return recording;
    }

    /// <summary>A call returned (or failed): its entry is replaced; the record is rewritten unless that would cost too much of the run.</summary>
    public void Answered(string key, string result, string? reported, IReadOnlyList<ArchivedFile> archived, string session)
    {
        if (!_slot.TryGetValue(key, out var at))
        {
            return;
        }

        _actions[at] = _actions[at] with { Result = result, Reported = reported, ArchivedFiles = [.. archived.Select(a => a.To)] };
        if (_renamesAreLocal)
        {
            _renames.AddRange(archived.Select(a => new RecordedRename(a.RenamedFrom, a.To, a.Kind, session)));
        }

        _dirty = true;
        if (Stopwatch.GetElapsedTime(_lastWrite) >= _lastWriteCost * RunTimePerWriteTime)
        {
            Write();
        }

        FailPoints.Reached("gateway-close.answer-recorded");
    }

    /// <summary>Every call returned: the record is complete (with the backup), then the log is pruned to its retention.</summary>
    public IReadOnlyList<string> Complete(string? backupPath, DateTimeOffset now)
    {
        // Every call that was sent got its answer recorded; what is still pending was never sent.
        for (var i = 0; i < _actions.Length; i++)
        {
            if (_actions[i].Result == GatewayAction.Pending)
            {
                _actions[i] = _actions[i] with { Result = GatewayAction.Skipped, Reported = "not sent" };
            }
        }

        var after = _renamesAreLocal && _record.StorePath is { } store && File.Exists(store) ? CloseJournal.Sha256(File.ReadAllBytes(store)) : null;
        _record = _record with { BackupPath = backupPath, StoreSha256After = after, Complete = true, FinishedAt = now };
        Write();
        FailPoints.Reached("gateway-close.oplog-complete");
        return _log.Prune(now, justWritten: _record.Id);
    }

    /// <summary>The run stops early (interrupted, connection lost): what was answered so far is written; the record stays incomplete.</summary>
    public void Flush()
    {
        if (_dirty)
        {
            Write();
        }
    }

    private void Write()
    {
        var started = Stopwatch.GetTimestamp();
        _record = _record with { Gateway = [.. _actions], Renames = [.. _renames] };
        _log.Write(_record);
        _lastWrite = Stopwatch.GetTimestamp();
        _lastWriteCost = Stopwatch.GetElapsedTime(started, _lastWrite);
        _dirty = false;
    }
}
