using System.CommandLine;
using SessionCloser.Errors;
using SessionCloser.Keys;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// The selector options of <c>close</c> and <c>list</c> (<c>--older-than</c>, <c>--match</c>, <c>--kind</c>,
/// <c>--archived</c> | <c>--active</c>, <c>--except</c>, <c>--keep-last</c>), plus <c>--include-groups</c> (close) and
/// <c>--all-agents</c>; read into a <see cref="SessionSelector"/>, every bad value a usage error naming the option.
/// </summary>
internal sealed class SelectorOptions
{
    /// <summary>The options that select, as help and messages list them.</summary>
    public const string Names = "--older-than, --match, --kind, --archived, --active, --except, --keep-last";

    private readonly Option<string?> _olderThan = new("--older-than")
    {
        Description = $"Only sessions last updated (updatedAt) at least this long ago: a number and a unit, e.g. {DurationText.Examples}.",
        HelpName = "duration",
    };

    private readonly Option<string[]> _match = new("--match")
    {
        Description = "Only sessions whose key matches this glob (*, ?, [...]), e.g. 'agent:*:cron:*:run:*'. Repeatable: any one matching.",
        HelpName = "glob",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _kind = new("--kind")
    {
        Description = $"Only sessions of this kind: {string.Join(", ", SessionKindNames.All)}. Repeatable or comma-separated: any one matching.",
        HelpName = "kind",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _except = new("--except")
    {
        Description = "A session to leave alone whatever the other selectors say: a project id or session key, as close takes them. Repeatable.",
        HelpName = "id|key",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<int?> _keepLast = new("--keep-last")
    {
        Description = "Leave the newest N sessions (by updatedAt) of each group: agent, kind and label (cron runs grouped by their job).",
        HelpName = "n",
    };

    private readonly Option<bool> _includeGroups = new("--include-groups")
    {
        Description = "Let selectors pick group, channel, thread and topic sessions too (protected otherwise).",
    };

    private readonly bool _forList;

    /// <param name="forList"><c>list</c>: no <c>--include-groups</c> (it shows protected sessions anyway), and its own words for --archived/--active/--all-agents.</param>
    /// <param name="hidden">Declared only to refuse them by name (keep-only): not shown in help, never suggested.</param>
    public SelectorOptions(bool forList = false, bool hidden = false)
    {
        _forList = forList;
        Archived = new Option<bool>("--archived")
        {
            Description = forList ? "Only archived sessions (OpenClaw hides them from its default lists)." : "Only archived sessions (hidden from OpenClaw's default lists).",
        };
        Active = new Option<bool>("--active")
        {
            Description = forList ? "Only sessions that are not archived (not OpenClaw's --active <minutes>)." : "Only sessions that are not archived (not OpenClaw's --active <minutes>).",
        };
        AllAgents = new Option<bool>("--all-agents")
        {
            Description = forList ? "List every agent's store: configured agents and stores found on disk." : "Every agent's store (configured agents and stores found on disk); needs a selector.",
        };
        foreach (var option in Selecting.Append(_includeGroups).Append(AllAgents))
        {
            option.Hidden = hidden;
        }
    }

    public Option<bool> Archived { get; }

    public Option<bool> Active { get; }

    public Option<bool> AllAgents { get; }

    /// <summary>The options that narrow the choice (<see cref="Names"/>).</summary>
    private IEnumerable<Option> Selecting => [_olderThan, _match, _kind, Archived, Active, _except, _keepLast];

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in Selecting)
        {
            command.Options.Add(option);
        }

        if (!_forList)
        {
            command.Options.Add(_includeGroups);
        }

        command.Options.Add(AllAgents);
    }

    /// <summary>The selecting options on the command line, in the order declared (for messages).</summary>
    public IReadOnlyList<string> Given(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. Selecting.Where(o => IsGiven(result, o)).Select(o => o.Name)];
    }

    /// <summary>Every option of this set on the command line (selectors, <c>--include-groups</c>, <c>--all-agents</c>).</summary>
    public IReadOnlyList<string> AllGiven(ParseResult result) =>
        [.. Given(result), .. IncludeGroupsGiven(result) ? ["--include-groups"] : Array.Empty<string>(), .. IsGiven(result, AllAgents) ? ["--all-agents"] : Array.Empty<string>()];

    /// <summary><c>--include-groups</c> was given.</summary>
    public bool IncludeGroupsGiven(ParseResult result) => !_forList && IsGiven(result, _includeGroups);

    /// <summary>
    /// The selector the line asks for, or null when no selecting option is on it. Bad values are usage errors (exit 2)
    /// naming the option: a duration without a unit, an unknown kind (the valid ones listed), an empty glob or
    /// <c>--except</c>, <c>--keep-last</c> below 1, <c>--archived</c> with <c>--active</c>.
    /// </summary>
    public SessionSelector? Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.GetValue(Archived) && result.GetValue(Active))
        {
            throw Usage(_forList
                ? "--archived and --active cannot be combined (without either, list shows both)"
                : "--archived and --active cannot be combined (without either, a selector run picks both)");
        }

        if (Given(result).Count == 0)
        {
            return null;
        }

        return new SessionSelector
        {
            OlderThan = result.GetValue(_olderThan) is { } olderThan ? Duration(olderThan) : null,
            Match = NonBlank(result.GetValue(_match), "--match", "a glob on session keys, e.g. 'agent:*:cron:*:run:*'"),
            Kinds = Kinds(result.GetValue(_kind) ?? []),
            Archive = result.GetValue(Archived) ? ArchiveFilter.ArchivedOnly : result.GetValue(Active) ? ArchiveFilter.ActiveOnly : ArchiveFilter.All,
            Except = NonBlank(result.GetValue(_except), "--except", "a project id or session key"),
            KeepLast = result.GetValue(_keepLast) is { } keepLast ? KeepLast(keepLast) : null,
            IncludeGroups = IncludeGroupsGiven(result),
        };
    }

    private static bool IsGiven(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static TimeSpan Duration(string text)
    {
        var duration = DurationText.Parse(text) ?? throw Usage(
            $"--older-than '{Output.HumanFormat.Printable(text)}' is not a duration: give a number and a unit, e.g. {DurationText.Examples} (a bare number is refused)");
        return duration > TimeSpan.Zero ? duration : throw Usage($"--older-than must be longer than 0 (got '{Output.HumanFormat.Printable(text)}'), e.g. {DurationText.Examples}");
    }

    private static int KeepLast(int n) => n >= 1 ? n : throw Usage($"--keep-last must be at least 1 (got {n})");

    private static string[] NonBlank(string[]? values, string option, string what) =>
        (values ?? []).Any(string.IsNullOrWhiteSpace) ? throw Usage($"{option} needs {what}; got an empty one") : values ?? [];

    /// <summary>Each --kind value may be a comma list; every name must be one of <see cref="SessionKindNames.All"/>.</summary>
    private static string[] Kinds(string[] values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                throw Usage($"--kind needs a session kind; got an empty one. Kinds: {string.Join(", ", SessionKindNames.All)}");
            }

            foreach (var part in parts)
            {
                if (SessionKindNames.Parse(part) is null)
                {
                    var meant = OptionSuggestions.Closest(part, SessionKindNames.All) is { } closest ? $" (did you mean '{closest}'?)" : "";
                    throw Usage($"--kind '{Output.HumanFormat.Printable(part)}' is not a session kind{meant}. Kinds: {string.Join(", ", SessionKindNames.All)}");
                }

                var name = SessionKindNames.Name(SessionKindNames.Parse(part)![0]);
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return [.. names];
    }

    private static SessionCloserException Usage(string message) => new(ExitCode.Usage, message);
}
