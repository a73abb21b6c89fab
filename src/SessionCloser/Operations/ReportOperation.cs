using SessionCloser.Errors;
using SessionCloser.Installation;
using SessionCloser.Inventory;
using SessionCloser.Reporting;
using SessionCloser.Undo;

namespace SessionCloser.Operations;

/// <summary>
/// <c>report</c>: where an agent's (or every agent's) disk goes: sessions by kind and age, transcripts, the database,
/// orphans, missing transcripts, archives and backups by who made them, stale locks and temp files, the operation log,
/// and the commands that would reclaim the space. It only reads: every era, the gateway running or not (never asked;
/// era C's database is read read-only).
/// </summary>
public static class ReportOperation
{
    public static Task<DiskReport> RunAsync(OperationContext context, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (options.AllAgents && options.AgentId is not null)
        {
            throw new SessionCloserException(ExitCode.Usage, "--agent and --all-agents cannot be combined");
        }

        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var stores = options.AllAgents ? installation.Stores.DiscoverAll() : [installation.RequireAgentOrDefault(options.AgentId)];
        var now = context.Clock.GetUtcNow();
        var log = new OperationLog(installation.Location.StateDir);
        var logged = LoggedFiles.Read(log);
        var warnings = new List<string>();
        if (logged.Unreadable.Count > 0)
        {
            warnings.Add($"{logged.Unreadable.Count} operation record(s) could not be read ({string.Join(", ", logged.Unreadable)}): archives they name are counted as OpenClaw's");
        }

        var progress = options.Progress;
        var scans = new List<AgentScan>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < stores.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var store = stores[i];
            var index = i;
            void Report(int files)
            {
                try
                {
                    progress?.Report(new ReportProgress(store.AgentId, index + 1, stores.Count, files));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    progress = null; // a broken sink never stops a report
                }
            }

            var scan = AgentDiskScanner.Scan(installation, store, logged, now, Report, cancellationToken);
            var directory = scan.Directory.Directory;
            if (seen.TryGetValue(directory, out var first))
            {
                scan = scan with { Report = scan.Report with { SharesDirectoryWith = first } };
            }
            else
            {
                seen[directory] = store.AgentId;
            }

            if (scan.Report.Problem is { } problem)
            {
                warnings.Add($"agent {store.AgentId}: {problem}");
            }

            scans.Add(scan with
            {
                Report = scan.Report with
                {
                    Commands = ReclaimAdvisor.For([scan], new ReclaimAdvisor.Target(store.AgentId, options.StateDir, options.Profile), now),
                },
            });
        }

        var counted = scans.Where(s => s.Report.SharesDirectoryWith is null).ToList();
        var report = new DiskReport
        {
            GeneratedAt = now,
            StateDir = installation.Location.StateDir,
            AllAgents = options.AllAgents,
            Agents = [.. scans.Select(s => s.Report)],
            Total = DiskUsage.Sum(counted.Select(s => s.Report.Usage)),
            OperationLog = SizeOfLog(log),
            OperationLogDirectory = log.Directory,
            Commands = options.AllAgents
                ? ReclaimAdvisor.For(counted, new ReclaimAdvisor.Target(null, options.StateDir, options.Profile), now)
                : scans.Count == 1 ? scans[0].Report.Commands : [],
            Warnings = warnings,
        };
        return Task.FromResult(report);
    }

    /// <summary>Every file in the log's directory: its records and any temp file a killed write left.</summary>
    private static FileTally SizeOfLog(OperationLog log) =>
        Directory.Exists(log.Directory)
            ? new DirectoryInfo(log.Directory).EnumerateFiles().Where(f => f.LinkTarget is null).Aggregate(default(FileTally), (sum, file) => sum.Add(file.Length))
            : default;
}
