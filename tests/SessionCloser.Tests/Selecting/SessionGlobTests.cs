using AwesomeAssertions;
using SessionCloser.Closing;

namespace SessionCloser.Tests.Selecting;

public sealed class SessionGlobTests
{
    [Theory]
    [InlineData("agent:*:cron:*:run:*", "agent:main:cron:nightly:run:r1", true)]
    [InlineData("agent:*:cron:*:run:*", "agent:main:cron:nightly", false)]
    [InlineData("agent:*:cron:*", "agent:main:cron:nightly:run:r1", true)] // * crosses colons
    [InlineData("agent:main:*", "agent:main:", true)]
    [InlineData("agent:main:?", "agent:main:x", true)]
    [InlineData("agent:main:?", "agent:main:xy", false)]
    [InlineData("agent:main:[ab]*", "agent:main:beta", true)]
    [InlineData("agent:main:[ab]*", "agent:main:gamma", false)]
    [InlineData("agent:main:[!ab]*", "agent:main:gamma", true)]
    [InlineData("agent:main:[^ab]*", "agent:main:alpha", false)]
    [InlineData("agent:main:p[0-9]", "agent:main:p7", true)]
    [InlineData("agent:main:p[0-9]", "agent:main:px", false)]
    [InlineData("agent:main:[]]", "agent:main:]", true)]
    [InlineData(@"agent:main:\*", "agent:main:*", true)]
    [InlineData(@"agent:main:\*", "agent:main:x", false)]
    [InlineData("Agent:*", "agent:main:x", false)] // case-sensitive on the stored key
    [InlineData("*", "", true)]
    [InlineData("agent:main:acme", "agent:main:acme", true)]
    [InlineData("agent:main:acme", "agent:main:acme2", false)] // the whole key
    public void Matches_the_whole_stored_key(string pattern, string key, bool expected)
    {
        var glob = SessionGlob.TryParse(pattern, out var problem);
        problem.Should().BeNull();
        glob!.IsMatch(key).Should().Be(expected);
    }

    [Theory]
    [InlineData("agent:[abc", "no closing ]")]
    [InlineData(@"agent:\", @"lone \")]
    [InlineData("", "empty")]
    public void Refuses_malformed_patterns_naming_the_problem(string pattern, string problem)
    {
        SessionGlob.TryParse(pattern, out var why).Should().BeNull();
        why.Should().Contain(problem);
    }
}
