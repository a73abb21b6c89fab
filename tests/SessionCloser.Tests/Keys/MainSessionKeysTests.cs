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

    [Theory]
    [InlineData("work", "main")]
    [InlineData("work", "Home")]
    [InlineData("My Bot", " Home ")]
    [InlineData("main", "main")]
    public void The_per_agent_predicate_protects_exactly_the_same_keys(string agentId, string mainKey)
    {
        string[] keys =
        [
            "agent:work:main", "AGENT:WORK:MAIN", " agent:work:main ", "main", "Main", "home", "agent:main:main", "agent:main:home",
            "global", "UNKNOWN", "agent:Work:main", "agent:work:home", "agent:my-bot:main", "agent:My Bot:home", "agent:other:main",
            "agent:work:discord:channel:1", "agent:work:main:thread:1", "agent:work:project-main", "agent:work:mainx", "",
        ];
        var random = new Random(7);
        var isProtected = MainSessionKeys.ProtectedKeysOf(agentId, mainKey);

        foreach (var key in keys.Concat(Enumerable.Range(0, 200).Select(_ => KeySamples.Build(random))))
        {
            isProtected(key).Should().Be(MainSessionKeys.IsProtected(key, agentId, mainKey), key);
        }
    }

    [Fact]
    public void Agent_ids_that_normalize_alike_are_one_agent() =>
        MainSessionKeys.IsProtected("agent:My Bot:main", "my-bot").Should().BeTrue();

    [Fact]
    public void Lists_every_alias_once() =>
        MainSessionKeys.Aliases("work", "home").Should().Equal(
            "agent:work:home", "agent:work:main", "main", "home", "agent:main:home", "agent:main:main");
}
