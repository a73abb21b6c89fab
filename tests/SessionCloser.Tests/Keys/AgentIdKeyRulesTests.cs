using AwesomeAssertions;
using SessionCloser.Keys;


namespace SessionCloser.Tests.Keys;

public class AgentIdKeyRulesTests
{
    [Theory]
    [InlineData("main", "main")]
    [InlineData("Work", "work")]
    [InlineData("  Ops_1-b ", "ops_1-b")]
    [InlineData("My Bot", "my-bot")]
    [InlineData("--a  b!!c--", "a-b-c")]
    [InlineData("-lead", "lead")]
    [InlineData("", "main")]
    [InlineData("   ", "main")]
    [InlineData("!!!", "main")]
    [InlineData("Straße", "stra-e")]
    [InlineData(null, "main")]
    public void Normalizes_like_OpenClaw(string? id, string expected) => AgentIds.Normalize(id).Should().Be(expected);

    [Fact]
    public void Cuts_invalid_ids_to_64_characters()
    {
        var id = "x " + new string('a', 100);
        AgentIds.Normalize(id).Should().Be("x-" + new string('a', 62));
    }

    [Fact]
    public void A_valid_id_longer_than_64_is_rewritten_not_kept()
    {
        var id = new string('a', 65);
        AgentIds.Normalize(id).Should().Be(new string('a', 64));
    }
}
