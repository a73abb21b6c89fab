using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Keys;

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

    /// <summary>
    /// The selectors as a store's run reads them, checked: every kind a <see cref="SessionKindNames"/> name (comma
    /// lists allowed), every glob well formed, <see cref="OlderThan"/> and <see cref="KeepLast"/> positive; anything
    /// else is a usage error (exit 2) naming the problem.
    /// </summary>
    internal SelectorCriteria ToCriteria(long nowMs)
    {
        if (OlderThan is { } olderThan && olderThan <= TimeSpan.Zero)
        {
            throw new SessionCloserException(ExitCode.Usage, $"--older-than must be longer than 0 (got {olderThan})");
        }

        if (KeepLast is { } keepLast && keepLast < 1)
        {
            throw new SessionCloserException(ExitCode.Usage, $"--keep-last must be at least 1 (got {keepLast})");
        }

        var kinds = new List<string>();
        foreach (var name in Kinds.SelectMany(k => k.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var parsed = SessionKindNames.Parse(name)
                ?? throw new SessionCloserException(ExitCode.Usage, $"--kind {name} is no session kind; the kinds are {string.Join(", ", SessionKindNames.All)}");
            kinds.AddRange(parsed.Select(SessionKindNames.Name).Where(n => !kinds.Contains(n, StringComparer.Ordinal)));
        }

        if (Kinds.Count > 0 && kinds.Count == 0)
        {
            throw new SessionCloserException(ExitCode.Usage, $"--kind names no kind; the kinds are {string.Join(", ", SessionKindNames.All)}");
        }

        var globs = new List<SessionGlob>();
        foreach (var pattern in Match)
        {
            globs.Add(SessionGlob.TryParse(pattern, out var problem)
                ?? throw new SessionCloserException(ExitCode.Usage, $"--match {pattern} is not a valid glob: {problem}"));
        }

        if (Except.Any(string.IsNullOrWhiteSpace))
        {
            throw new SessionCloserException(ExitCode.Usage, "--except needs a project id or session key");
        }

        return new SelectorCriteria
        {
            NowMs = nowMs,
            OlderThanMs = OlderThan is { } age ? (long)age.TotalMilliseconds : null,
            Match = globs,
            Kinds = kinds,
            Archived = Archive switch
            {
                ArchiveFilter.ArchivedOnly => true,
                ArchiveFilter.ActiveOnly => false,
                _ => null,
            },
            Except = Except,
            KeepLast = KeepLast,
            IncludeGroups = IncludeGroups,
        };
    }
}
