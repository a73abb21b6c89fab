using System.Collections;

namespace SessionCloser.Sessions;

/// <summary>
/// One session as stored: every key that normalizes to the same key (its case variants, e.g. <c>alpha</c> and
/// <c>ALPHA</c>), each a record of its own. A session is this object: compared by reference, never by content.
/// </summary>
internal sealed class SessionVariants<T> : IReadOnlyList<T>
    where T : class, ISessionRecord
{
    private readonly List<T> _variants = [];

    /// <summary>The representative: the newest variant, as OpenClaw's lookups pick it.</summary>
    public T Newest => _variants.MaxBy(e => e.UpdatedAt ?? 0)!;

    /// <summary>Every stored key of the session, in the order they were seen.</summary>
    public IReadOnlyList<string> Keys => [.. _variants.Select(v => v.Key)];

    public int Count => _variants.Count;

    /// <summary>The session's kind (a <c>SessionKindNames</c> name) in a selector run, given to its outcome line; null otherwise.</summary>
    public string? Kind { get; internal set; }

    public T this[int index] => _variants[index];

    internal void Add(T record) => _variants.Add(record);

    public IEnumerator<T> GetEnumerator() => _variants.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
