using AwesomeAssertions;
using SessionCloser.Errors;

namespace SessionCloser.Tests;

public class SmokeTests
{
    [Fact]
    public void Exit_codes_are_stable()
    {
        ((int)ExitCode.NotFound).Should().Be(3);
    }
}
