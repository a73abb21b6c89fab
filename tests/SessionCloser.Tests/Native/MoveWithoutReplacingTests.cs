using AwesomeAssertions;
using SessionCloser.FileSystem;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Native;

/// <summary>
/// The no-clobber rename archives, journal recovery and the device key rely on: never replaces an existing target,
/// even with many movers racing (.NET's <c>File.Move(overwrite: false)</c> let two of them win).
/// </summary>
public sealed class MoveWithoutReplacingTests : IDisposable
{
    private readonly TempSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void An_existing_target_is_never_replaced()
    {
        var from = _sandbox.File("a.jsonl", "new");
        var to = _sandbox.File("a.jsonl.deleted.2026-11-24T00-00-00.000Z", "old archive");

        Libc.TryMoveWithoutReplacing(from, to).Should().BeFalse();

        File.ReadAllText(to).Should().Be("old archive");
        File.ReadAllText(from).Should().Be("new");
    }

    [Fact]
    public void A_free_target_receives_the_file_and_the_source_is_gone()
    {
        var from = _sandbox.File("b.jsonl", "content");
        var to = Path.Join(_sandbox.Root, "b.jsonl.deleted.2026-11-24T00-00-00.000Z");

        Libc.TryMoveWithoutReplacing(from, to).Should().BeTrue();

        File.ReadAllText(to).Should().Be("content");
        File.Exists(from).Should().BeFalse();
    }

    [Fact]
    public void A_missing_source_is_an_io_error_naming_it()
    {
        var act = () => Libc.TryMoveWithoutReplacing(Path.Join(_sandbox.Root, "gone"), Path.Join(_sandbox.Root, "target"));

        act.Should().Throw<IOException>().WithMessage("*gone*");
    }

    [Fact]
    public void Of_many_racing_movers_exactly_one_wins_and_its_content_stays() =>
        ExactlyOneOfManyRacingMoversWins("race", Libc.TryMoveWithoutReplacing);

    [Fact]
    public void The_link_path_macos_takes_never_replaces_either()
    {
        var errno = Errno.Current!;
        var from = _sandbox.File("c.jsonl", "new");
        var to = _sandbox.File("c.jsonl.deleted.2026-11-24T00-00-00.000Z", "old archive");
        var free = Path.Join(_sandbox.Root, "d.jsonl.deleted.2026-11-24T00-00-00.000Z");

        Libc.MoveByLink(from, to, errno).Should().BeFalse();
        File.ReadAllText(to).Should().Be("old archive");

        Libc.MoveByLink(from, free, errno).Should().BeTrue();
        File.ReadAllText(free).Should().Be("new");
        File.Exists(from).Should().BeFalse();

        var missing = () => Libc.MoveByLink(Path.Join(_sandbox.Root, "gone"), Path.Join(_sandbox.Root, "target"), errno);
        missing.Should().Throw<IOException>().WithMessage("link *gone*");
    }

    [Fact]
    public void Of_many_racing_movers_on_the_link_path_exactly_one_wins() =>
        ExactlyOneOfManyRacingMoversWins("link-race", (from, to) => Libc.MoveByLink(from, to, Errno.Current!));

    private void ExactlyOneOfManyRacingMoversWins(string name, Func<string, string, bool> move)
    {
        for (var round = 0; round < 20; round++)
        {
            var target = Path.Join(_sandbox.Root, $"{name}-{round}");
            var sources = Enumerable.Range(0, 8).Select(i => _sandbox.File($"{name}-src-{round}-{i}", $"mover {i}")).ToArray();
            var won = new bool[sources.Length];

            Parallel.For(0, sources.Length, i => won[i] = move(sources[i], target));

            won.Count(w => w).Should().Be(1, $"round {round}");
            File.ReadAllText(target).Should().Be($"mover {Array.IndexOf(won, true)}");
            sources.Where((_, i) => !won[i]).Should().OnlyContain(s => File.Exists(s), "a loser keeps its file");
        }
    }
}
