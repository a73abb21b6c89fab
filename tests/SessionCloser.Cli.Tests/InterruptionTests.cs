using System.Runtime.InteropServices;
using System.Text.Json;
using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// A signal that arrived before the close started (it stops while routing, before any lock or read): the CLI ends
/// with the signal's code and nothing changes; --json still prints a report. (The real processes, signalled at every step boundary, are in
/// tests/SessionCloser.FaultInjection.)
/// </summary>
public sealed class InterruptionTests : IDisposable
{
    private readonly HandMadeState _state = new();

    public void Dispose() => _state.Dispose();

    private CliResult RunIn(PosixSignal[] signals, params string[] args) => CliRun.Run(_state.Root, signals, [args[0], "--state-dir", _state.StateDir, .. args[1..]]);

    private string[] SessionsDirFiles => [.. Directory.GetFiles(_state.SessionsDir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Theory]
    [InlineData(PosixSignal.SIGINT, 130)]
    [InlineData(PosixSignal.SIGTERM, 143)]
    [InlineData(PosixSignal.SIGHUP, 129)]
    public void A_signal_before_the_run_starts_closes_nothing_and_exits_with_its_code(PosixSignal signal, int exitCode)
    {
        var files = SessionsDirFiles;

        var result = RunIn([signal], "close", "acme", "legacy");

        result.ExitCode.Should().Be(exitCode, result.ToString());
        result.Out.Should().BeEmpty();
        result.Error.Should().Contain($"{Interruption.NameOf(signal)} received: stopping at the next safe point")
            .And.Contain("session-closer: interrupted before anything was changed; nothing was changed");
        File.ReadAllText(_state.StorePath).Should().Be(HandMadeState.Store);
        SessionsDirFiles.Should().Equal(files, "no backup, journal, lock or temp file is left and nothing is archived");
    }

    [Fact]
    public void With_json_the_report_says_interrupted_and_names_the_signal()
    {
        var result = RunIn([PosixSignal.SIGTERM], "close", "acme", "--json");

        result.ExitCode.Should().Be(143, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("exitCode").GetInt32().Should().Be(143);
        json.RootElement.GetProperty("signal").GetString().Should().Be("SIGTERM");
        json.RootElement.GetProperty("interrupted").GetString().Should().Be("interrupted before anything was changed; nothing was closed");
        json.RootElement.GetProperty("summary").GetProperty("closed").GetInt32().Should().Be(0);
        json.RootElement.GetProperty("results").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void A_second_signal_says_the_run_is_finishing_and_the_first_one_decides_the_code()
    {
        var result = RunIn([PosixSignal.SIGTERM, PosixSignal.SIGINT], "close", "acme");

        result.ExitCode.Should().Be(143, result.ToString());
        result.Error.Should().Contain("SIGINT received again: still finishing the step in progress");
    }

    [Fact]
    public void Without_a_signal_nothing_says_interrupted()
    {
        var result = RunIn([], "close", "acme", "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("interrupted").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("signal").ValueKind.Should().Be(JsonValueKind.Null);
    }
}
