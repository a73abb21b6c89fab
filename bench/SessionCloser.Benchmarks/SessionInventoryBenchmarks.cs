using BenchmarkDotNet.Attributes;
using SessionCloser.Keys;
using SessionCloser.Listing;
using SessionCloser.Store;

namespace SessionCloser.Benchmarks;

/// <summary>
/// What <c>session-closer list</c> does for one agent, minus printing: <see cref="SessionInventory.Rows"/> locates each
/// entry's transcript, stats it and looks for its lock file, then sorts newest first.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class SessionInventoryBenchmarks
{
    private static readonly Func<string, bool> IsProtected = key => MainSessionKeys.IsProtected(key, BenchState.AgentId);
    private BenchState _state = null!;
    private SessionStoreSnapshot _snapshot = null!;
    private DateTimeOffset _now;

    [Params("2k", "20k")]
    public string Store { get; set; } = "2k";

    [GlobalSetup]
    public void Setup()
    {
        _state = BenchState.Named(Store);
        _state.EnsureCleanWork();
        _snapshot = StoreReader.ReadFile(_state.WorkStorePath);
        _now = new ShiftedClock(new Fixtures.StoreGeneratorOptions().Now).GetUtcNow();
    }

    [Benchmark(Description = "SessionInventory.Rows")]
    public int Rows() => SessionInventory.Rows(BenchState.AgentId, _snapshot, IsProtected, _now).Count;

    [Benchmark(Description = "ReadFile + Rows (list)")]
    public int ReadAndRows() => SessionInventory.Rows(BenchState.AgentId, StoreReader.ReadFile(_state.WorkStorePath), IsProtected, _now).Count;
}
