using System.Text;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd;

public sealed class BigBatchTests : IDisposable
{
    private readonly TempState _state = TempState.Generate(20_000, ["project-lead"], transcripts: false);

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task A_batch_of_1000_keys_on_a_20000_entry_store_writes_the_store_once()
    {
        var store = _state.State.Agent("project-lead").StorePath;
        var targets = _state.State.Sessions.Where(s => s.Family != SessionKeyFamily.Main).Take(1000).ToList();
        var before = File.ReadAllText(store, Encoding.UTF8);

        var result = await Repo.RunAsync("close-project-batch", ["--state-dir", _state.StateDir, .. targets.Select(t => t.Key)]);

        result.ExitCode.Should().Be(0, Repo.Describe(result).Split('\n').Take(20).Aggregate((a, b) => a + "\n" + b));
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(1000).And.OnlyContain(l => l.StartsWith("CLOSED ", StringComparison.Ordinal));
        Directory.GetFiles(Path.GetDirectoryName(store)!, "sessions.json.bak-*").Should().ContainSingle("one pass: one backup, one rewrite");
        File.ReadAllText(store, Encoding.UTF8).Should().Be(NodeJsonOracle.StringifyWithout(before, [.. targets.Select(t => t.Key)]));
    }
}
