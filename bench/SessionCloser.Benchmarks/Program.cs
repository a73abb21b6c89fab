using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Running;
using SessionCloser.Benchmarks;
using SessionCloser.Store;

// Usage (bench/run.sh drives all of this):
//   SessionCloser.Benchmarks [BenchmarkDotNet args…] [--results-md FILE]   run benchmarks; FILE gets the Markdown tables
//   SessionCloser.Benchmarks generate [STATE…|micro]                        generate (or find cached) the named bench states
//   SessionCloser.Benchmarks pick-keys STATE DIR COUNT…                     DIR/keys-COUNT.txt: COUNT keys to close in STATE
//   SessionCloser.Benchmarks inflate STORE SHARE                            LargeEntryInflater on STORE (seed 1), in place
// bench/gateway.sh drives these, against a real OpenClaw gateway (one connection each):
//   SessionCloser.Benchmarks create-sessions URL TOKEN PREFIX COUNT        sessions.create PREFIX-001…; prints "key\tsessionId"
//   SessionCloser.Benchmarks list-keys URL TOKEN PREFIX                    prints the listed keys (active + archived) with PREFIX
//   SessionCloser.Benchmarks delete-sessions URL TOKEN KEY…                the raw client loop: sessions.delete each KEY, timed
if (args is ["generate", .. var names])
{
    // No names: the whole-process states of bench/run.sh; "micro" adds the micro-benchmarks' states.
    var states = names.Length == 0 ? BenchState.All.Where(s => !s.Micro)
        : names is ["micro"] ? BenchState.All.Where(s => s.Micro)
        : names.Select(BenchState.Named);
    // Two at a time, each state's summary and keys right after it (one read of its store): a cold state is mostly file
    // creation and the copy to pristine (I/O and system time on one core each), so on 2 cores two generations take
    // about the time of the longer one. The generated states first, the largest first; then those made from another's
    // files (the -large ones, StateRelocation), the smallest first: the largest waits for its base. Each state has its
    // own directory and lock (one made from another takes that one's too); the generator shares no mutable state.
    var list = states.ToList();
    var derived = (BenchState s) => s.ReportShare > 0;
    Parallel.ForEach(
        Partitioner.Create(list.OrderBy(derived).ThenBy(s => derived(s) ? s.Sessions : -s.Sessions), EnumerablePartitionerOptions.NoBuffering),
        new ParallelOptions { MaxDegreeOfParallelism = 2 },
        state =>
        {
            state.EnsureGenerated();
            state.EnsureSummary();
        });
    foreach (var state in list)
    {
        Console.WriteLine(state.EnsureSummary());
    }

    return 0;
}

if (args is ["pick-keys", var pickState, var pickDir, .. var counts])
{
    // bench/run.sh: DIR/keys-COUNT.txt per COUNT, the same keys every time (spread over the closable sessions).
    var state = BenchState.Named(pickState);
    state.EnsureGenerated();
    foreach (var countText in counts)
    {
        var count = int.Parse(countText, CultureInfo.InvariantCulture);
        var picked = Path.Combine(pickDir, $"keys-{count}.txt");
        if (BenchState.PickedCounts.Contains(count))
        {
            state.EnsureSummary();
            File.Copy(state.KeysPath(count), picked, overwrite: true);
        }
        else
        {
            File.WriteAllLines(picked, FileCloserBenchmarks.PickKeys(state, count));
        }
    }

    return 0;
}

if (args is ["inflate", var inflatePath, var share])
{
    LargeEntryInflater.Inflate(inflatePath, seed: 1, double.Parse(share, CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["create-sessions", var createUrl, var createToken, var prefix, var howMany])
{
    return await GatewayBench.CreateSessionsAsync(createUrl, createToken, prefix, int.Parse(howMany, CultureInfo.InvariantCulture));
}

if (args is ["list-keys", var listUrl, var listToken, var keyPrefix])
{
    return await GatewayBench.ListKeysAsync(listUrl, listToken, keyPrefix);
}

if (args is ["delete-sessions", var deleteUrl, var deleteToken, .. var keys])
{
    return await GatewayBench.DeleteSessionsAsync(deleteUrl, deleteToken, keys);
}

var resultsAt = Array.IndexOf(args, "--results-md");
var resultsPath = resultsAt >= 0 && resultsAt + 1 < args.Length ? args[resultsAt + 1] : null;
var benchmarkArgs = resultsAt >= 0 ? [.. args[..resultsAt], .. args[Math.Min(resultsAt + 2, args.Length)..]] : args;
var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchState).Assembly).Run(benchmarkArgs).ToList();
if (resultsPath is not null)
{
    ResultsWriter.Write(summaries, resultsPath);
}

return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
