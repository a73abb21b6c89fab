using BenchmarkDotNet.Attributes;
using SessionCloser.Artifacts;
using SessionCloser.Locking;
using SessionCloser.Store;

namespace SessionCloser.Benchmarks;

/// <summary>
/// The pieces FileCloser and list spend their time in, measured one by one on the 20,000-entry state, each next to
/// a cheaper way to get the same answer (marked "alternative"; those live here, not in the engine) so the
/// possible gain is a measured number, not a guess.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class EngineHotSpotBenchmarks
{
    private BenchState _state = null!;
    private SessionsDirectory _directory = null!;
    private SessionStoreSnapshot _snapshot = null!;
    private string _sessionFile = "";
    private string _missingLock = "";
    private string _bigStore = "";

    [GlobalSetup]
    public void Setup()
    {
        _state = BenchState.Named("20k");
        _state.EnsureCleanWork();
        _snapshot = StoreReader.ReadFile(_state.WorkStorePath);
        _directory = new SessionsDirectory(Path.GetDirectoryName(_state.WorkStorePath)!);
        var entry = _snapshot.Entries.First(e => e.Fields.SessionFile is { } f && Path.IsPathRooted(f) && File.Exists(f) && !File.Exists(f + ".lock"));
        _sessionFile = entry.Fields.SessionFile!;
        _missingLock = _sessionFile + ".lock";
        var big = BenchState.Named("100MB");
        big.EnsureGenerated();
        _bigStore = big.PristineStorePath;
    }

    /// <summary>Once per listed row and per closing transcript; almost every transcript has no lock.</summary>
    [Benchmark(Description = "LockFile.TryRead, no lock file (1 call)")]
    public object? TryReadMissingLock() => LockFile.TryRead(_missingLock);

    [Benchmark(Description = "alternative: File.Exists first (1 call)")]
    public object? ExistsThenTryRead() => File.Exists(_missingLock) ? LockFile.TryRead(_missingLock) : null;

    /// <summary>Once per remaining entry in References.Of and once per listed row.</summary>
    [Benchmark(Description = "SessionsDirectory.Resolve(sessionFile) (1 call)")]
    public object? Resolve() => _directory.Resolve(_sessionFile);

    [Benchmark(Description = "alternative: Resolve with the parent's realpath cached (1 call)")]
    public object? ResolveCachedParent() => CachedParentResolver.Resolve(_directory, _sessionFile);

    [Benchmark(Description = "References.Of(20,000 entries)")]
    public object? ReferencesOfAll() => References.Of(_snapshot.Entries, _directory);

    [Benchmark(Description = "DirectoryIndex.Scan (29,173 files)")]
    public object? ScanDirectory() => DirectoryIndex.Scan(_directory);

    [Benchmark(Description = "StoreReader.ReadFile (100MB store)")]
    public object? ReadFileBig() => StoreReader.ReadFile(_bigStore);

    [Benchmark(Description = "alternative: File.ReadAllBytes + Parse (100MB store)")]
    public object? ReadAllBytesThenParseBig() => StoreReader.Parse(File.ReadAllBytes(_bigStore), _bigStore);

    /// <summary>
    /// <see cref="SessionsDirectory.Resolve"/> with one change: the real path of the file's parent directory comes from
    /// a cache (all transcripts share one parent, and the engine resolves it again, component by component, per file).
    /// </summary>
    private static class CachedParentResolver
    {
        private static readonly Dictionary<string, string> RealParents = new(StringComparer.Ordinal);

        public static PathResolution Resolve(SessionsDirectory directory, string candidate)
        {
            var trimmed = candidate.Trim();
            var full = Path.GetFullPath(Path.IsPathRooted(trimmed) ? trimmed : Path.Combine(directory.RealPath, trimmed));
            var parent = Path.GetDirectoryName(full) ?? full;
            if (!RealParents.TryGetValue(parent, out var realParent))
            {
                RealParents[parent] = realParent = new SessionsDirectory(parent).RealPath;
            }

            var inParent = Path.Combine(realParent, Path.GetFileName(full));
            var relative = Path.GetRelativePath(directory.RealPath, inParent);
            if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                return PathResolution.Refused("outside");
            }

            return new FileInfo(inParent).LinkTarget is null ? PathResolution.Inside(inParent) : directory.Resolve(candidate);
        }
    }
}
