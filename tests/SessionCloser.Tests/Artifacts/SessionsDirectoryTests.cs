using AwesomeAssertions;
using SessionCloser.Artifacts;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Artifacts;

public sealed class SessionsDirectoryTests : IDisposable
{
    private readonly TempSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Theory]
    [InlineData("a.jsonl")]
    [InlineData("..notes.jsonl")]
    [InlineData("sub/a.jsonl")]
    [InlineData("./a.jsonl")]
    public void Names_inside_the_directory_resolve(string candidate)
    {
        var directory = new SessionsDirectory(_box.Dir("agents", "a", "sessions"));

        directory.Resolve(candidate).FullPath.Should().Be(Path.GetFullPath(Path.Join(directory.RealPath, candidate)));
    }

    [Theory]
    [InlineData("../x.jsonl")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("sub/../../x.jsonl")]
    public void Names_leaving_the_directory_or_naming_it_are_refused(string candidate)
    {
        var directory = new SessionsDirectory(_box.Dir("agents", "a", "sessions"));

        directory.Resolve(candidate).IsInside.Should().BeFalse();
    }

    [Fact]
    public void A_sibling_directory_whose_name_starts_the_same_is_outside()
    {
        var directory = new SessionsDirectory(_box.Dir("agents", "a", "sessions"));

        directory.Resolve(Path.Join(_box.Dir("agents", "a", "sessions-old"), "x.jsonl")).Problem.Should().Contain("outside the sessions directory");
    }
}
