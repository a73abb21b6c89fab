using System.Diagnostics;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Fixtures;

/// <summary>Runs alone, so the node parity tests do not compete for the CPU while it measures.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class RunsAlone;

[Collection(typeof(RunsAlone))]
public sealed class StoreGeneratorPerformanceTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Two_thousand_sessions_generate_quickly()
    {
        StoreGenerator.Generate(_temp.Sub("warmup"), new StoreGeneratorOptions { SessionCount = 100 });
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();

        var state = StoreGenerator.Generate(_temp.Sub("big"), new StoreGeneratorOptions { SessionCount = 2_000 });

        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        TestContext.Current.SendDiagnosticMessage($"2,000 sessions, {state.AllFiles.Count()} files: {stopwatch.ElapsedMilliseconds} ms wall, {cpu.TotalMilliseconds:F0} ms CPU");
        state.Sessions.Should().HaveCount(2_000);

        // About 2 s on a loaded 2-core box, mostly file I/O. CPU time is the bound: wall time on shared machines is noise.
        cpu.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }
}
