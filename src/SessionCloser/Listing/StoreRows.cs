using SessionCloser.Artifacts;
using SessionCloser.Store;

namespace SessionCloser.Listing;

/// <summary>
/// The rows of one store file, newest first, made when they are read: the list holds the file's bytes, the entries'
/// order and, once a row was made, what the disk said about its transcript (so a second pass neither stats again nor
/// sees another answer). A 100,000-entry list is printed row by row without 100,000 row objects alive at once.
/// </summary>
internal sealed class StoreRows : IReadOnlyList<ListedSession>
{
    private readonly string _agentId;
    private readonly StoreIndex _index;
    private readonly SessionsDirectory _directory;
    private readonly Func<string, bool> _isProtected;
    private readonly DateTimeOffset _now;
    private readonly int[] _order;
    private readonly long[] _transcriptBytes; // Unprobed, None, or the size
    private readonly SessionMarks[] _transcriptMarks;
    private TranscriptLocks? _locks;

    internal StoreRows(string agentId, StoreIndex index, SessionsDirectory directory, Func<string, bool> isProtected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(isProtected);
        _agentId = agentId;
        _index = index;
        _directory = directory;
        _isProtected = isProtected;
        _now = now;
        _order = NewestFirst(index);
        _transcriptBytes = new long[index.Count];
        Array.Fill(_transcriptBytes, Unprobed);
        _transcriptMarks = new SessionMarks[index.Count];
    }

    public int Count => _order.Length;

    public ListedSession this[int index] => Make(_order[index]);

    public IEnumerator<ListedSession> GetEnumerator()
    {
        for (var i = 0; i < _order.Length; i++)
        {
            yield return Make(_order[i]);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>File order sorted by <c>updatedAt</c> (none: 0), newest first; equal times keep file order (a stable sort, as OrderByDescending).</summary>
    private static int[] NewestFirst(StoreIndex index)
    {
        var order = new int[index.Count];
        var keys = new double[index.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = index.UpdatedAt(i) ?? 0;
        }

        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        return order;
    }

    private const long Unprobed = long.MinValue;
    private const long None = -1;

    /// <summary>The disk's answer for an entry's transcript: asked once, kept in 9 bytes.</summary>
    private SessionInventory.TranscriptProbe Probe(int entry, TranscriptLocation transcript, TranscriptFile file)
    {
        if (_transcriptBytes[entry] == Unprobed)
        {
            var probe = SessionInventory.Probe(transcript, _locks ??= new TranscriptLocks(_directory), _now, file);
            _transcriptBytes[entry] = probe.Bytes ?? None;
            _transcriptMarks[entry] = probe.Marks;
            return probe;
        }

        return new(_transcriptBytes[entry] == None ? null : _transcriptBytes[entry], _transcriptMarks[entry]);
    }

    private ListedSession Make(int entry)
    {
        var key = _index.Key(entry);
        var fields = _index.Fields(entry);
        var file = new TranscriptFile();
        var transcript = PrimaryTranscript.Locate(_directory, fields, file.Of);
        var probe = Probe(entry, transcript, file);
        var entryJson = fields.IsObject ? _index.Bytes.Slice(_index.Value(entry).Start, _index.Value(entry).Length) : (ReadOnlyMemory<byte>?)null;
        return SessionInventory.Row(_agentId, key, fields, transcript, _isProtected, _now, probe, entryJson);
    }
}
