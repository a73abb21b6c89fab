namespace SessionCloser.Cli;

/// <summary>The option a mistyped one most likely meant: a near spelling (<c>--dryrun</c>) or a unique prefix (<c>--keep</c>).</summary>
internal static class OptionSuggestions
{
    /// <summary>The closest of <paramref name="options"/> (first wins a tie), or null when none is close enough.</summary>
    public static string? Closest(string word, IReadOnlyList<string> options)
    {
        var core = word.TrimStart('-').ToLowerInvariant();
        if (core.Length == 0)
        {
            return null;
        }

        // Short words allow fewer edits: '-n' must not suggest '-y'.
        var allowed = core.Length switch { <= 2 => 0, <= 5 => 1, _ => 2 };
        var best = options
            .Select((option, index) => (Option: option, Index: index, Distance: Distance(core, option.TrimStart('-').ToLowerInvariant())))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance).ThenBy(c => c.Index)
            .Select(c => c.Option)
            .FirstOrDefault();
        if (best is not null || core.Length < 3)
        {
            return best;
        }

        var prefixed = options.Where(o => o.TrimStart('-').StartsWith(core, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    /// <summary>
    /// The options a word of three or more letters is a prefix of, when it is one of a few (<c>--keep</c>: --keep-backups
    /// and --keep-last): the choice to offer when <see cref="Closest"/> finds no single one.
    /// </summary>
    public static IReadOnlyList<string> Prefixed(string word, IReadOnlyList<string> options)
    {
        var core = word.TrimStart('-');
        if (core.Length < 3)
        {
            return [];
        }

        var prefixed = options.Where(o => o.TrimStart('-').StartsWith(core, StringComparison.OrdinalIgnoreCase)).Distinct().Take(4).ToList();
        return prefixed.Count <= 3 ? prefixed : [];
    }

    /// <summary>Edits (insert, delete, replace, swap two neighbours) between two words: optimal string alignment.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
