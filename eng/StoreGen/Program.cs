using System.Diagnostics;
using System.Globalization;
using SessionCloser.Fixtures;
using StoreGen;

// Usage: dotnet run --project eng/StoreGen -- --state-dir D --sessions 2000 [--agents a,b] [--seed N] [--no-transcripts] [--force]
try
{
    var arguments = StoreGenArguments.Parse(args);
    StateDirGuard.Check(arguments.StateDir, arguments.Force);

    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var stopwatch = Stopwatch.StartNew();
    var state = StoreGenerator.Generate(arguments.StateDir, arguments.Options);
    stopwatch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"Generated {state.Sessions.Count} sessions for {state.Agents.Count} agents ({state.AllFiles.Count()} files) in {state.StateDir} in {stopwatch.ElapsedMilliseconds} ms ({cpu.TotalMilliseconds:F0} ms CPU)."));
    return 0;
}
catch (StoreGenUsageException e)
{
    Console.Error.WriteLine($"storegen: {e.Message}");
    Console.Error.WriteLine(StoreGenArguments.Usage);
    return 2;
}
