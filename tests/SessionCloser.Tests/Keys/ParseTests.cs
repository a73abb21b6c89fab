using AwesomeAssertions;
using SessionCloser.Keys;

namespace SessionCloser.Tests.Keys;

public class ParseTests
{
    [Theory]
    [InlineData("agent:main:main", "main", "main")]
    [InlineData("AGENT:Work:Discord:Channel:1", "work", "discord:channel:1")]
    [InlineData("agent:main:signal:group:AbC", "main", "signal:group:AbC")]
    [InlineData("agent: ops :x", "ops", "x")]
    [InlineData("agent:My Bot:x", "my bot", "x")]
    [InlineData("agent:main:discord::x", "main", "discord::x")] // era B keeps empty segments in the rest
    [InlineData("agent:a:agent:b:c", "a", "agent:b:c")]
    public void Parses_agent_keys(string key, string agentId, string rest) =>
        SessionKeys.Parse(key).Should().Be(new ParsedSessionKey(agentId, rest));

    [Theory]
    [InlineData("global")]
    [InlineData("unknown")]
    [InlineData("main")]
    [InlineData("hook:123")]
    [InlineData("agent:main")]
    [InlineData("agent::main:x")]
    [InlineData("agent:main::x")]
    [InlineData("agents:main:x")]
    [InlineData("")]
    public void Rejects_non_agent_keys(string key) => SessionKeys.Parse(key).Should().BeNull();

    [Theory]
    [InlineData("agent::main:x", "main", "x")] // era A dropped empty segments before counting
    [InlineData("agent:main::x", "main", "x")]
    [InlineData("agent:main:signal:group:AbC", "main", "signal:group:abc")]
    public void Era_A_parse_drops_empty_segments(string key, string agentId, string rest) =>
        SessionKeys.Parse(key, KeyCaseRules.FullLowercase).Should().Be(new ParsedSessionKey(agentId, rest));

    [Theory]
    [InlineData("agent:My Bot:x", "my-bot")]
    [InlineData("agent:main:x", "main")]
    [InlineData("agent:!!!:x", "main")]
    public void Owner_agent_is_the_normalized_agent_id(string key, string owner) =>
        SessionKeys.Parse(key)!.OwnerAgentId.Should().Be(owner);
}
