using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// Issue 9: a word that starts with '-' and is no option of its command is a usage error naming it (and the option
/// meant), for every command, wherever it stands, before anything is read or written. Every case also names a real
/// session (acme), which the old parser would have closed after reporting the misspelling as NOT_FOUND.
/// </summary>
public sealed class UnknownOptionTests : IDisposable
{
    private const string Usage = "Run 'session-closer --help' for usage.\n";
    private const string AfterDoubleDash = " (an argument that starts with '-' goes after '--')";

    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    /// <summary>The command line (--state-dir goes after the command word) and the one error line expected.</summary>
    public static TheoryData<string[], string> Misspellings => new()
    {
        { ["close", "--dryrun", "acme"], "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "acme", "--dryrun"], "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "acme", "--dry-runn", "legacy"], "unknown option '--dry-runn' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "--Dry-Run", "acme"], "unknown option '--Dry-Run' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "-dry-run", "acme"], "unknown option '-dry-run' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "--dry", "acme"], "unknown option '--dry' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "--keep", "3", "acme"], "unknown option '--keep' for 'close' (did you mean '--keep-backups' or '--keep-last'?)" },
        { ["keep-only", "--keep", "3", "acme"], "unknown option '--keep' for 'keep-only' (did you mean '--keep-backups'?)" },
        { ["close", "--older", "1d"], "unknown option '--older' for 'close' (did you mean '--older-than'?)" },
        { ["close", "-yes", "acme"], "unknown option '-yes' for 'close' (did you mean '--yes'?)" },
        { ["close", "-n", "acme"], "unknown option '-n' for 'close'" + AfterDoubleDash },
        { ["close", "-yn", "acme"], "unknown option '-yn' for 'close'" + AfterDoubleDash },
        { ["close", "-", "acme"], "unknown option '-' for 'close'" + AfterDoubleDash },
        { ["close", "--frobnicate", "acme"], "unknown option '--frobnicate' for 'close'" + AfterDoubleDash },
        { ["close", "acme", "--version"], "unknown option '--version' for 'close'" + AfterDoubleDash },
        { ["close", "--agent", "--dryrun", "acme"], "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "--agent", "-x", "acme"], "unknown option '-x' for 'close' (a value of --agent that starts with '-' is written --agent=-x)" },
        { ["close", "acme", "--session-key", "-weird"], "unknown option '-weird' for 'close' (a value of --session-key that starts with '-' is written --session-key=-weird)" },
        { ["close", "--json", "acme", "--dryrun"], "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)" },
        { ["close", "--backend", "nope", "--jsno", "acme"], "unknown option '--jsno' for 'close' (did you mean '--json'?)" },
        { ["keep-only", "--dryrun", "--allow-missing", "acme"], "unknown option '--dryrun' for 'keep-only' (did you mean '--dry-run'?)" },
        { ["keep-only", "acme", "--allow-mising"], "unknown option '--allow-mising' for 'keep-only' (did you mean '--allow-missing'?)" },
        { ["keep-only", "--yes", "acme", "--forse"], "unknown option '--forse' for 'keep-only' (did you mean '--force'?)" },
        { ["keep-only", "--all", "acme"], "unknown option '--all' for 'keep-only' (did you mean '--allow-missing'?)" },
        { ["keep-only", "-y", "acme", "-"], "unknown option '-' for 'keep-only'" + AfterDoubleDash },
        { ["list", "--dryrun"], "unknown option '--dryrun' for 'list'" },
        { ["list", "--all"], "unknown option '--all' for 'list' (did you mean '--all-agents'?)" },
        { ["list", "--agents", "main"], "unknown option '--agents' for 'list' (did you mean '--agent'?)" },
        { ["list", "-json"], "unknown option '-json' for 'list' (did you mean '--json'?)" },
    };

    [Theory]
    [MemberData(nameof(Misspellings))]
    public void A_misspelt_option_is_a_usage_error_naming_it_and_nothing_changes(string[] args, string message)
    {
        var before = _state.Snapshot();

        var result = _state.RunIn(args);

        // With --json on the line, stdout holds the same error as one object (JsonFailureTests has its shape).
        var json = args.Contains("--json") ? JsonFailureTests.UsageJson(args[0], message) : "";
        result.Should().Be(new CliResult(2, json, $"session-closer: {message}\n{Usage}"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--dryrun", "unknown option '--dryrun' for 'session-closer' (options go after the command: session-closer <command> [options])")]
    [InlineData("-y", "unknown option '-y' for 'session-closer' (options go after the command: session-closer <command> [options])")]
    [InlineData("--frobnicate", "unknown option '--frobnicate' for 'session-closer'")]
    [InlineData("--versoin", "unknown option '--versoin' for 'session-closer' (did you mean '--version'?)")]
    public void An_unknown_option_before_the_command_is_refused_too(string option, string message)
    {
        var before = _state.Snapshot();

        var result = _state.Run(option, "close", "--state-dir", _state.StateDir, "acme");

        result.Should().Be(new CliResult(2, "", $"session-closer: {message}\n{Usage}"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Every_unknown_option_gets_its_own_line()
    {
        var result = _state.RunIn("close", "-n", "acme", "--dryrun", "--", "--not-an-option");

        result.Should().Be(new CliResult(
            2,
            "",
            "session-closer: unknown option '-n' for 'close'" + AfterDoubleDash + "\n"
            + "session-closer: unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)\n"
            + Usage));
    }

    [Fact]
    public void After_a_double_dash_words_starting_with_a_dash_are_project_ids()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--", "--dryrun", "-", "--");

        result.Should().Be(new CliResult(3, "NOT_FOUND --dryrun\nNOT_FOUND -\nNOT_FOUND --\n", "session-closer: nothing to close; nothing was changed\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Options_before_a_double_dash_still_count()
    {
        var before = _state.Snapshot();

        var result = _state.RunIn("close", "--dry-run", "legacy", "--", "--dry-run");

        result.ExitCode.Should().Be(3, result.ToString());
        result.Out.Should().Be(
            $"WOULD_CLOSE {HandMadeState.LegacyKey} sessionId={HandMadeState.LegacySid}\n"
            + $"  archive {_state.Transcript(HandMadeState.LegacySid)} -> {HandMadeState.LegacySid}.jsonl.deleted.{FixedClock.Stamp}\n"
            + "NOT_FOUND --dry-run\n");
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--session-key=-weird")]
    [InlineData("--session-key:-weird")]
    public void An_attached_value_may_start_with_a_dash(string option)
    {
        var result = _state.RunIn("close", option);

        result.Should().Be(new CliResult(3, "NOT_FOUND -weird\n", "session-closer: nothing to close; nothing was changed\n"));
    }

    [Theory]
    [InlineData("--keep-backups", "-1", "--keep-backups must be at least 1 (got -1)")]
    [InlineData("--lock-timeout", "-0.5", "--lock-timeout must be a number of seconds from 0 to 3600")]
    public void A_negative_number_is_a_value_that_the_command_itself_refuses(string option, string value, string message)
    {
        var result = _state.RunIn("close", option, value, "acme");

        result.Should().Be(new CliResult(2, "", $"session-closer: {message}\n"));
    }

    [Fact]
    public void The_short_alias_of_yes_still_works()
    {
        var result = _state.RunIn("keep-only", "-y", "--dry-run", "acme");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().StartWith($"KEPT {HandMadeState.MainKey}\nKEPT {HandMadeState.AcmeKey}\n");
    }
}
