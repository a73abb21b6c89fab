using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Fixtures;

public class UriComponentTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("général/üx", "g%C3%A9n%C3%A9ral%2F%C3%BCx")]
    [InlineData("a b+c", "a%20b%2Bc")]
    [InlineData("-_.!~*'()", "-_.!~*'()")]
    [InlineData("🧵", "%F0%9F%A7%B5")]
    public void Encodes_like_encodeURIComponent(string input, string expected)
    {
        UriComponent.Encode(input).Should().Be(expected);
    }
}
