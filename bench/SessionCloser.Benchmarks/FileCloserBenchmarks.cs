using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SessionCloser.Closing;
using SessionCloser.Fixtures;
using SessionCloser.Keys;
using SessionCloser.Store;

namespace SessionCloser.Benchmarks;

/// <summary>
/// <see cref="FileCloser.Close"/> end to end on a real state dir: store lock, journal, read, decide (directory
/// scan, artifact plans), backup, atomic rewrite with read-back, archive renames, backup pruning. Every iteration
/// runs on a fresh copy of the generated state; the copy is made in IterationSetup, outside the measurement.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class FileCloserBenchmarks
{
    private FileCloser _closer = null!;
    private BenchState _state = null!;
    private CloseRequest _request = null!;
    private CloseReport? _last;

    /// <summary>What to close, and on which store.</summary>
    [Params("close 1 @2k", "close 1 @20k", "close 1000 @20k", "keep-only 10 @2k")]
    public string Scenario { get; set; } = "close 1 @2k";

    [GlobalSetup]
    public void Setup()
    {
        var (mode, count, state) = Parse(Scenario);
        _state = BenchState.Named(state);
        _state.EnsureGenerated();
        _closer = new FileCloser(new ShiftedClock(new StoreGeneratorOptions().Now));
        _request = new CloseRequest
        {
            StorePath = _state.WorkStorePath,
            AgentId = BenchState.AgentId,
            Mode = mode,
            Arguments = PickKeys(_state, count),
        };
    }

    [IterationSetup]
    public void FreshState() => _state.RestoreWorkForChange();

    [Benchmark(Description = "FileCloser.Close")]
    public CloseReport Close() => _last = _closer.Close(_request);

    [IterationCleanup]
    public void RecordOutcome()
    {
        if (_last is { } report)
        {
            ScenarioOutcome.Write(Scenario, report);
        }
    }

    /// <summary>The scenario's keys: spread evenly over the agent's closable sessions, always the same ones.</summary>
    public static IReadOnlyList<string> PickKeys(BenchState state, int count)
    {
        ArgumentNullException.ThrowIfNull(state);
        return PickKeys(StoreReader.ReadFile(state.PristineStorePath), count);
    }

    /// <inheritdoc cref="PickKeys(BenchState, int)"/>
    internal static IReadOnlyList<string> PickKeys(SessionStoreSnapshot store, int count)
    {
        ArgumentNullException.ThrowIfNull(store);
        var closable = store.Entries
            .Select(e => e.Key)
            .Where(k => !MainSessionKeys.IsProtected(k, BenchState.AgentId))
            .ToList();
        var step = Math.Max(1, closable.Count / count);
        return [.. Enumerable.Range(0, count).Select(i => closable[((i * step) + (step / 2)) % closable.Count])];
    }

    public static (CloseMode Mode, int Count, string State) Parse(string scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);

        // "close 1000 @20k", "keep-only 10 @2k"
        var parts = scenario.Split(' ');
        var mode = parts[0] == "keep-only" ? CloseMode.KeepOnly : CloseMode.Close;
        return (mode, int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2].TrimStart('@'));
    }
}
