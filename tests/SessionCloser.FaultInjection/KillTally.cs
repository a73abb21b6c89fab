using System.Collections.Concurrent;

namespace SessionCloser.FaultInjection;

/// <summary>
/// Counts the kills and signals every test made, by kind, and prints one line when the run ends:
/// <c>fault injection: N SIGKILLs (...), M signals (...)</c>. The tests also print their own counts as they finish.
/// </summary>
public sealed class KillTally : IDisposable
{
    private static readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    /// <summary>Records one kill (a process that really died of it) or signal, under <paramref name="kind"/>.</summary>
    public static void Add(string kind, int count = 1) => Counts.AddOrUpdate(kind, count, (_, n) => n + count);

    public static int Total(string prefix) => Counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value);

    public static string Summary()
    {
        string Part(string prefix) => string.Join(", ", Counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key[prefix.Length..]} {c.Value}"));
        return $"fault injection: {Total("kill:")} SIGKILLs ({Part("kill:")}); {Total("signal:")} signals ({Part("signal:")})";
    }

    public void Dispose() => Console.WriteLine(Summary());
}
