using BenchmarkDotNet.Attributes;
using SessionCloser.Store;

namespace SessionCloser.Benchmarks;

/// <summary><see cref="StoreWriter.Compose"/>: the new store without <see cref="Drop"/> entries, copied span by span.</summary>
[MemoryDiagnoser]
[ShortJob]
public class StoreWriterBenchmarks
{
    private SessionStoreSnapshot _snapshot = null!;
    private List<StoreEntry> _kept = [];

    [Params("2k", "20k", "100MB")]
    public string Store { get; set; } = "2k";

    [Params(1, 1_000)]
    public int Drop { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var state = BenchState.Named(Store);
        state.EnsureGenerated();
        _snapshot = StoreReader.ReadFile(state.PristineStorePath);

        // Drop entries spread over the file, as a batch of unrelated projects would be.
        var entries = _snapshot.Entries;
        var step = Math.Max(1, entries.Count / Drop);
        var dropped = Enumerable.Range(0, Drop).Select(i => (i * step) + (step / 2)).ToHashSet();
        _kept = [.. entries.Where((_, i) => !dropped.Contains(i))];
    }

    [Benchmark(Description = "Compose")]
    public byte[] Compose() => StoreWriter.Compose(_snapshot, _kept);
}
