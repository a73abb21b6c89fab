namespace SessionCloser.Keys;

/// <summary>
/// Equality by store key: all spellings OpenClaw files as one entry compare equal. Use it to group a store's keys
/// so that every case variant of a session is closed together.
/// </summary>
internal sealed class SessionKeyComparer : IEqualityComparer<string>
{
    private readonly KeyCaseRules _rules;

    private SessionKeyComparer(KeyCaseRules rules) => _rules = rules;

    /// <summary>Era-B rules (Signal/Matrix ids keep their case); the default.</summary>
    public static SessionKeyComparer PreserveOpaquePeerIds { get; } = new(KeyCaseRules.PreserveOpaquePeerIds);

    /// <summary>Era-A rules (everything case-insensitive).</summary>
    public static SessionKeyComparer FullLowercase { get; } = new(KeyCaseRules.FullLowercase);

    public static SessionKeyComparer For(KeyCaseRules rules) =>
        rules == KeyCaseRules.FullLowercase ? FullLowercase : PreserveOpaquePeerIds;

    public bool Equals(string? x, string? y) =>
        x is null || y is null
            ? x is null && y is null
            : string.Equals(SessionKeys.Normalize(x, _rules), SessionKeys.Normalize(y, _rules), StringComparison.Ordinal);

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return SessionKeys.Normalize(obj, _rules).GetHashCode(StringComparison.Ordinal);
    }
}
