using AwesomeAssertions;
using SessionCloser.Keys;

namespace SessionCloser.Tests.Keys;

public class MainSessionKeysTests
{
    [Theory]
    [InlineData("main", null, null, "agent:main:main")]
    [InlineData("Work", null, null, "agent:work:main")]
    [InlineData("My Bot", " Home ", null, "agent:my-bot:home")]
    [InlineData("work", "  ", null, "agent:work:main")]
    [InlineData("work", null, "global", "global")]
    [InlineData("work", null, "Global", "agent:work:main")] // OpenClaw compares the scope exactly
    public void Builds_the_main_key(string agentId, string? mainKey, string? scope, string expected) =>
        MainSessionKeys.For(agentId, mainKey, scope).Should().Be(expected);

    [Theory]
    [InlineData("agent:work:main")]
    [InlineData("AGENT:WORK:MAIN")]
    [InlineData(" agent:work:main ")]
    [InlineData("main")]
    [InlineData("Main")]
    [InlineData("agent:main:main")] // legacy default-agent spelling, aliased for every agent
    [InlineData("global")]
    [InlineData("UNKNOWN")]
    [InlineData("agent:Work:main")]
    public void Protects_the_main_session_and_sentinels(string key) =>
        MainSessionKeys.IsProtected(key, "work").Should().BeTrue();

    [Theory]
    [InlineData("agent:work:home")]
    [InlineData("home")]
    [InlineData("agent:main:home")]
    [InlineData("agent:work:main")]
    [InlineData("agent:main:main")]
    public void Protects_a_configured_main_key_and_main_alongside(string key) =>
        MainSessionKeys.IsProtected(key, "work", mainKey: "Home").Should().BeTrue();

    [Theory]
    [InlineData("agent:work:discord:channel:1")]
    [InlineData("agent:work:main:thread:1")]
    [InlineData("agent:other:main")]
    [InlineData("agent:work:project-main")]
    [InlineData("agent:work:mainx")]
    [InlineData("agent:main:home")] // only an alias when "home" is the configured main key
    public void Does_not_protect_ordinary_sessions(string key) =>
        MainSessionKeys.IsProtected(key, "work").Should().BeFalse();

    [Fact]
    public void Protects_the_same_keys_with_global_scope()
    {
        MainSessionKeys.IsProtected("agent:work:main", "work", scope: "global").Should().BeTrue();
        MainSessionKeys.IsProtected("agent:work:x", "work", scope: "global").Should().BeFalse();
    }

    [Fact]
    public void Agent_ids_that_normalize_alike_are_one_agent() =>
        MainSessionKeys.IsProtected("agent:My Bot:main", "my-bot").Should().BeTrue();

    [Fact]
    public void Lists_every_alias_once() =>
        MainSessionKeys.Aliases("work", "home").Should().Equal(
            "agent:work:home", "agent:work:main", "main", "home", "agent:main:home", "agent:main:main");
}
