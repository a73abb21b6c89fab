using System.Globalization;
using SessionCloser.Cli.Output;
using SessionCloser.Closing;
using SessionCloser.Operations;
using Spectre.Console;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// A selector run's plan for people: what the selectors are, how many sessions close per agent and kind, every
/// session to close (agent, key, kind, age, files), the bytes the archives take, and (a dry run) every session left
/// with why, per store. Tables on a terminal, plain columns on a pipe; commentary on stderr.
/// </summary>
internal static class SweepPlanText
{
    /// <summary><c>--dry-run</c>: the whole plan on stdout, routes and warnings on stderr, the summary last.</summary>
    public static void WriteDryRun(CliContext context, SweepPlan plan, bool allAgents)
    {
        var now = context.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        context.Out.WriteLine($"Close by selectors: {Describe(plan.Selector, allAgents)}");
        Counts(plan).Write(context);
        if (plan.ClosingCount > 0)
        {
            context.Out.WriteLine();
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sessions to close: {plan.ClosingCount}"));
            Closing(plan, now).Write(context);
        }

        foreach (var store in plan.Stores)
        {
            var left = store.Preview.Outcomes.Where(o => o.Status != OutcomeStatus.Closed).ToList();
            context.Out.WriteLine();
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Left in {store.AgentId} ({store.Preview.StorePath}): {left.Count}"));
            if (left.Count == 0)
            {
                continue;
            }

            var table = new AlignedTable("KEY", "KIND", "AGE", "WHY");
            foreach (var outcome in left)
            {
                table.Add(HumanFormat.Printable(outcome.Subject), outcome.Kind ?? "-", Age(outcome, now), HumanFormat.Printable(outcome.Reason ?? ""));
            }

            table.Write(context);
        }

        context.Out.Flush();
        foreach (var store in plan.Stores)
        {
            var report = store.Preview;
            context.Error.WriteLine($"session-closer: {report.AgentId}: backend {(report.Backend == CloseBackend.Gateway ? "gateway" : "files")}: {store.Route.Reason}");
            foreach (var warning in report.Warnings)
            {
                context.Error.WriteLine($"session-closer: warning: {report.AgentId}: {warning}");
            }

            if (MaintenanceText.Warning(report.Maintenance) is { } maintenance)
            {
                context.Error.WriteLine($"session-closer: warning: {report.AgentId}: {maintenance}");
            }

            if ((report.Failure ?? report.Refusal) is { } problem)
            {
                context.Error.WriteLine($"session-closer: {report.AgentId}: {problem}");
            }
        }

        context.Error.WriteLine($"session-closer: dry run: {Total(plan, "would close")}; nothing was changed");
    }

    /// <summary>What a person sees before the question: the counts, the sessions to close, the bytes.</summary>
    public static void WriteSummary(IAnsiConsole console, SweepPlan plan, bool allAgents, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Write(new Text($"Close by selectors: {Describe(plan.Selector, allAgents)}\n"));
        Counts(plan).Write(console);
        Closing(plan, nowMs).Write(console);
        console.Write(new Text($"{Total(plan, "Would close")}\n"));
    }

    /// <summary>The question: "Close 12 session(s) of 2 agent(s)?".</summary>
    public static string Question(SweepPlan plan) =>
        string.Create(CultureInfo.InvariantCulture, $"Close {plan.ClosingCount} session(s) of {plan.Stores.Count(s => s.Preview.Count(OutcomeStatus.Closed) > 0)} agent(s)?");

    /// <summary>"12 session(s) in 2 store(s), archives 1.2 MB" after <paramref name="verb"/>.</summary>
    public static string Total(SweepPlan plan, string verb)
    {
        var stores = plan.Stores.Count(s => s.Preview.Count(OutcomeStatus.Closed) > 0);
        var unknown = plan.Stores.Any(s => s.ArchiveBytes is null && s.Preview.Count(OutcomeStatus.Closed) > 0);
        return string.Create(CultureInfo.InvariantCulture, $"{verb} {plan.ClosingCount} session(s) in {stores} of {plan.Stores.Count} store(s); their archives take {HumanFormat.Size(plan.ArchiveBytes)}{(unknown ? " and more (a remote gateway's files are not counted)" : "")}");
    }

    /// <summary>The selectors as the command line gave them, e.g. "--kind cron-run --older-than 1d (agent main)".</summary>
    public static string Describe(SessionSelector selector, bool allAgents)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var parts = new List<string>();
        parts.AddRange(selector.Kinds.Select(k => $"--kind {k}"));
        parts.AddRange(selector.Match.Select(m => $"--match {HumanFormat.Printable(m)}"));
        if (selector.OlderThan is { } olderThan)
        {
            parts.Add($"--older-than {DurationText.Format(olderThan)}");
        }

        if (selector.Archive != ArchiveFilter.All)
        {
            parts.Add(selector.Archive == ArchiveFilter.ArchivedOnly ? "--archived" : "--active");
        }

        parts.AddRange(selector.Except.Select(e => $"--except {HumanFormat.Printable(e)}"));
        if (selector.KeepLast is { } keepLast)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"--keep-last {keepLast}"));
        }

        if (selector.IncludeGroups)
        {
            parts.Add("--include-groups");
        }

        if (allAgents)
        {
            parts.Add("--all-agents");
        }

        return string.Join(" ", parts);
    }

    /// <summary>Per agent and kind: how many close and how many stay; one row per store for its archive bytes.</summary>
    private static AlignedTable Counts(SweepPlan plan)
    {
        var table = new AlignedTable("AGENT", "KIND", "CLOSE", "LEFT", "ARCHIVES").AlignRight(2, 3, 4);
        foreach (var store in plan.Stores)
        {
            var byKind = store.Preview.Outcomes.GroupBy(o => o.Kind ?? "-").OrderByDescending(g => g.Count(o => o.Status == OutcomeStatus.Closed)).ThenBy(g => g.Key, StringComparer.Ordinal);
            foreach (var kind in byKind)
            {
                var closing = kind.Count(o => o.Status == OutcomeStatus.Closed);
                table.Add(store.AgentId, kind.Key, Number(closing), Number(kind.Count() - closing), "");
            }

            table.Add(store.AgentId, "(all)", Number(store.Preview.Count(OutcomeStatus.Closed)), Number(store.Preview.Outcomes.Count(o => o.Status != OutcomeStatus.Closed)), HumanFormat.Size(store.ArchiveBytes));
        }

        return table;
    }

    private static AlignedTable Closing(SweepPlan plan, long nowMs)
    {
        var table = new AlignedTable("AGENT", "KEY", "KIND", "AGE", "FILES").AlignRight(4);
        foreach (var store in plan.Stores)
        {
            foreach (var outcome in store.Preview.Outcomes.Where(o => o.Status == OutcomeStatus.Closed))
            {
                table.Add(store.AgentId, HumanFormat.Printable(outcome.Subject), outcome.Kind ?? "-", Age(outcome, nowMs), Number(outcome.Files.Count));
            }
        }

        return table;
    }

    private static string Age(SessionOutcome outcome, long nowMs) => outcome.UpdatedAt is { } updated && updated > 0 ? HumanFormat.Age(nowMs - updated) : "-";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
