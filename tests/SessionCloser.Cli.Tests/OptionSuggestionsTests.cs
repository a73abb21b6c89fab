using AwesomeAssertions;

namespace SessionCloser.Cli.Tests;

public sealed class OptionSuggestionsTests
{
    private static readonly string[] CloseOptions =
    [
        "--agent", "--state-dir", "--profile", "--json", "--dry-run", "--yes", "-y", "--force", "--restart-gateway", "--keep-backups",
        "--lock-timeout", "--backend", "--archive", "--token", "--session-key", "--help", "-h", "-?",
    ];

    [Theory]
    [InlineData("--dryrun", "--dry-run")]
    [InlineData("--dry-runn", "--dry-run")]
    [InlineData("--DRY-RUN", "--dry-run")]
    [InlineData("-dry-run", "--dry-run")]
    [InlineData("--dry", "--dry-run")]
    [InlineData("--jsno", "--json")]
    [InlineData("--jason", "--json")]
    [InlineData("--agents", "--agent")]
    [InlineData("--sesion-key", "--session-key")]
    [InlineData("--session", "--session-key")]
    [InlineData("-yes", "--yes")]
    [InlineData("--y", "-y")]
    [InlineData("--restart", "--restart-gateway")]
    public void A_near_spelling_or_a_unique_prefix_is_suggested(string word, string meant)
    {
        OptionSuggestions.Closest(word, CloseOptions).Should().Be(meant);
    }

    [Theory]
    [InlineData("-n")] // one letter off '-y' and '-h': short words must match exactly
    [InlineData("-x")]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("--frobnicate")]
    [InlineData("--a")] // a prefix of several options, and too short to guess
    [InlineData("--re")]
    [InlineData("--version")]
    public void Nothing_is_suggested_when_nothing_is_close(string word)
    {
        OptionSuggestions.Closest(word, CloseOptions).Should().BeNull();
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("json", "json", 0)]
    [InlineData("jsno", "json", 1)]
    [InlineData("dryrun", "dry-run", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    [InlineData("", "force", 5)]
    public void Distance_counts_insertions_deletions_replacements_and_swaps(string a, string b, int distance)
    {
        OptionSuggestions.Distance(a, b).Should().Be(distance);
        OptionSuggestions.Distance(b, a).Should().Be(distance);
    }
}
