using AwesomeAssertions;
using SessionCloser.Keys;

namespace SessionCloser.Tests.Keys;

public class NormalizeTests
{
    [Theory]
    [InlineData("agent:main:discord:channel:1234567890", "agent:main:discord:channel:1234567890")]
    [InlineData("Agent:Main:Discord:Channel:1234567890", "agent:main:discord:channel:1234567890")]
    [InlineData("  agent:main:main \n", "agent:main:main")]
    [InlineData("agent:main:telegram:group:-1001234567890:topic:42", "agent:main:telegram:group:-1001234567890:topic:42")]
    [InlineData("agent:main:slack:channel:C0ABCDEF:thread:1712345678.000100", "agent:main:slack:channel:c0abcdef:thread:1712345678.000100")]
    [InlineData("agent:main:cron:Nightly:run:ABC", "agent:main:cron:nightly:run:abc")]
    [InlineData("agent:main:subagent:5F0E", "agent:main:subagent:5f0e")]
    [InlineData("GLOBAL", "global")]
    [InlineData("   ", "")]
    // Signal group ids are base64 and case-sensitive: the segment keeps its case (and is trimmed).
    [InlineData("agent:main:signal:group:AbC+dE/fG==", "agent:main:signal:group:AbC+dE/fG==")]
    [InlineData("Agent:Main:SIGNAL:Group:AbC+dE/fG==:Thread:X", "agent:main:signal:group:AbC+dE/fG==:thread:x")]
    [InlineData("agent:main:signal:group: AbC :x", "agent:main:signal:group:AbC:x")]
    [InlineData("signal:group:AbC", "signal:group:AbC")]
    [InlineData("agent:main:signal:direct:+4917AbC", "agent:main:signal:direct:+4917abc")]
    // Matrix: the whole tail after matrix:channel:/matrix:group: keeps its case, except a final :thread: marker.
    [InlineData("agent:main:matrix:channel:!AbC:Matrix.Org", "agent:main:matrix:channel:!AbC:Matrix.Org")]
    [InlineData("agent:main:Matrix:Group:!AbC:Matrix.Org:THREAD:$Ev1", "agent:main:matrix:group:!AbC:Matrix.Org:thread:$Ev1")]
    [InlineData("AGENT:A:AGENT:B:matrix:channel:!X", "agent:a:agent:b:matrix:channel:!X")]
    [InlineData("matrix:channel:!X:Y", "matrix:channel:!X:Y")]
    [InlineData("agent:main:matrix:direct:@Bob:Matrix.Org", "agent:main:matrix:direct:@bob:matrix.org")]
    // Only at the start: a matrix segment deeper in the key is lowercased.
    [InlineData("agent:main:discord:matrix:channel:!X", "agent:main:discord:matrix:channel:!x")]
    public void Era_B_rules_match_OpenClaw_2026_7_35(string key, string expected)
    {
        SessionKeys.Normalize(key).Should().Be(expected);
        SessionKeys.Normalize(key, KeyCaseRules.PreserveOpaquePeerIds).Should().Be(expected);
    }

    [Theory]
    [InlineData("agent:main:signal:group:AbC+dE/fG==", "agent:main:signal:group:abc+de/fg==")]
    [InlineData("agent:main:matrix:channel:!AbC:Matrix.Org", "agent:main:matrix:channel:!abc:matrix.org")]
    [InlineData(" Agent:Main:Discord:Channel:1 ", "agent:main:discord:channel:1")]
    [InlineData("agent:main:signal:group: AbC :x", "agent:main:signal:group: abc :x")]
    public void Era_A_rules_lowercase_everything(string key, string expected) =>
        SessionKeys.Normalize(key, KeyCaseRules.FullLowercase).Should().Be(expected);

    [Theory]
    [InlineData("agent:My Bot:x", "agent:my bot:x")]
    [InlineData("agent:İnfo:x", "agent:i\u0307nfo:x")] // JS toLowerCase special-cases İ; .NET alone would not
    [InlineData("agent:main:ΌΣΟΣ", "agent:main:όσος")] // final sigma
    [InlineData("agent:main:ΑΣ:b", "agent:main:ασ:b")] // ':' is case-ignorable, so the sigma is not final
    [InlineData("\uFEFFagent:main:x\u00A0", "agent:main:x")] // JS trim strips BOM and NBSP
    [InlineData("agent:main:x\u0085", "agent:main:x\u0085")] // … but not NEL, which .NET's Trim would strip
    public void JavaScript_string_semantics_are_kept(string key, string expected) =>
        SessionKeys.Normalize(key).Should().Be(expected);

    [Theory]
    [InlineData("agent:main:signal:group:AbC", "AGENT:MAIN:Signal:GROUP:AbC", true, true)]
    [InlineData("agent:main:signal:group:AbC", "agent:main:signal:group:abc", false, true)]
    [InlineData("agent:main:matrix:channel:!AbC:x.org", "agent:main:matrix:channel:!abc:x.org", false, true)]
    [InlineData("agent:main:discord:channel:AbC", "agent:main:discord:channel:abc", true, true)]
    [InlineData(" agent:main:main", "AGENT:MAIN:MAIN ", true, true)]
    [InlineData("agent:main:main", "agent:work:main", false, false)]
    public void Same_session_means_same_store_key(string a, string b, bool sameInEraB, bool sameInEraA)
    {
        SessionKeys.AreSameSession(a, b).Should().Be(sameInEraB);
        SessionKeyComparer.PreserveOpaquePeerIds.Equals(a, b).Should().Be(sameInEraB);
        SessionKeys.AreSameSession(a, b, KeyCaseRules.FullLowercase).Should().Be(sameInEraA);
        SessionKeyComparer.FullLowercase.Equals(a, b).Should().Be(sameInEraA);
    }

    [Fact]
    public void Comparer_groups_all_case_variants_of_one_session()
    {
        string[] keys =
        [
            "agent:main:discord:channel:123", "Agent:Main:Discord:Channel:123", "agent:main:signal:group:AbC",
            "agent:main:SIGNAL:group:AbC", "agent:main:signal:group:ABC",
        ];

        var groups = keys.GroupBy(k => k, SessionKeyComparer.PreserveOpaquePeerIds).Select(g => g.Count());

        groups.Should().Equal(2, 2, 1);
        keys.Distinct(SessionKeyComparer.FullLowercase).Should().HaveCount(2);
    }

    [Fact]
    public void Folded_legacy_aliases_follow_OpenClaw()
    {
        SessionKeys.FoldedLegacyAliases("agent:main:discord:channel:1").Should().BeEmpty();
        SessionKeys.FoldedLegacyAliases("agent:main:signal:group:AbC").Should().Equal("agent:main:signal:group:abc");
        SessionKeys.FoldedLegacyAliases("agent:main:matrix:channel:!AbC:x.org:thread:$Ev")
            .Should().Equal("agent:main:matrix:channel:!abc:x.org:thread:$ev", "agent:main:matrix:channel:!abc:x.org:thread:$Ev");
        SessionKeys.FoldedAliasNeedsDeliveryProof("agent:main:matrix:channel:!AbC:x.org").Should().BeTrue();
        SessionKeys.FoldedAliasNeedsDeliveryProof("agent:main:signal:group:AbC").Should().BeFalse();
    }
}
