namespace SessionCloser.Closing;

/// <summary>
/// A shell-style glob on a stored session key (<c>--match</c>): <c>*</c> any run of characters (colons too),
/// <c>?</c> any one character, <c>[abc]</c>, <c>[a-z]</c> and <c>[!abc]</c> (or <c>[^abc]</c>) one character of a
/// set, <c>\x</c> the character x itself. Matched against the whole key, exactly as stored, case-sensitively, one
/// UTF-16 code unit per character (as JavaScript sees the key).
/// </summary>
internal sealed class SessionGlob
{
    private readonly Token[] _tokens;

    private SessionGlob(string pattern, Token[] tokens)
    {
        Pattern = pattern;
        _tokens = tokens;
    }

    public string Pattern { get; }

    /// <summary>The glob, or null with the problem when <paramref name="pattern"/> is not well formed.</summary>
    public static SessionGlob? TryParse(string pattern, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        problem = null;
        if (pattern.Length == 0)
        {
            problem = "it is empty";
            return null;
        }

        var tokens = new List<Token>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star)
                    {
                        tokens.Add(new Token(TokenKind.Star, default, null, false));
                    }

                    break;
                case '?':
                    tokens.Add(new Token(TokenKind.Any, default, null, false));
                    break;
                case '\\':
                    if (i + 1 == pattern.Length)
                    {
                        problem = "it ends with a lone \\";
                        return null;
                    }

                    tokens.Add(new Token(TokenKind.Literal, pattern[++i], null, false));
                    break;
                case '[':
                    if (ParseSet(pattern, ref i) is not { } set)
                    {
                        problem = $"the [ at position {i + 1} has no closing ]";
                        return null;
                    }

                    tokens.Add(set);
                    break;
                default:
                    tokens.Add(new Token(TokenKind.Literal, c, null, false));
                    break;
            }
        }

        return new SessionGlob(pattern, [.. tokens]);
    }

    /// <summary>Whether the whole of <paramref name="key"/> matches.</summary>
    public bool IsMatch(string key)
    {
        ArgumentNullException.ThrowIfNull(key);

        // reachable[j]: the tokens so far can consume exactly key[..j].
        var reachable = new bool[key.Length + 1];
        reachable[0] = true;
        foreach (var token in _tokens)
        {
            var next = new bool[key.Length + 1];
            if (token.Kind == TokenKind.Star)
            {
                var any = false;
                for (var j = 0; j <= key.Length; j++)
                {
                    any |= reachable[j];
                    next[j] = any;
                }
            }
            else
            {
                for (var j = 0; j < key.Length; j++)
                {
                    next[j + 1] = reachable[j] && token.Matches(key[j]);
                }
            }

            reachable = next;
        }

        return reachable[key.Length];
    }

    public override string ToString() => Pattern;

    /// <summary>A <c>[...]</c> set starting at <paramref name="i"/> (left on its <c>]</c>); null when it is not closed.</summary>
    private static Token? ParseSet(string pattern, ref int i)
    {
        var j = i + 1;
        var negated = j < pattern.Length && pattern[j] is '!' or '^';
        if (negated)
        {
            j++;
        }

        var ranges = new List<(char From, char To)>();
        var first = true;
        while (j < pattern.Length && (pattern[j] != ']' || first))
        {
            first = false;
            var from = pattern[j];
            if (from == '\\' && j + 1 < pattern.Length)
            {
                from = pattern[++j];
            }

            if (j + 2 < pattern.Length && pattern[j + 1] == '-' && pattern[j + 2] != ']')
            {
                var to = pattern[j + 2];
                j += 2;
                if (to == '\\' && j + 1 < pattern.Length)
                {
                    to = pattern[++j];
                }

                ranges.Add(from <= to ? (from, to) : (to, from));
            }
            else
            {
                ranges.Add((from, from));
            }

            j++;
        }

        if (j >= pattern.Length)
        {
            return null;
        }

        i = j;
        return new Token(TokenKind.Set, default, [.. ranges], negated);
    }

    private enum TokenKind
    {
        Literal,
        Any,
        Star,
        Set,
    }

    private sealed record Token(TokenKind Kind, char Literal, (char From, char To)[]? Ranges, bool Negated)
    {
        public bool Matches(char c) => Kind switch
        {
            TokenKind.Literal => c == Literal,
            TokenKind.Any => true,
            TokenKind.Set => Ranges!.Any(r => c >= r.From && c <= r.To) != Negated,
            _ => false,
        };
    }
}
