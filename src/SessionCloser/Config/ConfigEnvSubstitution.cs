using System.Text;
using System.Text.RegularExpressions;

namespace SessionCloser.Config;

/// <summary>
/// OpenClaw's <c>${VAR}</c> substitution in config strings (src/config/env-substitution.ts): only
/// upper-case names, <c>$${VAR}</c> is a literal <c>${VAR}</c>, and a missing or empty variable leaves the
/// reference as it is (the config loader warns instead of failing).
/// </summary>
internal static partial class ConfigEnvSubstitution
{
    public static string Substitute(string value, OpenClawEnvironment env) => Substitute(value, env, missing: null);

    /// <summary>The names <paramref name="value"/> refers to as <c>${NAME}</c> that are unset or empty (so stay as written).</summary>
    public static IReadOnlyList<string> MissingNames(string value, OpenClawEnvironment env)
    {
        var missing = new List<string>();
        Substitute(value, env, missing);
        return missing;
    }

    private static string Substitute(string value, OpenClawEnvironment env, List<string>? missing)
    {
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '$')
            {
                result.Append(value[i]);
                continue;
            }

            if (TryReadName(value, i + 2, "$${", out var escapedName, out var escapedEnd, i))
            {
                result.Append("${").Append(escapedName).Append('}');
                i = escapedEnd;
            }
            else if (TryReadName(value, i + 1, "${", out var name, out var end, i))
            {
                var replacement = env.GetRaw(name);
                if (string.IsNullOrEmpty(replacement))
                {
                    missing?.Add(name);
                }

                result.Append(string.IsNullOrEmpty(replacement) ? "${" + name + "}" : replacement);
                i = end;
            }
            else
            {
                result.Append('$');
            }
        }

        return result.ToString();
    }

    private static bool TryReadName(string value, int braceIndex, string opener, out string name, out int end, int tokenStart)
    {
        name = string.Empty;
        end = -1;
        if (string.CompareOrdinal(value, tokenStart, opener, 0, opener.Length) != 0)
        {
            return false;
        }

        var start = braceIndex + 1;
        end = value.IndexOf('}', start);
        if (end < 0)
        {
            return false;
        }

        name = value[start..end];
        return EnvName().IsMatch(name);
    }

    [GeneratedRegex(@"^[A-Z_][A-Z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
