using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SessionCloser.Cli;

/// <summary>
/// Refuses any word that starts with '-' but is no option of its command. System.CommandLine hands such a word to
/// the command's arguments (or to an option as its value), so <c>close --dryrun tty-01</c> would look for a session
/// named "--dryrun" and then really close tty-01. A word starting with '-' is an argument only after <c>--</c>; as
/// an option's value only when attached (<c>--session-key=-k</c>) or a negative number of a numeric option.
/// </summary>
internal static class UnknownOptionGuard
{
    /// <summary>
    /// The parser settings the guard relies on. POSIX bundling is off: with it, <c>-yes</c> parses as <c>-y</c> plus a
    /// session named "es", and no token would show that the user typed an unknown option.
    /// </summary>
    public static ParserConfiguration ParserConfiguration => new()
    {
        EnablePosixBundling = false,

        // "@name" is a project id or key, never a file of more arguments to read.
        ResponseFileTokenReplacer = null,
    };

    /// <summary>One message per unknown option, in command-line order; empty when there is none.</summary>
    public static IReadOnlyList<string> Find(ParseResult result, IReadOnlyList<string> args)
    {
        var attached = AttachedValues(args);
        var owners = OptionValueOwners(result.RootCommandResult);
        var commands = new List<Command> { result.RootCommandResult.Command };
        var messages = new List<string>();
        Token? previous = null;
        foreach (var token in result.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                break; // everything after '--' is an argument, whatever it looks like
            }

            if (token.Type == TokenType.Command && commands[^1].Subcommands.FirstOrDefault(c => c.Name == token.Value || c.Aliases.Contains(token.Value)) is { } command)
            {
                commands.Add(command);
            }
            else if (token.Type == TokenType.Argument && token.Value.StartsWith('-'))
            {
                var owner = owners.GetValueOrDefault(token);
                if (owner is null || previous is not { Type: TokenType.Option } || !IsOptionValue(owner.Option, previous.Value, token.Value, attached))
                {
                    messages.Add(Describe(token.Value, commands, owner is null ? null : previous?.Value));
                }
            }

            previous = token;
        }

        return messages;
    }

    private static bool IsOptionValue(Option option, string identifier, string value, Dictionary<string, int> attached)
    {
        if (attached.TryGetValue($"{identifier}={value}", out var count) && count > 0)
        {
            attached[$"{identifier}={value}"] = count - 1;
            return true;
        }

        // '--keep-backups -1' stays a value: no option looks like a number, and the command explains the range.
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        return (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal))
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>
    /// How often each <c>option=value</c> (or <c>option:value</c>, which the parser splits the same way) was typed as
    /// one word before <c>--</c>: only such values may start with '-'.
    /// </summary>
    private static Dictionary<string, int> AttachedValues(IReadOnlyList<string> args)
    {
        var attached = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var arg in args.TakeWhile(a => a != "--"))
        {
            var split = arg.IndexOfAny([':', '=']);
            if (arg.StartsWith('-') && split > 0 && split + 1 < arg.Length && arg[split + 1] == '-')
            {
                var key = $"{arg[..split]}={arg[(split + 1)..]}";
                attached[key] = attached.GetValueOrDefault(key) + 1;
            }
        }

        return attached;
    }

    /// <summary>Which option received each token as its value (tokens are the parse result's own instances).</summary>
    private static Dictionary<Token, OptionResult> OptionValueOwners(CommandResult root)
    {
        var owners = new Dictionary<Token, OptionResult>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<CommandResult>([root]);
        while (pending.TryPop(out var command))
        {
            foreach (var child in command.Children)
            {
                if (child is OptionResult option)
                {
                    foreach (var token in option.Tokens)
                    {
                        owners[token] = option;
                    }
                }
                else if (child is CommandResult subcommand)
                {
                    pending.Push(subcommand);
                }
            }
        }

        return owners;
    }

    private static string Describe(string word, List<Command> commands, string? valueOf)
    {
        var command = commands[^1];
        var name = commands.Count == 1 ? "session-closer" : command.Name;
        var known = KnownOptions(commands).ToList();
        var hint = OptionSuggestions.Closest(word, known) is { } meant ? $" (did you mean '{meant}'?)"
            : OptionSuggestions.Prefixed(word, known) is { Count: > 1 } several ? $" (did you mean {string.Join(" or ", several.Select(o => $"'{o}'"))}?)"
            : valueOf is not null ? $" (a value of {valueOf} that starts with '-' is written {valueOf}={word})"
            : command.Arguments.Count > 0 ? " (an argument that starts with '-' goes after '--')"
            : command.Subcommands.Any(c => OptionSuggestions.Closest(word, [.. KnownOptions([.. commands, c])]) is not null) ? " (options go after the command: session-closer <command> [options])"
            : "";
        return $"unknown option '{word}' for '{name}'{hint}";
    }

    /// <summary>The names and aliases that are options at this point: the command's own and its ancestors' recursive ones.</summary>
    private static IEnumerable<string> KnownOptions(List<Command> commands) => commands
        .SelectMany((command, depth) => command.Options.Where(o => !o.Hidden && (depth == commands.Count - 1 || o.Recursive)))
        .SelectMany(o => o.Aliases.Prepend(o.Name))
        .Where(n => n.StartsWith('-'));
}
