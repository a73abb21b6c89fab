using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Operations;

namespace SessionCloser.Tests.Maintenance;

/// <summary>Durations as OpenClaw's parseDurationMs reads them, and as session-closer prints them.</summary>
public sealed class OpenClawDurationTests
{
    [Theory]
    [InlineData("30d", 2_592_000_000L)]
    [InlineData("12h", 43_200_000L)]
    [InlineData("90m", 5_400_000L)]
    [InlineData("1h30m", 5_400_000L)]
    [InlineData(" 1D ", 86_400_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1.5h", 5_400_000L)]
    public void A_duration_with_units_is_read_as_OpenClaw_reads_it(string text, long ms) => OpenClawDuration.ParseMs(text).Should().Be(ms);

    [Theory]
    [InlineData("30")]
    [InlineData("")]
    [InlineData("1h 30m")]
    [InlineData("-1d")]
    [InlineData("1w")]
    [InlineData("30 days")]
    public void A_command_line_never_guesses_a_unit_or_reads_what_OpenClaw_refuses(string text) => OpenClawDuration.ParseMs(text).Should().BeNull();

    [Fact]
    public void A_bare_number_takes_the_default_unit_when_there_is_one() => OpenClawDuration.ParseMs("30", defaultUnit: "d").Should().Be(2_592_000_000L);

    [Theory]
    [InlineData(5_400_000L, "1h30m")]
    [InlineData(2_592_000_000L, "30d")]
    [InlineData(90_061_001L, "1d1h1m1s1ms")]
    [InlineData(0L, "0ms")]
    public void Format_writes_every_unit_and_reads_back(long ms, string text)
    {
        OpenClawDuration.Format(ms).Should().Be(text);
        if (ms > 0)
        {
            OpenClawDuration.ParseMs(text).Should().Be(ms);
        }
    }

    [Theory]
    [InlineData(7_212_404L, "2h")] // 2h0m12.404s: the minutes are the second unit, and they are 0
    [InlineData(7_264_404L, "2h1m")]
    [InlineData(273_600_000L + 1234L, "3d4h")]
    [InlineData(312_404L, "5m12s")]
    [InlineData(42_404L, "42s404ms")]
    [InlineData(404L, "404ms")]
    public void An_age_reads_in_its_two_largest_units(long ms, string text) => OpenClawDuration.FormatApproximate(ms).Should().Be(text);

    [Fact]
    public void The_public_parser_refuses_a_bare_number()
    {
        DurationText.Parse("30").Should().BeNull();
        DurationText.Parse("30d").Should().Be(TimeSpan.FromDays(30));
        DurationText.Format(TimeSpan.FromMinutes(90)).Should().Be("1h30m");
    }
}
