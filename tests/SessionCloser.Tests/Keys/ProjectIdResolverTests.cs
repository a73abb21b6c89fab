using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.Keys;

namespace SessionCloser.Tests.Keys;

public class ProjectIdResolverTests
{
    [Theory]
    [InlineData("webshop", "agent:main:webshop", "agent:main:project-webshop")]
    [InlineData("WebShop", "agent:main:webshop", "agent:main:project-webshop")]
    [InlineData(" webshop ", "agent:main:webshop", "agent:main:project-webshop")]
    [InlineData("project-x", "agent:main:project-x", "agent:main:project-project-x")]
    [InlineData("signal:group:AbC", "agent:main:signal:group:AbC", "agent:main:project-signal:group:abc")]
    public void A_project_id_yields_the_plain_then_the_legacy_key(string argument, string plain, string legacy) =>
        ProjectIdResolver.Candidates(argument, "main").Should().Equal(
            new KeyCandidate(plain, CandidateRule.ProjectId), new KeyCandidate(legacy, CandidateRule.LegacyProjectId));

    [Fact]
    public void The_agent_id_is_normalized() =>
        ProjectIdResolver.Candidates("x", "My Bot")[0].Key.Should().Be("agent:my-bot:x");

    [Theory]
    [InlineData("agent:work:discord:channel:1", "agent:work:discord:channel:1")]
    [InlineData("AGENT:Work:Signal:Group:AbC", "agent:work:signal:group:AbC")]
    [InlineData("agent:x", "agent:x")] // malformed, but such a key can still sit in a store
    public void A_session_key_is_taken_as_is(string argument, string key) =>
        ProjectIdResolver.Candidates(argument, "main").Should().Equal(new KeyCandidate(key, CandidateRule.SessionKey));

    [Theory]
    [InlineData("global", "global")]
    [InlineData("Unknown", "unknown")]
    public void Sentinels_stay_unscoped(string argument, string key) =>
        ProjectIdResolver.Candidates(argument, "work").Should().Equal(new KeyCandidate(key, CandidateRule.UnscopedSentinel));

    [Theory]
    [InlineData("main")]
    [InlineData("MAIN")]
    public void Bare_main_is_the_main_session_alias_with_no_legacy_fallback(string argument)
    {
        var candidates = ProjectIdResolver.Candidates(argument, "work");

        candidates.Should().Equal(new KeyCandidate("agent:work:main", CandidateRule.MainAlias));
        MainSessionKeys.IsProtected(candidates[0].Key, "work").Should().BeTrue("a close must refuse it later");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\nb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001Bb")]
    [InlineData("a\u2028b")]
    [InlineData("agent:main:x\ry")]
    [InlineData(":x")]
    public void Rejects_arguments_that_cannot_name_a_key(string argument)
    {
        var act = () => ProjectIdResolver.Candidates(argument, "main");

        act.Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.Usage);
    }

    [Fact]
    public void Resolve_prefers_the_plain_key()
    {
        string[] store = ["agent:main:webshop", "agent:main:project-webshop"];

        ProjectIdResolver.Resolve("webshop", "main", store.Contains).Should().Be("agent:main:webshop");
    }

    [Fact]
    public void Resolve_falls_back_to_the_legacy_key_and_says_so()
    {
        string[] store = ["agent:main:project-webshop"];

        ProjectIdResolver.ResolveMatch("WebShop", "main", store.Contains)
            .Should().Be(new KeyCandidate("agent:main:project-webshop", CandidateRule.LegacyProjectId));
    }

    [Fact]
    public void Resolve_returns_null_when_nothing_exists() =>
        ProjectIdResolver.Resolve("webshop", "main", _ => false).Should().BeNull();
}
