using SessionCloser.Keys;
using SessionCloser.Sessions;
using SessionCloser.Store;

namespace SessionCloser.Closing;

/// <summary>
/// The entries of a store by key, for a close that names its sessions: built in one pass over the key tokens'
/// bytes (a folded hash per ASCII key, no string), keys decoded and normalized only for the entries a lookup lands on.
/// </summary>
/// <remarks>
/// Every spelling OpenClaw files under one normalized key folds to the same hash when it is ASCII
/// (<see cref="StoreKeys.TryFoldedHash(ReadOnlySpan{byte}, out int)"/>), so the entries a normalized key may name
/// are those under its hash, and the few keys that are not ASCII, which are normalized whole, once, when first needed.
/// </remarks>
internal sealed class StoreKeyLookup : IKeyLookup<StoreEntry>
{
    private readonly IReadOnlyList<StoreEntry> _entries;
    private readonly KeyCaseRules _rules;
    private EntryChains? _folded; // entry number = index in _asciiEntries
    private List<int>? _asciiEntries;
    private List<int>? _otherEntries;
    private Dictionary<string, List<int>>? _otherByNormalized;

    public StoreKeyLookup(IReadOnlyList<StoreEntry> entries, KeyCaseRules rules)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries;
        _rules = rules;
    }

    public StoreEntry? Exact(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var i in Candidates(key, byNormalized: false))
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return _entries[i];
            }
        }

        return null;
    }

    public IReadOnlyList<StoreEntry> Normalized(string normalizedKey)
    {
        ArgumentNullException.ThrowIfNull(normalizedKey);
        var found = Candidates(normalizedKey, byNormalized: true)
            .Where(i => string.Equals(SessionKeys.Normalize(_entries[i].Key, _rules), normalizedKey, StringComparison.Ordinal))
            .ToList();
        found.Sort();
        return [.. found.Select(i => _entries[i])];
    }

    /// <summary>The entries (by index) whose keys may be <paramref name="key"/>, or normalize to it: a superset, checked by the caller.</summary>
    private IEnumerable<int> Candidates(string key, bool byNormalized)
    {
        Build();
        var ascii = StoreKeys.TryFoldedHash(key, out var hash);
        if (ascii)
        {
            for (var e = _folded!.First(hash); e >= 0; e = _folded.Next(e))
            {
                yield return _asciiEntries![e];
            }
        }

        if (!byNormalized)
        {
            // A key is only equal to one that is ASCII as well, or not; the others are few, compared one by one.
            foreach (var i in ascii ? [] : _otherEntries!)
            {
                yield return i;
            }
        }
        else if (OtherByNormalized().TryGetValue(key, out var others))
        {
            // A key that is not ASCII may still normalize to an ASCII one (a trailing no-break space, the Kelvin sign).
            foreach (var i in others)
            {
                yield return i;
            }
        }
    }

    private void Build()
    {
        if (_folded is not null)
        {
            return;
        }

        _folded = new EntryChains(_entries.Count);
        _asciiEntries = new List<int>(_entries.Count);
        _otherEntries = [];
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            var ascii = entry.Source.IsEmpty
                ? StoreKeys.TryFoldedHash(entry.Key, out var hash)
                : StoreKeys.TryFoldedHash(StoreKeys.Raw(entry.Source.Span, entry.KeyToken), out hash) || StoreKeys.TryFoldedHash(entry.Key, out hash);
            if (ascii)
            {
                _folded.Add(hash);
                _asciiEntries.Add(i);
            }
            else
            {
                _otherEntries.Add(i);
            }
        }
    }

    private Dictionary<string, List<int>> OtherByNormalized()
    {
        if (_otherByNormalized is null)
        {
            _otherByNormalized = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            foreach (var i in _otherEntries!)
            {
                var normalized = SessionKeys.Normalize(_entries[i].Key, _rules);
                if (!_otherByNormalized.TryGetValue(normalized, out var list))
                {
                    _otherByNormalized[normalized] = list = [];
                }

                list.Add(i);
            }
        }

        return _otherByNormalized;
    }
}
