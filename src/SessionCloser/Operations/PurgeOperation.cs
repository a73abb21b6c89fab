using SessionCloser.Eras;
using SessionCloser.Installation;
using SessionCloser.Purging;
using SessionCloser.Undo;

namespace SessionCloser.Operations;

/// <summary>
/// <c>purge-archives</c>: deletes archives (<c>*.deleted.*</c>, <c>*.reset.*</c>, <c>*.bak.*</c>) and old store backups
/// older than a duration, per sessions directory, to free disk. <see cref="PlanAsync"/> decides each file and why,
/// changing nothing; <see cref="RunAsync"/> then deletes exactly what that plan deletes and still qualifies when
/// re-checked under the store lock. Never deleted: a file a live entry references, anything that is not an archive
/// or a backup, a symlink, anything outside the sessions directory, and (without <see cref="PurgeOptions.Force"/>)
/// an archive an operation's <c>restore</c> still needs. One operation record per directory; it cannot be undone.
/// </summary>
public sealed class PurgeOperation
{
    private readonly IReadOnlyList<PurgeTarget> _targets;
    private readonly FilePurger _purger;
    private readonly PurgeRules _rules;
    private readonly PurgeOptions _options;

    private PurgeOperation(IReadOnlyList<PurgeTarget> targets, FilePurger purger, PurgeRules rules, PurgeOptions options)
    {
        _targets = targets;
        _purger = purger;
        _rules = rules;
        _options = options;
    }

    /// <summary>Resolves the installation and the directories (the agent's, or every agent's); refuses bad options (exit 2) before anything is read.</summary>
    public static Task<PurgeOperation> OpenAsync(OperationContext context, PurgeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var olderThan = options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var installation = OpenClawInstallation.Open(context.Environment, options.StateDir, options.Profile);
        var stores = options.AllAgents ? installation.Stores.DiscoverAll() : [installation.RequireAgentOrDefault(options.AgentId)];

        // Agents sharing one store (session.store without {agentId}) share one directory: purged once.
        var targets = stores
            .GroupBy(s => DirectoryKey(s.StorePath), StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First();
                var era = installation.DetectEra(first.AgentId).Era;
                return new PurgeTarget(first.AgentId, [.. g.Select(s => s.AgentId)], first.StorePath, era, era == StorageEra.SqliteBehindGateway ? installation.DatabasePath(first.AgentId) : null);
            })
            .ToList();
        var rules = new PurgeRules(context.Clock.GetUtcNow(), olderThan, options.Force);
        var era = targets.Count > 0 ? targets[0].Era : StorageEra.Unknown;
        var logging = new OperationLogging(installation.Location.StateDir, context.CommandLine, era);
        var purger = new FilePurger(context.Clock, logging, rules, target => PurgeScan.Candidates(target, rules.Now))
        {
            LockTimeout = options.LockTimeout,
            Progress = options.Progress is { } progress ? new SafeProgress(progress) : null,
        };
        return Task.FromResult(new PurgeOperation(targets, purger, rules, options));
    }

    /// <summary>The plan: every archive and backup of each directory, to delete or to keep, each with why. Changes nothing.</summary>
    public Task<PurgePlan> PlanAsync(CancellationToken cancellationToken = default)
    {
        var stores = new List<PurgeStorePlan>(_targets.Count);
        foreach (var target in _targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stores.Add(_purger.Plan(target));
            _purger.Progress?.Report(new PurgeProgress("scanning", stores.Count, _targets.Count));
        }

        return Task.FromResult(new PurgePlan { OlderThan = _rules.OlderThanText, Cutoff = _rules.Cutoff, Force = _options.Force, Stores = stores });
    }

    /// <summary>Deletes what <paramref name="plan"/> deletes, directory by directory; a directory with nothing to delete is not touched.</summary>
    public Task<PurgeResult> RunAsync(PurgePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<PurgeStoreResult>(plan.Stores.Count);
        foreach (var storePlan in plan.Stores)
        {
            var target = _targets.FirstOrDefault(t => t.Directory.Path == storePlan.SessionsDirectory)
                ?? throw new ArgumentException($"the plan's directory {storePlan.SessionsDirectory} is not one this operation opened", nameof(plan));
            if (storePlan.DeleteCount == 0 && !HasInterruptedPurge(target))
            {
                results.Add(new PurgeStoreResult { Plan = storePlan, Files = [.. storePlan.Files.Select(f => f with { Status = PurgeFileStatus.Kept })], Warnings = storePlan.Warnings });
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            results.Add(_purger.Run(target, storePlan, cancellationToken));
        }

        return Task.FromResult(new PurgeResult { Plan = plan, Stores = results });
    }

    private bool HasInterruptedPurge(PurgeTarget target) => _purger.HasInterrupted(target);

    private static string DirectoryKey(string storePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(storePath))!;
        return Path.Join(FileSystem.RealPath.TryResolve(directory) ?? directory, Path.GetFileName(storePath));
    }

    /// <summary>A progress sink that throws is dropped: it never stops a purge.</summary>
    private sealed class SafeProgress(IProgress<PurgeProgress> inner) : IProgress<PurgeProgress>
    {
        private bool _broken;

        public void Report(PurgeProgress value)
        {
            if (_broken)
            {
                return;
            }

            try
            {
                inner.Report(value);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                _broken = true;
            }
        }
    }
}
