using SessionCloser.Keys;

namespace SessionCloser.Reporting;

/// <summary>The order groups are reported in: kinds as <see cref="SessionKindNames.All"/> lists them, then ages youngest first.</summary>
internal static class SessionGroups
{
    public static IReadOnlyList<SessionGroup> Order(IEnumerable<SessionGroup> groups) =>
        [.. groups.OrderBy(g => Rank(SessionKindNames.All, g.Kind)).ThenBy(g => Rank(AgeBucketNames.All, g.Age))];

    private static int Rank(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return names.Count;
    }
}
