using System.Diagnostics;
using System.Globalization;
using SessionCloser.Fixtures;
using SessionCloser.Store;

namespace SessionCloser.Benchmarks;

/// <summary>
/// A generated OpenClaw state dir the benchmarks run against, cached under the temp dir (never in the repo).
/// Generation is deterministic (fixed seed), so a cached state is the same bytes as a fresh one.
/// <para>
/// The store holds absolute <c>sessionFile</c> paths, so a state only works where it was generated. Each state
/// therefore has a fixed <see cref="WorkStateDir"/> it is generated in and runs in, and a pristine copy of it next
/// door; <see cref="RestoreWorkForChange"/> and <see cref="EnsureCleanWork"/> put the pristine copy back.
/// </para>
/// </summary>
public sealed record BenchState(string Name, int Sessions, double ReportShare, bool Micro = false)
{
    public const string AgentId = "project-lead";

    /// <summary>Bump when the generator or <see cref="LargeEntryInflater"/> changes, so stale caches are not reused.</summary>
    private const string CacheVersion = "v2";

    public static readonly IReadOnlyList<BenchState> All =
    [
        // bench/run.sh's whole-process scenarios (issue 13): OpenClaw's generated small entries (~370 bytes, ~37 MB
        // at 100,000) and its realistic shape, 1-5 KB entries with the systemPromptReport every run stores (~250 MB).
        // ReportShare: the share of entries that get a systemPromptReport (~4.5 KB); 0.3 gives 0.6-6 KB entries, 2.7 KB
        // on average, ~270 MB at 100,000 entries (issue 13: "1-5 KB entries, ~250 MB").
        new("10k", 10_000, ReportShare: 0),
        new("10k-large", 10_000, ReportShare: 0.3),
        new("100k", 100_000, ReportShare: 0),
        new("100k-large", 100_000, ReportShare: 0.3),

        // The BenchmarkDotNet micro-benchmarks' states (bench/run.sh --micro).
        new("2k", 2_000, ReportShare: 0, Micro: true),
        new("20k", 20_000, ReportShare: 0, Micro: true),

        // 20,000 entries with the systemPromptReport OpenClaw stores after each run: ~5 KB an entry, ~100 MB.
        new("100MB", 20_000, ReportShare: 0.8, Micro: true),
    ];

    /// <summary>
    /// Every session is at most this old (uniform), as on an install whose maintenance prunes after 30-90 days; the
    /// year-long tail of the generator's default would make a close also prune most of the store.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(90);

    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("SC_BENCH_CACHE") is { Length: > 0 } root ? root : Path.Combine(Path.GetTempPath(), "session-closer-bench");

    private string Home => Path.Combine(CacheRoot, $"{CacheVersion}-{Name}");

    private string PristineDir => Path.Combine(Home, "pristine");

    /// <summary>Present while the work dir is an untouched copy; removed before anything changes it.</summary>
    private string CleanMarker => Path.Combine(Home, "work.clean");

    /// <summary>The state dir the store's absolute paths point into; closing benchmarks change it.</summary>
    public string WorkStateDir => Path.Combine(Home, "work");

    public string WorkStorePath => StorePathIn(WorkStateDir);

    /// <summary>The line <c>generate</c> prints for this state (entries, bytes, layout), kept beside the pristine copy.</summary>
    public string SummaryPath => Path.Combine(Home, "pristine.summary");

    /// <summary>The store as generated; read-only benchmarks read it from here.</summary>
    public string PristineStorePath => StorePathIn(PristineDir);

    public static BenchState Named(string name) => All.Single(s => s.Name == name);

    public override string ToString() => Name;

    /// <summary>Generates the state unless a pristine copy is cached already.</summary>
    public void EnsureGenerated()
    {
        if (Directory.Exists(PristineDir))
        {
            return;
        }

        Directory.CreateDirectory(Home);
        using var guard = TakeLock();
        if (Directory.Exists(PristineDir))
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        DeleteIfExists(WorkStateDir);
        var temp = PristineDir + ".tmp";
        DeleteIfExists(temp);
        var from = "generated";
        var based = Base;
        based?.EnsureGenerated();
        if (based is not null && StateRelocation.TryLinkRelocated(based.PristineDir, based.WorkStateDir, temp, WorkStateDir))
        {
            // The same generation as the base state's, relocated: its files, not 145,000 new ones for 100,000 sessions.
            LargeEntryInflater.Inflate(StorePathIn(temp), seed: 1, ReportShare);
            CopyTree(temp, WorkStateDir);
            from = $"made from {based.Name}'s files";
        }
        else
        {
            StoreGenerator.Generate(WorkStateDir, GeneratorOptions);
            if (ReportShare > 0)
            {
                LargeEntryInflater.Inflate(WorkStorePath, seed: 1, ReportShare);
            }

            CopyTree(WorkStateDir, temp);
        }

        Directory.Move(temp, PristineDir);
        Console.Error.WriteLine($"// {from} bench state {Name} ({new FileInfo(PristineStorePath).Length:N0} bytes store) in {stopwatch.Elapsed.TotalSeconds:F1} s at {Home}");
    }

    /// <summary>
    /// The state generated with the same options but no reports, whose files this one shares (<see cref="StateRelocation"/>):
    /// <see cref="LargeEntryInflater"/> only adds to the store, so the rest of the tree is the same but for its paths.
    /// Same <see cref="GeneratorOptions"/>: those depend on <see cref="Sessions"/> and <see cref="Micro"/> alone.
    /// </summary>
    private BenchState? Base => ReportShare > 0 ? All.FirstOrDefault(s => s.ReportShare == 0 && s.Sessions == Sessions && s.Micro == Micro) : null;

    private StoreGeneratorOptions GeneratorOptions => new() { SessionCount = Sessions, AgentIds = [AgentId], Seed = 1, WriteTranscripts = true, MaxAge = Micro ? null : MaxAge };

    /// <summary>Makes <see cref="WorkStateDir"/> a fresh copy of the generated state, for a run that changes it.</summary>
    public void RestoreWorkForChange()
    {
        EnsureGenerated();
        File.Delete(CleanMarker);
        DeleteIfExists(WorkStateDir);
        CopyTree(PristineDir, WorkStateDir);
    }

    /// <summary>Makes sure <see cref="WorkStateDir"/> is as generated, for runs that only read it; copies only if it is not.</summary>
    public void EnsureCleanWork()
    {
        if (File.Exists(CleanMarker) && Directory.Exists(WorkStateDir))
        {
            return;
        }

        RestoreWorkForChange();
        File.WriteAllText(CleanMarker, "");
    }

    /// <summary>
    /// The line <c>generate</c> prints for this state, and the keys bench/run.sh closes in it (<see cref="PickedCounts"/>),
    /// written beside the pristine copy from one read of its store unless they are newer than it.
    /// </summary>
    public string EnsureSummary()
    {
        var stored = File.GetLastWriteTimeUtc(PristineStorePath);
        bool Fresh(string path) => File.Exists(path) && File.GetLastWriteTimeUtc(path) >= stored;
        if (!Fresh(SummaryPath) || !PickedCounts.All(count => Fresh(KeysPath(count))))
        {
            var snapshot = StoreReader.ReadFile(PristineStorePath);
            foreach (var count in PickedCounts)
            {
                WriteAtomically(KeysPath(count), string.Concat(FileCloserBenchmarks.PickKeys(snapshot, count).Select(key => key + "\n")));
            }

            WriteAtomically(SummaryPath, string.Create(CultureInfo.InvariantCulture, $"{Name}: {snapshot.Entries.Count} entries, {snapshot.Bytes.Length:N0} bytes, OpenClaw layout: {snapshot.HasOpenClawLayout}, state dir {WorkStateDir}"));
        }

        return File.ReadAllText(SummaryPath);
    }

    /// <summary>The keys bench/run.sh closes: 1 and 1,000 (close), 2 (keep-only).</summary>
    public static IReadOnlyList<int> PickedCounts { get; } = [1, 2, 1000];

    /// <summary><see cref="FileCloserBenchmarks.PickKeys(BenchState, int)"/>'s <paramref name="count"/> keys, one a line (<see cref="EnsureSummary"/>).</summary>
    public string KeysPath(int count) => Path.Combine(Home, string.Create(CultureInfo.InvariantCulture, $"pristine.keys-{count}.txt"));

    public long StoreBytes()
    {
        EnsureGenerated();
        return new FileInfo(PristineStorePath).Length;
    }

    private static string StorePathIn(string stateDir) => Path.Combine(stateDir, "agents", AgentId, "sessions", "sessions.json");

    private FileStream TakeLock()
    {
        var path = Path.Combine(Home, ".generate.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    private static void DeleteIfExists(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><c>cp -a</c>: keeps modes and mtimes (lock staleness and backups read them) and copies fast.</summary>
    private static void CopyTree(string from, string to)
    {
        using var cp = Process.Start(new ProcessStartInfo("cp", ["-a", from, to]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start cp");
        cp.WaitForExit();
        if (cp.ExitCode != 0)
        {
            throw new InvalidOperationException($"cp -a {from} {to} failed with exit code {cp.ExitCode}");
        }
    }
}
