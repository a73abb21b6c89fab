using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.FaultInjection;

/// <summary>
/// <c>purge-archives --force</c> killed (SIGKILL) at every step boundary it reaches: afterwards every file it does not
/// delete is untouched, every file it deletes is whole or gone, and a gone file is always in a purge record (so the
/// log never hides a deletion) with the close whose archive it was marked unrestorable; the next run finishes: every
/// doomed file gone, every purge record complete, and restore of the close refused naming the purge.
/// </summary>
public sealed class PurgeKillTests
{
    private const string AgentId = "project-lead";

    [Fact]
    public async Task A_forced_purge_killed_at_every_step_boundary_leaves_a_truthful_log_and_the_next_run_finishes()
    {
        string? closeId = null;
        using var workspace = Workspace.Generate(
            new StoreGeneratorOptions { SessionCount = 16, AgentIds = [AgentId], Seed = 12, MaxTranscriptBytes = 600 },
            state =>
            {
                // A close whose archives the forced purge deletes, and OpenClaw archives of long ago.
                var keys = state.Sessions.Where(s => s.AgentId == AgentId && s.Family != SessionKeyFamily.Main).Take(2).Select(s => s.Key).ToList();
                var close = CliProcess.RunAsync("session-closer", ["close", "--state-dir", state.StateDir, "--agent", AgentId, "--json", .. keys]).GetAwaiter().GetResult();
                close.ExitCode.Should().Be(0, close.ToString());
                closeId = JsonDocument.Parse(close.Out).RootElement.GetProperty("operationId").GetString();
                var sessions = Path.GetDirectoryName(state.Agent(AgentId).StorePath)!;
                for (var i = 0; i < 4; i++)
                {
                    File.WriteAllText(Path.Join(sessions, $"old-{i}.jsonl.deleted.2020-01-0{i + 1}T00-00-00.000Z"), new string('o', 100 + i));
                }

                File.WriteAllText(Path.Join(sessions, "x.jsonl.reset.2020-02-01T00-00-00.000Z"), "reset\n");
            });
        var sessionsDir = Path.GetDirectoryName(workspace.State.Agent(AgentId).StorePath)!;
        string[] args = ["purge-archives", "--state-dir", workspace.StateDir, "--agent", AgentId, "--older-than", "1ms", "--force", "--yes"];

        var trace = Path.Join(workspace.Root, "purge-trace");
        var traced = await CliProcess.RunAsync("session-closer", args, new Dictionary<string, string?> { [CliProcess.FailPointTrace] = trace });
        traced.ExitCode.Should().Be(0, traced.ToString());
        var boundaries = File.ReadAllLines(trace).Where(l => l.Length > 0).ToList();
        boundaries.Select(b => b[..b.IndexOf('@', StringComparison.Ordinal)]).Distinct().Should().Equal(
            "purge.lock-taken", "purge.recovery-done", "atomic-file.temp-written", "purge.oplog-written", "purge.targets-marked", "purge.delete", "purge.oplog-complete");
        var doomed = workspace.PristineHashes.Keys.Where(rel => !File.Exists(Path.Join(workspace.StateDir, rel))).ToHashSet(StringComparer.Ordinal);
        doomed.Should().HaveCountGreaterThan(6, "the close's archives and backup and the old OpenClaw archives");
        doomed.Should().OnlyContain(rel => Path.GetDirectoryName(Path.Join(workspace.StateDir, rel)) == sessionsDir);

        foreach (var boundary in boundaries)
        {
            workspace.Reset();
            var killed = await CliProcess.RunAsync("session-closer", args, new Dictionary<string, string?> { [CliProcess.FailPoint] = boundary });
            killed.Killed.Should().BeTrue($"every purge reaches {boundary} and dies there: {killed}");
            AfterKill(workspace, doomed, closeId!, $"purge killed at {boundary}");

            Invariants.AgeLeftovers(workspace);
            var next = await CliProcess.RunAsync("session-closer", args);
            next.ExitCode.Should().Be(0, $"purge killed at {boundary}, then run again: {next}");
            Settled(workspace, doomed, closeId!, $"purge killed at {boundary}, then run again", staleLockMayStay: boundary.StartsWith("purge.oplog-complete", StringComparison.Ordinal));
        }

        Scenario.Report("kill:purge", boundaries.Count, $"every boundary of purge-archives --force deleting {doomed.Count} files");
    }

    /// <summary>Untouched or gone, never half; and the log names every file that is gone.</summary>
    private static void AfterKill(Workspace workspace, HashSet<string> doomed, string closeId, string what)
    {
        var purges = Purges(workspace);
        var recorded = purges.SelectMany(p => p.Files).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var (rel, hash) in workspace.PristineHashes.Where(p => !p.Key.StartsWith("session-closer", StringComparison.Ordinal)))
        {
            var path = Path.Join(workspace.StateDir, rel);
            if (!File.Exists(path))
            {
                doomed.Should().Contain(rel, $"{what}: only a doomed file may be gone");
                recorded.Should().Contain(path, $"{what}: {rel} is gone, so a purge record must say so");
                continue;
            }

            Workspace.Hash(File.ReadAllBytes(path)).Should().Be(hash, $"{what}: {rel} is untouched");
        }

        if (purges.Any(p => p.Files.Any(f => f.NeededBy == closeId && !File.Exists(f.Path))))
        {
            PurgedBy(workspace, closeId).Should().NotBeEmpty($"{what}: an archive of {closeId} is gone, so it is marked unrestorable");
        }
    }

    /// <param name="staleLockMayStay">
    /// The killed purge was complete: the next run has nothing to do and takes no lock, so the dead run's lock stays
    /// until the next run that locks (OpenClaw or session-closer reclaims it: its pid is gone), as after a complete restore.
    /// </param>
    private static void Settled(Workspace workspace, HashSet<string> doomed, string closeId, string what, bool staleLockMayStay)
    {
        foreach (var (rel, hash) in workspace.PristineHashes.Where(p => !p.Key.StartsWith("session-closer", StringComparison.Ordinal)))
        {
            var path = Path.Join(workspace.StateDir, rel);
            if (doomed.Contains(rel))
            {
                File.Exists(path).Should().BeFalse($"{what}: {rel} is purged");
            }
            else
            {
                Workspace.Hash(File.ReadAllBytes(path)).Should().Be(hash, $"{what}: {rel} is untouched");
            }
        }

        var purges = Purges(workspace);
        purges.Should().NotBeEmpty().And.OnlyContain(p => p.Complete, $"{what}: every purge record is complete");
        purges.SelectMany(p => p.Files).Should().OnlyContain(f => f.Status == "deleted", $"{what}: nothing pending or kept");
        purges.SelectMany(p => p.Files).Select(f => Path.GetRelativePath(workspace.StateDir, f.Path)).Should().BeEquivalentTo(doomed, $"{what}: the log lists every purged file once");
        PurgedBy(workspace, closeId).Should().NotBeEmpty();
        Directory.EnumerateFiles(workspace.StateDir, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".tmp", StringComparison.Ordinal) || (!staleLockMayStay && p.EndsWith("sessions.json.lock", StringComparison.Ordinal)))
            .Should().BeEmpty($"{what}: no temp file or lock is left");
    }

    private sealed record PurgeRecord(bool Complete, IReadOnlyList<(string Path, string Status, string? NeededBy)> Files);

    private static List<PurgeRecord> Purges(Workspace workspace)
    {
        var records = new List<PurgeRecord>();
        foreach (var path in Directory.EnumerateFiles(Path.Join(workspace.StateDir, "session-closer", "operations"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("command").GetString() != "purge")
            {
                continue;
            }

            records.Add(new PurgeRecord(
                root.GetProperty("complete").GetBoolean(),
                [.. root.GetProperty("purged").EnumerateArray().Select(f => (f.GetProperty("path").GetString()!, f.GetProperty("status").GetString()!, f.GetProperty("neededBy").GetString()))]));
        }

        return records;
    }

    private static List<string> PurgedBy(Workspace workspace, string id)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Join(workspace.StateDir, "session-closer", "operations", id + ".json")));
        return document.RootElement.TryGetProperty("purgedBy", out var by) ? [.. by.EnumerateArray().Select(e => e.GetString()!)] : [];
    }
}
