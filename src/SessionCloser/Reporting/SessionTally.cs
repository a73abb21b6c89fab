using SessionCloser.Listing;

namespace SessionCloser.Reporting;

/// <summary>
/// An agent's sessions added up as their rows are made, one at a time: counts by kind and age, archived, missing
/// transcripts, and the candidates of <see cref="ReclaimAdvisor"/>'s close suggestions. Holds a few numbers per
/// group, never the rows.
/// </summary>
internal sealed class SessionTally(string mainKey, DateTimeOffset now)
{
    private readonly Dictionary<(string Kind, string Age), GroupSum> _groups = [];
    private readonly FileTally[] _closeable = new FileTally[ReclaimAdvisor.CloseSuggestions.Length];

    public int Sessions { get; private set; }

    public int Archived { get; private set; }

    /// <summary>Entries whose transcript file is missing (store files only).</summary>
    public int MissingTranscripts { get; private set; }

    /// <summary>For each of <see cref="ReclaimAdvisor.CloseSuggestions"/>: the sessions it would pick (count) and their transcripts' bytes.</summary>
    public IReadOnlyList<FileTally> Closeable => _closeable;

    public void Add(ListedSession row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var kind = ReportKinds.Of(row.Key, row.DisplayKind, mainKey);
        var group = (kind, AgeBucketNames.Of(row.UpdatedAt, now));
        var sum = _groups.GetValueOrDefault(group);
        _groups[group] = new GroupSum(sum.Count + 1, sum.Archived + (row.Archived ? 1 : 0), sum.TranscriptBytes + (row.TranscriptBytes ?? 0));
        Sessions++;
        Archived += row.Archived ? 1 : 0;
        MissingTranscripts += row.Flags.HasFlag(SessionMarks.MissingTranscript) ? 1 : 0;
        for (var i = 0; i < _closeable.Length; i++)
        {
            if (ReclaimAdvisor.IsCloseSuggestion(row, kind, ReclaimAdvisor.CloseSuggestions[i], now))
            {
                _closeable[i] = _closeable[i].Add(row.TranscriptBytes ?? 0);
            }
        }
    }

    /// <summary>The groups in report order; transcripts' bytes only where they are files.</summary>
    public IReadOnlyList<SessionGroup> Groups(bool filesInDatabase) =>
        SessionGroups.Order(_groups.Select(g => new SessionGroup(g.Key.Kind, g.Key.Age, g.Value.Count, g.Value.Archived, filesInDatabase ? null : g.Value.TranscriptBytes)));

    private readonly record struct GroupSum(int Count, int Archived, long TranscriptBytes);
}
