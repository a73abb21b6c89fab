using System.Globalization;
using SessionCloser.Closing;

namespace SessionCloser.Benchmarks;

/// <summary>
/// What a measured close did (sessions closed, skipped, …), saved next to the cached states so the results can
/// give the cost per closed session of the very runs that were timed.
/// </summary>
public sealed record ScenarioOutcome(int Closed, int Skipped, int NotFound, int Kept, int ArchivedFiles)
{
    private static string FileFor(string scenario) =>
        Path.Combine(BenchState.CacheRoot, "outcomes", string.Concat(scenario.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')) + ".txt");

    public static void Write(string scenario, CloseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var outcome = new ScenarioOutcome(
            report.Count(OutcomeStatus.Closed),
            report.Count(OutcomeStatus.Skipped),
            report.Count(OutcomeStatus.NotFound),
            report.Count(OutcomeStatus.Kept),
            report.Outcomes.Sum(o => o.Files.Count));
        var path = FileFor(scenario);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join(' ', new[] { outcome.Closed, outcome.Skipped, outcome.NotFound, outcome.Kept, outcome.ArchivedFiles }.Select(n => n.ToString(CultureInfo.InvariantCulture))));
    }

    public static ScenarioOutcome? Read(string scenario)
    {
        var path = FileFor(scenario);
        if (!File.Exists(path))
        {
            return null;
        }

        var n = File.ReadAllText(path).Split(' ').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return new ScenarioOutcome(n[0], n[1], n[2], n[3], n[4]);
    }
}
