namespace SessionCloser.Sessions;

/// <summary>
/// Finds stored records by key without holding every key: what a <c>Closing.Selection</c> needs when a run names
/// its sessions (a close of a few keys in a store of 100,000 looks up those few).
/// </summary>
internal interface IKeyLookup<T>
    where T : class, ISessionRecord
{
    /// <summary>The record whose key is exactly <paramref name="key"/>, or null.</summary>
    T? Exact(string key);

    /// <summary>Every record whose key normalizes (by the run's key rules) to <paramref name="normalizedKey"/>, in store order.</summary>
    IReadOnlyList<T> Normalized(string normalizedKey);
}
