using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>The usage errors System.CommandLine and the commands report today (exit 2), and help (exit 0).</summary>
public sealed class ParseErrorTests : IDisposable
{
    private const string Usage = "Run 'session-closer --help' for usage.\n";

    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void No_command_or_an_unknown_one_is_a_usage_error()
    {
        _state.Run().Should().Be(new CliResult(2, "", "session-closer: Required command was not provided.\n" + Usage));
        _state.Run("clsoe", "acme").Should().Be(new CliResult(
            2,
            "",
            "session-closer: Required command was not provided.\n"
            + "session-closer: Unrecognized command or argument 'clsoe'.\n"
            + "session-closer: Unrecognized command or argument 'acme'.\n"
            + Usage));
    }

    [Fact]
    public void An_option_without_its_value_is_a_usage_error()
    {
        _state.RunIn("close", "acme", "--agent").Should().Be(new CliResult(2, "", "session-closer: Required argument missing for option: '--agent'.\n" + Usage));
    }

    [Fact]
    public void A_backend_outside_the_list_is_a_usage_error()
    {
        _state.RunIn("close", "--backend", "nope", "acme").Should().Be(new CliResult(
            2,
            "",
            "session-closer: Argument 'nope' not recognized. Must be one of:\n\t'auto'\n\t'gateway'\n\t'files'\n" + Usage));
    }

    [Fact]
    public void Keep_only_needs_a_session_to_keep_and_close_needs_one_to_close()
    {
        _state.RunIn("keep-only").Should().Be(new CliResult(2, "", "session-closer: Required argument missing for command: 'keep-only'.\n" + Usage));
        _state.RunIn("close").Should().Be(new CliResult(2, "", "session-closer: name at least one project id or session key\n"));
        _state.RunIn("close", "--json").Should().Be(new CliResult(2, JsonFailureTests.UsageJson("close", "name at least one project id or session key"), "session-closer: name at least one project id or session key\n"));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("close", "acme")]
    [InlineData("keep-only", "acme")]
    [InlineData("restore", "--last")]
    public void A_url_without_its_token_or_password_is_a_usage_error_on_every_command_as_in_OpenClaw(params string[] command)
    {
        var before = _state.Snapshot();

        _state.RunIn([.. command, "--url", "ws://127.0.0.1:1"]).Should().Be(new CliResult(
            2,
            "",
            "session-closer: --url needs --token or --password: like OpenClaw, session-closer does not send the config's or the environment's secrets to a URL given on the command line. For the configured gateway, leave out --url.\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("86400001")]
    public void A_timeout_out_of_range_is_a_usage_error(string value)
    {
        _state.RunIn("close", "--timeout", value, "acme").Should().Be(new CliResult(2, "", "session-closer: --timeout must be a number of milliseconds from 1 to 86400000\n"));
    }

    [Theory]
    [InlineData("--keep-backups", "0", "--keep-backups must be at least 1 (got 0)")]
    [InlineData("--lock-timeout", "3601", "--lock-timeout must be a number of seconds from 0 to 3600")]
    public void Out_of_range_numbers_are_usage_errors(string option, string value, string message)
    {
        var before = _state.Snapshot();

        _state.RunIn("close", option, value, "acme").Should().Be(new CliResult(2, "", $"session-closer: {message}\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Archive_with_the_files_backend_is_a_usage_error()
    {
        _state.RunIn("close", "--archive", "--backend", "files", "acme")
            .Should().Be(new CliResult(2, "", "session-closer: --archive closes through the gateway; it cannot be combined with --backend files\n"));
    }

    [Fact]
    public void List_takes_either_an_agent_or_all_agents()
    {
        _state.RunIn("list", "--agent", "main", "--all-agents").Should().Be(new CliResult(2, "", "session-closer: --agent and --all-agents cannot be combined\n"));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("close")]
    [InlineData("keep-only")]
    public void An_unknown_agent_is_a_usage_error_naming_the_known_ones(string command)
    {
        var before = _state.Snapshot();

        var result = _state.RunIn(command == "list" ? [command, "--agent", "nobody"] : [command, "--agent", "nobody", "acme"]);

        result.Should().Be(new CliResult(
            2,
            "",
            $"session-closer: unknown agent \"nobody\" in {_state.StateDir} (known: project-lead, main); pass --agent, or --state-dir if this is the wrong OpenClaw state\n"));
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(new[] { "--help" }, "Closes OpenClaw sessions without losing data", new[] { "list", "close <projectId|sessionKey>", "keep-only <keep>", "--version" })]
    [InlineData(new[] { "-h" }, "Closes OpenClaw sessions without losing data", new[] { "list", "close <projectId|sessionKey>", "keep-only <keep>", "--version" })]
    [InlineData(new[] { "list", "--help" }, "List an agent's sessions", new[] { "--agent <id>", "--all-agents", "--state-dir <dir>", "--profile <name>", "--json" })]
    [InlineData(new[] { "close", "-h" }, "Close sessions: remove them from the index", new[] { "--dry-run", "-y, --yes", "--session-key <key>", "--backend <auto|gateway|files>", "--archive", "--token <token>" })]
    [InlineData(new[] { "keep-only", "-?" }, "Close every session of the agent except the ones named", new[] { "--dry-run", "-y, --yes", "--allow-missing", "--keep-backups <n>", "--lock-timeout <seconds>" })]
    [InlineData(new[] { "close", "acme", "--help" }, "Close sessions: remove them from the index", new[] { "--dry-run" })]
    public void Help_of_each_command_exits_0_and_lists_its_options(string[] args, string description, string[] options)
    {
        var before = _state.Snapshot();

        var result = _state.Run(args);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().BeEmpty();
        result.Out.Should().StartWith($"Description:\n  {description}").And.Contain("\nUsage:\n").And.Contain("-?, -h, --help  ");
        foreach (var option in options)
        {
            result.Out.Should().Contain($"  {option}  ");
        }

        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var result = _state.Run("--version");

        result.ExitCode.Should().Be(0);
        result.Error.Should().BeEmpty();
        result.Out.Should().MatchRegex(@"^\d+\.\d+\.\d+(\+[0-9a-f]+)?\n$");
    }

    [Fact]
    public void The_parser_prints_the_entry_assemblys_informational_version()
    {
        // In the real binary the entry assembly is the CLI's: what the early answer below prints.
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;

        _state.Run("--version").Should().Be(new CliResult(0, entry + "\n", ""));
    }

    [Fact]
    public void The_early_version_answer_prints_the_clis_informational_version_and_exits_0()
    {
        var cli = typeof(VersionAnswer).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        using var stdout = new MemoryStream();

        var code = VersionAnswer.Write(stdout);

        code.Should().Be(0);
        System.Text.Encoding.UTF8.GetString(stdout.ToArray()).Should().Be(cli + "\n").And.MatchRegex(@"^\d+\.\d+\.\d+(\+[0-9a-f]+)?\n$");
    }

    [Theory]
    [InlineData(true, "--version")]
    [InlineData(false)]
    [InlineData(false, "--version", "list")]
    [InlineData(false, "list", "--version")]
    [InlineData(false, "--version", "--version")]
    [InlineData(false, "--Version")]
    [InlineData(false, "--version=")]
    [InlineData(false, "--", "--version")]
    public void Only_version_alone_is_answered_early(bool early, params string[] args)
    {
        VersionAnswer.Matches(args).Should().Be(early);
    }

    [Fact]
    public void Version_with_anything_else_is_still_the_parsers_usage_error()
    {
        var result = _state.Run("--version", "list");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Out.Should().BeEmpty();
    }
}
