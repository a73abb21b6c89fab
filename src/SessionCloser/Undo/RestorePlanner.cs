using SessionCloser.Artifacts;
using SessionCloser.Store;
using SessionCloser.Transactions;

namespace SessionCloser.Undo;

/// <summary>
/// Decides how to undo one operation on the store as it is now. Pure apart from looking at which files exist.
/// Entries the operation took out go back where they were: right after the key that was before them, else (that one
/// is gone) right before the key that was after them, else at the end, where OpenClaw itself adds a new session;
/// integer-like keys then come first, as <c>JSON.stringify</c> orders them. An entry whose key was re-created since
/// with another sessionId leaves its whole session alone unless forced. Entries a restore put back are taken out
/// again. Each file of a session that is put back is renamed from its archive back to its name, never over a file.
/// </summary>
internal static class RestorePlanner
{
    public static RestorePlan Plan(OperationRecord record, SessionStoreSnapshot current, bool force)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(current);
        var byKey = current.Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var sessions = record.Removed.Select(e => e.Session).Concat(record.Added.Select(e => e.Session)).Concat(record.Renames.Select(r => r.Session))
            .Distinct(StringComparer.Ordinal).ToList();

        var outcomes = new List<RestoreOutcome>();
        var putBack = new List<RemovedEntry>();
        var takeOut = new HashSet<string>(StringComparer.Ordinal);
        var renames = new List<RestoredFile>();
        var removedBy = record.Removed.ToLookup(e => e.Session, StringComparer.Ordinal);
        var addedBy = record.Added.ToLookup(e => e.Session, StringComparer.Ordinal);
        var renamesBy = record.Renames.ToLookup(r => r.Session, StringComparer.Ordinal);
        foreach (var session in sessions)
        {
            var back = removedBy[session].ToList();
            var outs = addedBy[session].ToList();
            // Undoing a --force restore: the key it took over is freed by taking its entry out again in this same step.
            var freed = outs.Where(a => Same(byKey.GetValueOrDefault(a.Key), a.SessionId)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var conflict = back.Where(e => !freed.Contains(e.Key)).Select(e => Conflict(byKey.GetValueOrDefault(e.Key), e.SessionId))
                .Concat(outs.Select(a => Conflict(byKey.GetValueOrDefault(a.Key), a.SessionId)))
                .FirstOrDefault(c => c is not null);
            var sessionId = back.Select(e => e.SessionId).Concat(outs.Select(a => a.SessionId)).FirstOrDefault(s => s is not null);
            if (conflict is not null && !force)
            {
                outcomes.Add(new RestoreOutcome
                {
                    Status = RestoreStatus.Skipped,
                    Key = session,
                    SessionId = sessionId,
                    Keys = [.. back.Select(e => e.Key).Concat(outs.Select(a => a.Key))],
                    Reason = $"{conflict}; left alone (--force puts the recorded entry back in its place)",
                });
                continue;
            }

            var missing = back.Where(e => !Same(byKey.GetValueOrDefault(e.Key), e.SessionId)).ToList();
            putBack.AddRange(missing);
            var present = outs.Where(a => byKey.ContainsKey(a.Key)).Select(a => a.Key).ToList();
            takeOut.UnionWith(present);
            var files = renamesBy[session].Select(FileStep).ToList();
            renames.AddRange(files);
            var status = outs.Count > 0 && back.Count == 0 ? RestoreStatus.Closed
                : missing.Count == 0 && present.Count == 0 ? RestoreStatus.AlreadyPresent
                : RestoreStatus.Restored;
            outcomes.Add(new RestoreOutcome
            {
                Status = status,
                Key = session,
                SessionId = sessionId,
                Keys = [.. missing.Select(e => e.Key).Concat(present)],
                Reason = conflict is not null ? $"--force: {conflict}; the recorded entry replaced it" : null,
                Files = files,
            });
        }

        return Compose(record, current, putBack, takeOut, outcomes, renames);
    }

    private static RestorePlan Compose(OperationRecord record, SessionStoreSnapshot current, List<RemovedEntry> putBack, HashSet<string> takeOut, List<RestoreOutcome> outcomes, List<RestoredFile> renames)
    {
        // Entries put back replace any current entry of their key (only --force gets here with a different one).
        var replaced = putBack.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var positions = new Dictionary<StoreEntry, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < current.Entries.Count; i++)
        {
            positions[current.Entries[i]] = i;
        }

        var sessionOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            foreach (var key in outcome.Keys)
            {
                sessionOf.TryAdd(key, outcome.Key);
            }
        }

        var leaving = current.Entries.Where(e => takeOut.Contains(e.Key) || replaced.Contains(e.Key)).ToList();
        var list = current.Entries.Where(e => !takeOut.Contains(e.Key)).ToList();

        // One buffer for the current bytes and every member put back, so the writer copies all of them verbatim.
        var source = current.Bytes.ToArray();
        using var buffer = new MemoryStream();
        buffer.Write(source);
        var incoming = new List<StoreEntry>();
        foreach (var entry in putBack)
        {
            incoming.Add(Shifted(entry, (int)buffer.Length));
            buffer.Write(entry.Member.Span);
        }

        var combined = new SessionStoreSnapshot(current.Path, buffer.ToArray(), current.Entries, current.Exists, current.LastWriteTimeUtc);
        list = Ordered(list, putBack, incoming);

        var changesStore = putBack.Count > 0 || takeOut.Count > 0;
        var newBytes = changesStore ? StoreWriter.Compose(combined, list) : current.Bytes.ToArray();
        var before = CloseJournal.Sha256(current.Bytes.Span);

        // On the store the operation left, untouched since, the store it found comes back byte for byte.
        if (changesStore && before == record.StoreSha256After && record.StoreBytesBefore is { } original && CloseJournal.Sha256(original) == record.StoreSha256Before
            && outcomes.All(o => o.Status != RestoreStatus.Skipped) && CloseJournal.Sha256(newBytes) != record.StoreSha256Before)
        {
            newBytes = original;
        }

        return new RestorePlan(
            outcomes,
            changesStore ? newBytes : null,
            [.. list.Select(e => e.Key)],
            [.. putBack.Select(e => new AddedEntry(e.Key, e.SessionId, e.Session, e.Member.ToArray()))],
            [.. leaving.Select(e => Removed(current, positions[e], e, sessionOf.GetValueOrDefault(e.Key, e.Key)))],
            renames);
    }

    /// <summary>
    /// The new order: each entry put back right after the key that was before it (when that key is in the new
    /// store, or is put back too), else right before the key that was after it, else at the end; the first entry
    /// of the old store first. Linear in the store's size, so undoing a 20,000-session keep-only stays fast.
    /// </summary>
    private static List<StoreEntry> Ordered(List<StoreEntry> staying, List<RemovedEntry> putBack, List<StoreEntry> incoming)
    {
        var replacing = new Dictionary<string, StoreEntry>(StringComparer.Ordinal);
        var present = staying.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var after = new Dictionary<string, List<StoreEntry>>(StringComparer.Ordinal);
        var before = new Dictionary<string, List<StoreEntry>>(StringComparer.Ordinal);
        var first = new List<StoreEntry>();
        var last = new List<StoreEntry>();
        var placed = new HashSet<string>(StringComparer.Ordinal);

        // putBack is in the old file order, so the key before an entry is always placed before the entry is.
        for (var i = 0; i < putBack.Count; i++)
        {
            var entry = putBack[i];
            if (present.Contains(entry.Key))
            {
                replacing[entry.Key] = incoming[i];
            }
            else if (entry.KeyBefore is null)
            {
                first.Add(incoming[i]);
            }
            else if (present.Contains(entry.KeyBefore) || placed.Contains(entry.KeyBefore))
            {
                Add(after, entry.KeyBefore, incoming[i]);
            }
            else if (entry.KeyAfter is not null && present.Contains(entry.KeyAfter))
            {
                Add(before, entry.KeyAfter, incoming[i]);
            }
            else
            {
                last.Add(incoming[i]);
            }

            placed.Add(entry.Key);
        }

        var result = new List<StoreEntry>(staying.Count + putBack.Count);
        foreach (var entry in first)
        {
            Emit(entry);
        }

        foreach (var entry in staying)
        {
            foreach (var earlier in before.GetValueOrDefault(entry.Key) ?? [])
            {
                Emit(earlier);
            }

            Emit(replacing.GetValueOrDefault(entry.Key) ?? entry);
        }

        foreach (var entry in last)
        {
            Emit(entry);
        }

        return result;

        void Emit(StoreEntry entry)
        {
            // Iterative: a run of entries put back side by side is a chain of "after" links.
            var pending = new Stack<StoreEntry>();
            pending.Push(entry);
            while (pending.TryPop(out var next))
            {
                result.Add(next);
                if (after.Remove(next.Key, out var followers))
                {
                    for (var i = followers.Count - 1; i >= 0; i--)
                    {
                        pending.Push(followers[i]);
                    }
                }
            }
        }

        static void Add(Dictionary<string, List<StoreEntry>> map, string key, StoreEntry entry)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(entry);
        }
    }

    private static StoreEntry Shifted(RemovedEntry entry, int offset)
    {
        var framed = new byte[entry.Member.Length + 2];
        framed[0] = (byte)'{';
        entry.Member.Span.CopyTo(framed.AsSpan(1));
        framed[^1] = (byte)'}';
        var parsed = StoreReader.Parse(framed, entry.Key).Entries[0];
        return new StoreEntry
        {
            Key = parsed.Key,
            KeyToken = new ByteSpan(parsed.KeyToken.Start - 1 + offset, parsed.KeyToken.Length),
            Value = new ByteSpan(parsed.Value.Start - 1 + offset, parsed.Value.Length),
            Fields = parsed.Fields,
        };
    }

    private static RemovedEntry Removed(SessionStoreSnapshot current, int index, StoreEntry entry, string session)
    {
        return new RemovedEntry(
            entry.Key,
            entry.Fields.SessionId,
            session,
            entry.Member.Of(current.Bytes.Span).ToArray(),
            entry.Value.Start - entry.KeyToken.Start,
            index,
            index > 0 ? current.Entries[index - 1].Key : null,
            index + 1 < current.Entries.Count ? current.Entries[index + 1].Key : null);
    }


    /// <summary>Null when the key is free or holds the same session; else why it does not.</summary>
    private static string? Conflict(StoreEntry? now, string? sessionId) =>
        now is null || Same(now, sessionId) ? null
        : $"{now.Key} was re-created since with sessionId {now.Fields.SessionId ?? "(none)"}";

    private static bool Same(StoreEntry? now, string? sessionId) => now is not null && sessionId is not null && now.Fields.SessionId == sessionId;

    /// <summary>A rename of the undone operation, the other way round, and whether it can be done now.</summary>
    private static RestoredFile FileStep(RecordedRename rename)
    {
        var (from, to) = (rename.To, rename.From);
        var status = File.Exists(from)
            ? File.Exists(to) ? RestoreFileStatus.LiveFileInTheWay : RestoreFileStatus.Renamed
            : File.Exists(to) ? RestoreFileStatus.AlreadyInPlace : RestoreFileStatus.ArchiveMissing;
        return new RestoredFile(from, to, rename.Kind, status);
    }
}

/// <summary>The decision for one restore.</summary>
/// <param name="Outcomes">One per session of the undone operation.</param>
/// <param name="NewStoreBytes">The store to write; null when its entries do not change.</param>
/// <param name="Keys">The keys the new store holds, in order (to check the written file against).</param>
/// <param name="Added">Entries put back (this restore's record lists them, so it can be undone).</param>
/// <param name="Removed">Entries taken out (replaced with --force, or taken out again undoing a restore).</param>
/// <param name="Files">Every file step, including those that cannot be done.</param>
internal sealed record RestorePlan(
    IReadOnlyList<RestoreOutcome> Outcomes,
    byte[]? NewStoreBytes,
    IReadOnlyList<string> Keys,
    IReadOnlyList<AddedEntry> Added,
    IReadOnlyList<RemovedEntry> Removed,
    IReadOnlyList<RestoredFile> Files)
{
    public IReadOnlyList<RestoredFile> Renames => [.. Files.Where(f => f.Status == RestoreFileStatus.Renamed)];

    public bool HasWork => NewStoreBytes is not null || Renames.Count > 0;
}
