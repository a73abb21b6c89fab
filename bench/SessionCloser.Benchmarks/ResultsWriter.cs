using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace SessionCloser.Benchmarks;

/// <summary>
/// Turns BenchmarkDotNet's summaries into the Markdown tables of <c>bench/RESULTS.md</c>, with the numbers the raw
/// tables do not show: parse throughput in MB/s, milliseconds per closed session, microseconds per listed row.
/// </summary>
internal static class ResultsWriter
{
    private const double Megabyte = 1_000_000;

    public static void Write(IEnumerable<Summary> summaries, string path)
    {
        var text = new StringBuilder();
        foreach (var summary in summaries)
        {
            var type = summary.BenchmarksCases.FirstOrDefault()?.Descriptor.Type.Name ?? summary.Title;
            text.Append(CultureInfo.InvariantCulture, $"### {type}\n\n");
            var (derivedHeader, derive) = Derived(type);
            text.Append(CultureInfo.InvariantCulture, $"| Benchmark | Parameters | Mean | Error (99.9 % CI half-width) | StdDev | Allocated / op | {derivedHeader} |\n");
            text.Append("|---|---|---:|---:|---:|---:|---|\n");
            foreach (var report in summary.Reports)
            {
                var parameters = report.BenchmarkCase.Parameters;
                var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
                var args = string.Join(", ", parameters.Items.Select(p => $"{p.Name}={p.Value}"));
                var stats = report.ResultStatistics;
                if (stats is null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"| {name} | {args} | failed | | | | |\n");
                    continue;
                }

                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                var values = parameters.Items.ToDictionary(p => p.Name, p => p.Value?.ToString() ?? "");
                text.Append(CultureInfo.InvariantCulture, $"| {name} | {args} | {Time(stats.Mean)} | ±{Time(stats.ConfidenceInterval.Margin)} | {Time(stats.StandardDeviation)} | {Bytes(allocated)} | {derive(name, values, stats.Mean)} |\n");
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static (string Header, Func<string, Dictionary<string, string>, double, string> Derive) Derived(string type) => type switch
    {
        nameof(StoreReaderBenchmarks) => ("Store size → throughput", (_, p, mean) => Throughput(p["Store"], mean)),
        nameof(StoreWriterBenchmarks) => ("Store size → throughput", (_, p, mean) => Throughput(p["Store"], mean)),
        nameof(FileCloserBenchmarks) => ("Outcome → per closed session", (_, p, mean) => PerClosed(p["Scenario"], mean)),
        nameof(SessionInventoryBenchmarks) => ("Per row", (_, p, mean) => PerRow(p["Store"], mean)),
        _ => ("", (_, _, _) => ""),
    };

    private static string Throughput(string store, double meanNs)
    {
        var bytes = BenchState.Named(store).StoreBytes();
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / Megabyte:F1} MB → {bytes / Megabyte / (meanNs / 1e9):F0} MB/s");
    }

    private static string PerClosed(string scenario, double meanNs)
    {
        if (ScenarioOutcome.Read(scenario) is not { } outcome)
        {
            return "(outcome not recorded)";
        }

        var what = string.Create(CultureInfo.InvariantCulture, $"closed {outcome.Closed}, skipped {outcome.Skipped}, kept {outcome.Kept}, not found {outcome.NotFound}; {outcome.ArchivedFiles} files archived");
        return outcome.Closed == 0 ? what : string.Create(CultureInfo.InvariantCulture, $"{what} → {meanNs / 1e6 / outcome.Closed:F3} ms/session");
    }

    private static string PerRow(string store, double meanNs) =>
        string.Create(CultureInfo.InvariantCulture, $"{meanNs / 1e3 / BenchState.Named(store).Sessions:F2} µs/row");

    private static string Time(double ns) => ns switch
    {
        >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:F3} s"),
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F2} ms"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F2} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:F1} ns"),
    };

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "?",
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Megabyte:F2} MB"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:F1} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
