using System.Text;
using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Cli.Commands;
using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Config;
using SessionCloser.Fixtures;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// Lines printed as sessions close, the live progress line on a terminal's stderr, and the summary last: on a fake
/// terminal (a string that is replayed like a screen) with a clock that moves only when told.
/// </summary>
public sealed class ProgressTests : IDisposable
{
    private readonly HandMadeState _state = new();
    private readonly ManualClock _clock = new();
    private readonly StringWriter _out = new() { NewLine = "\n" };
    private readonly StringWriter _error = new() { NewLine = "\n" };

    public void Dispose()
    {
        _state.Dispose();
        _out.Dispose();
        _error.Dispose();
    }

    private CliContext Terminal(bool errorIsTerminal = true) =>
        new CliContext(_out, _error, new OpenClawEnvironment(new Dictionary<string, string>()), _clock, IsOutputTerminal: true, IsInputTerminal: false, new StringReader(""))
        {
            IsErrorTerminal = errorIsTerminal,
        };

    [Fact]
    public void The_line_shows_after_a_second_counts_ticks_and_is_erased_for_other_lines_and_at_the_end()
    {
        var line = ProgressLine.For(Terminal(), "closing", json: false)!;

        line.Update(0, 20);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        _error.ToString().Should().BeEmpty("a run shorter than a second shows nothing");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        line.Text.Should().Be("session-closer: closing 0/20 (1s)");
        line.Update(7, 20);
        line.Text.Should().Be("session-closer: closing 7/20 (1s)");
        _clock.Advance(TimeSpan.FromSeconds(11));
        line.Text.Should().Be("session-closer: closing 7/20 (12s)", "it is redrawn every second while nothing answers");
        TerminalScreen.Replay(_error.ToString()).Should().Equal("session-closer: closing 7/20 (12s)");

        // stdout and stderr on one terminal: a line printed meanwhile never lands on the progress text.
        line.Above(() => _error.Write("CLOSED agent:main:x sessionId=1\n"));
        TerminalScreen.Replay(_error.ToString()).Should().Equal("CLOSED agent:main:x sessionId=1", "session-closer: closing 7/20 (12s)");
        line.Dispose();
        TerminalScreen.Replay(_error.ToString()).Should().Equal("CLOSED agent:main:x sessionId=1", "");
        _error.ToString().Should().NotContain("\u001b", "no escape codes, no colour");
        _clock.Advance(TimeSpan.FromSeconds(5));
        TerminalScreen.Replay(_error.ToString()).Should().Equal("CLOSED agent:main:x sessionId=1", "");
    }

    [Fact]
    public void No_line_on_a_pipe_or_with_json()
    {
        ProgressLine.For(Terminal(errorIsTerminal: false), "closing", json: false).Should().BeNull();
        ProgressLine.For(Terminal(), "closing", json: true).Should().BeNull();
    }

    [Fact]
    public void Streamed_lines_come_out_as_they_are_reported_and_the_report_prints_only_the_rest_then_the_summary()
    {
        var streamed = new StreamedCloseLines(Terminal());
        using var line = ProgressLine.For(Terminal(), "closing", json: false);
        streamed.Progress = line;
        var first = Closed("agent:main:a", "1");
        var second = Closed("agent:main:b", "2");
        var missing = new SessionOutcome { Status = OutcomeStatus.NotFound, Subject = "nope", Argument = "nope" };

        streamed.Report(new CloseProgress(0, 2, null));
        _clock.Advance(TimeSpan.FromSeconds(1));
        streamed.Report(new CloseProgress(1, 2, first));
        _out.ToString().Should().Be("CLOSED agent:main:a sessionId=1\n", "the line is out before the second session is answered");
        line!.Text.Should().Be("session-closer: closing 1/2 (1s)");
        streamed.Report(new CloseProgress(2, 2, second));
        line.Dispose();

        var report = new CloseReport { StorePath = "/s", AgentId = "main", Mode = CloseMode.Close, Backend = CloseBackend.Gateway, Outcomes = [first, second, missing] };
        var route = new RouteSummary(CloseBackend.Gateway, "a gateway", new Uri("ws://127.0.0.1:1/"), true, "2026.9.6", Eras.StorageEra.SqliteBehindGateway, "its version");
        CloseReportText.Write(Terminal(), new CloseResult(report, route, null), streamed);

        _out.ToString().Should().Be("CLOSED agent:main:a sessionId=1\nCLOSED agent:main:b sessionId=2\nNOT_FOUND nope\n");
        TerminalScreen.Replay(_error.ToString()).Should().Equal("session-closer: closed 2 session(s) through the gateway (deleted), archived 0 file(s)", "");
    }

    [Fact]
    public void A_close_on_a_terminal_that_ends_within_a_second_prints_exactly_what_it_prints_on_a_pipe()
    {
        var piped = _state.RunIn("close", "acme", "legacy");
        using var other = new HandMadeState();

        var onTerminal = CliRun.Run(other.Root, c => c with { Clock = new ManualClock(), IsErrorTerminal = true }, "close", "--state-dir", other.StateDir, "acme", "legacy");

        onTerminal.ExitCode.Should().Be(0);
        onTerminal.Out.Should().Be(piped.Out.Replace(_state.Root, other.Root, StringComparison.Ordinal));
        onTerminal.Error.Should().Be(piped.Error.Replace(_state.Root, other.Root, StringComparison.Ordinal));
        onTerminal.Error.Should().NotContain("\r", "the clock never reached a second");
    }

    [Fact]
    public void Stderr_flushes_stdout_first_so_a_shared_pipe_keeps_the_summary_last()
    {
        using var pipe = new MemoryStream();
        var output = new StreamWriter(pipe, new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };
        var error = new StdoutFirstWriter(new StreamWriter(pipe, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" }, output);

        output.WriteLine("CLOSED agent:main:a sessionId=1");
        error.WriteLine("session-closer: closed 1 session(s)");
        output.WriteLine("late");
        output.Flush();

        Encoding.UTF8.GetString(pipe.ToArray()).Should().Be("CLOSED agent:main:a sessionId=1\nsession-closer: closed 1 session(s)\nlate\n");
    }

    private static SessionOutcome Closed(string key, string sessionId) => new()
    {
        Status = OutcomeStatus.Closed,
        Subject = key,
        Argument = key,
        SessionId = sessionId,
        Keys = [key],
        Variants = [new KeyVariant(key, sessionId)],
    };
}
