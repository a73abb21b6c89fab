using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// <c>--json</c> always answers: every failure of a command run with it is exactly one JSON object on stdout
/// (<c>command</c>, <c>exitCode</c>, <c>failure</c>, and the older <c>error: {kind, message}</c>), usage errors included
/// once the command is known. The message also goes to stderr, and nothing changes.
/// </summary>
public sealed class JsonFailureTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    /// <summary>The object a usage error under --json prints (formatted as every --json document).</summary>
    internal static string UsageJson(string command, string message)
    {
        using var text = new StringWriter { NewLine = "\n" };
        Output.JsonOutput.Write(text, w =>
        {
            w.WriteStartObject();
            w.WriteString("command", command);
            w.WriteNumber("exitCode", 2);
            w.WriteString("failure", message);
            w.WriteStartObject("error");
            w.WriteString("kind", "usage");
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return text.ToString();
    }

    [Theory]
    [InlineData(new[] { "close", "--json", "acme", "--dryrun" }, "close", "unknown option '--dryrun' for 'close' (did you mean '--dry-run'?)")]
    [InlineData(new[] { "keep-only", "--json" }, "keep-only", "Required argument missing for command: 'keep-only'.")]
    [InlineData(new[] { "close", "--json", "--lock-timeout", "-5", "acme" }, "close", "--lock-timeout must be a number of seconds from 0 to 3600")]
    [InlineData(new[] { "close", "--json", "--keep-backups", "many", "acme" }, "close", "Cannot parse argument 'many' for option '--keep-backups' as expected type 'System.Int32'.")]
    [InlineData(new[] { "list", "--json", "--agent", "ghost" }, "list", "unknown agent \"ghost\"")]
    [InlineData(new[] { "history", "--json", "--all-agents", "--agent", "main" }, "history", "--agent and --all-agents cannot be combined")]
    public void A_usage_error_under_json_is_one_object_with_the_reason(string[] args, string command, string reason)
    {
        var before = _state.Snapshot();

        var result = _state.RunIn(args);

        result.ExitCode.Should().Be(2, result.ToString());
        var json = Json.Parse(result.Out);
        Json.Names(json).Should().Equal("command", "exitCode", "failure", "error");
        json.Text("command").Should().Be(command);
        json.GetProperty("exitCode").GetInt32().Should().Be(2);
        json.Text("failure").Should().Contain(reason).And.NotContain("\n");
        json.GetProperty("error").Text("kind").Should().Be("usage");
        json.GetProperty("error").Text("message").Should().Contain(reason);
        result.Error.Should().Contain(reason);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Exactly_one_object_even_with_several_usage_errors()
    {
        var result = _state.RunIn("close", "--json", "--dryrun", "--frobnicate", "acme");

        result.ExitCode.Should().Be(2);
        using var document = JsonDocument.Parse(result.Out);
        document.RootElement.Text("failure").Should().Be("unknown option '--dryrun' for 'close' (did you mean '--dry-run'?); unknown option '--frobnicate' for 'close' (an argument that starts with '-' goes after '--')");
    }

    [Fact]
    public void Json_before_the_command_still_answers_for_that_command()
    {
        var result = _state.Run("--json", "close", "acme");

        result.ExitCode.Should().Be(2);
        var json = Json.Parse(result.Out);
        json.Text("command").Should().Be("close");
        json.Text("failure").Should().Be("unknown option '--json' for 'session-closer' (options go after the command: session-closer <command> [options])");
    }

    [Fact]
    public void Restore_keeps_its_own_document_and_adds_failure()
    {
        var result = _state.RunIn("restore", "--json");

        result.ExitCode.Should().Be(2);
        var json = Json.Parse(result.Out);
        json.Text("command").Should().Be("restore");
        json.Text("error").Should().StartWith("name one operation id");
        json.Text("failure").Should().Be(json.Text("error"));
        Json.Names(json).Should().Contain("exitCode");
    }

    [Theory]
    [InlineData("clsoe", "--json", "acme")]
    [InlineData("close", "--jsno", "acme")]
    [InlineData("close", "acme", "--", "--json")]
    public void Without_a_known_command_or_json_asked_for_stdout_stays_empty(params string[] args)
    {
        var result = args[0] == "close" ? _state.RunIn(args) : _state.Run(args);

        result.ExitCode.Should().Be(args[^1] == "--json" ? 3 : 2, result.ToString());
        result.Out.Should().NotContain("{");
    }

    [Fact]
    public void A_store_error_carries_failure_too()
    {
        _state.BreakStore();

        var broken = _state.RunIn("list", "--json");

        broken.Should().Be(new CliResult(5, _state.BrokenStoreJson("list"), _state.BrokenStoreError));
        var refused = _state.RunIn("keep-only", "--json", "--yes", "nope");
        refused.ExitCode.Should().Be(5, "the store is still broken");
    }
}
