namespace SessionCloser.Operations;

/// <summary>
/// Which sessions a <c>close</c> (or <c>list</c>) by selectors picks: every condition set must hold (AND); within
/// <see cref="Match"/> and within <see cref="Kinds"/> any one value is enough (OR). Protected sessions (the main
/// session and its aliases, <c>global</c>, <c>unknown</c>; runs in progress unless forced; group and channel
/// sessions unless <see cref="IncludeGroups"/>) are never picked, whatever the selectors say.
/// </summary>
public sealed record SessionSelector
{
    /// <summary><c>--older-than</c>: last updated (<c>updatedAt</c>) at least this long ago; a session without <c>updatedAt</c> counts as oldest.</summary>
    public TimeSpan? OlderThan { get; init; }

    /// <summary><c>--match</c>: shell-style globs on the stored key (<c>*</c>, <c>?</c>, <c>[...]</c>), any one matching.</summary>
    public IReadOnlyList<string> Match { get; init; } = [];

    /// <summary><c>--kind</c>: <see cref="Keys.SessionKindNames"/> names, any one matching.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary><c>--archived</c> / <c>--active</c>.</summary>
    public ArchiveFilter Archive { get; init; } = ArchiveFilter.All;

    /// <summary><c>--except</c>: project ids or session keys that stay, resolved as <c>close</c> resolves its arguments.</summary>
    public IReadOnlyList<string> Except { get; init; } = [];

    /// <summary><c>--keep-last</c>: the newest N of each group (kind, then label) stay.</summary>
    public int? KeepLast { get; init; }

    /// <summary><c>--include-groups</c>: group and channel sessions may be picked too.</summary>
    public bool IncludeGroups { get; init; }

    /// <summary>True when no condition narrows the choice (only <see cref="IncludeGroups"/> or nothing is set).</summary>
    public bool IsEmpty => OlderThan is null && Match.Count == 0 && Kinds.Count == 0 && Archive == ArchiveFilter.All && Except.Count == 0 && KeepLast is null;
}
