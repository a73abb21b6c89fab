namespace SessionCloser.Listing;

/// <summary>
/// Merges lists that are each newest first into one, as a stable sort of their concatenation by <c>updatedAt</c>
/// (none: 0) would order it (ties: the earlier list first, then each list's own order), holding one row per list.
/// </summary>
internal static class NewestFirst
{
    public static IEnumerable<ListedSession> Merge(IReadOnlyList<IReadOnlyList<ListedSession>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var heads = new IEnumerator<ListedSession>?[lists.Count];
        try
        {
            for (var i = 0; i < lists.Count; i++)
            {
                heads[i] = lists[i].GetEnumerator();
                if (!heads[i]!.MoveNext())
                {
                    heads[i]!.Dispose();
                    heads[i] = null;
                }
            }

            while (true)
            {
                var newest = -1;
                for (var i = 0; i < heads.Length; i++)
                {
                    if (heads[i] is { } head && (newest < 0 || (head.Current.UpdatedAt ?? 0) > (heads[newest]!.Current.UpdatedAt ?? 0)))
                    {
                        newest = i;
                    }
                }

                if (newest < 0)
                {
                    yield break;
                }

                yield return heads[newest]!.Current;
                if (!heads[newest]!.MoveNext())
                {
                    heads[newest]!.Dispose();
                    heads[newest] = null;
                }
            }
        }
        finally
        {
            foreach (var head in heads)
            {
                head?.Dispose();
            }
        }
    }
}
