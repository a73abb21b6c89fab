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

    [Theory]
    [InlineData("/a.jsonl", true)]
    [InlineData("/..notes.jsonl", true)]
    [InlineData("/sub/a.jsonl", true)]
    [InlineData("/", false)]
    [InlineData("", false)]
    [InlineData("/.", false)]
    [InlineData("/..", false)]
    [InlineData("x/a.jsonl", false)]
    [InlineData("/../sessions/a.jsonl", true)]
    public void Absolute_paths_are_inside_only_strictly_below_the_real_directory(string afterDirectory, bool inside)
    {
        var directory = new SessionsDirectory(_box.Dir("agents", "a", "sessions"));
        var candidate = directory.RealPath + afterDirectory;

        var resolved = directory.Resolve(candidate);

        resolved.IsInside.Should().Be(inside, candidate);
        if (inside)
        {
            resolved.FullPath.Should().Be(Path.GetFullPath(candidate));
        }
    }

    [Fact]
    public void A_sibling_directory_whose_name_starts_the_same_is_outside()
    {
        var directory = new SessionsDirectory(_box.Dir("agents", "a", "sessions"));

        directory.Resolve(Path.Join(_box.Dir("agents", "a", "sessions-old"), "x.jsonl")).Problem.Should().Contain("outside the sessions directory");
    }
}
