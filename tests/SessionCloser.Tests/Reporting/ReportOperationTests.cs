using System.Diagnostics;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Artifacts;
using SessionCloser.Config;
using SessionCloser.Errors;
using SessionCloser.Fixtures;
using SessionCloser.Operations;
using SessionCloser.Reporting;
using SessionCloser.Tests.Fixtures;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Reporting;

/// <summary>
/// <c>report</c> on generated multi-agent states of both file eras, with every kind of leftover added: each count and
/// byte total must equal what the test itself knows it wrote and measures on disk (never the engine's classifier).
/// </summary>
public sealed class ReportOperationTests : IDisposable
{
    private const string Stamp = "2026-07-01T08-09-10.123Z";
    private const string Uuid = "0f0e0d0c-0b0a-4908-8706-050403020100";
    private static readonly DateTimeOffset Now = new StoreGeneratorOptions().Now;

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>What the test expects of one agent, built from the files it knows it wrote.</summary>
    private sealed class Expected
    {
        public Dictionary<(string Kind, string Age), (int Count, long Bytes)> Groups { get; } = [];

        public Dictionary<string, FileTally> Tallies { get; } = [];

        public Dictionary<(string Reason, string Maker), FileTally> Archives { get; } = [];

        public Dictionary<string, FileTally> Backups { get; } = [];

        public HashSet<string> Paths { get; } = new(StringComparer.Ordinal);

        public int Sessions { get; set; }

        public int Missing { get; set; }

        public void File(string category, string path)
        {
            Paths.Add(path).Should().BeTrue($"{path} is expected once");
            Tallies[category] = Tallies.GetValueOrDefault(category).Add(LengthOf(path));
        }

        public void Archive(string reason, string maker, string path)
        {
            Paths.Add(path).Should().BeTrue();
            Archives[(reason, maker)] = Archives.GetValueOrDefault((reason, maker)).Add(LengthOf(path));
        }

        public void Backup(string maker, string path)
        {
            Paths.Add(path).Should().BeTrue();
            Backups[maker] = Backups.GetValueOrDefault(maker).Add(LengthOf(path));
        }

        public FileTally Tally(string category) => Tallies.GetValueOrDefault(category);

        private static long LengthOf(string path) => new FileInfo(path) is { LinkTarget: null } file ? file.Length : 0;
    }

    [Theory]
    [InlineData("2026.4.29", "A")]
    [InlineData("2026.7.35", "B")]
    public async Task Counts_and_bytes_equal_the_files_on_disk_for_every_agent_and_in_total(string version, string era)
    {
        var state = StoreGenerator.Generate(_temp.Sub("state"), new StoreGeneratorOptions { SessionCount = 150, Seed = 12 });
        SetVersion(state.ConfigPath, version);
        var log = new OperationLog(state.StateDir);
        var expected = state.Agents.ToDictionary(a => a.AgentId, a => Expect(state, a, log));

        var report = await ReportOperation.RunAsync(Context(state.StateDir), new ReportOptions { AllAgents = true }, TestContext.Current.CancellationToken);

        report.ExitCode.Should().Be(ExitCode.Success);
        report.Agents.Select(a => a.AgentId).Should().BeEquivalentTo(state.Agents.Select(a => a.AgentId));
        foreach (var agent in report.Agents)
        {
            agent.Era.Should().Be(era);
            Check(agent.Usage, expected[agent.AgentId], agent.AgentId);
        }

        var total = new Expected();
        foreach (var part in expected.Values)
        {
            Merge(total, part);
        }

        Check(report.Total, total, "total");
        report.OperationLog.Should().Be(new FileTally(
            Directory.GetFiles(log.Directory).Length,
            Directory.GetFiles(log.Directory).Sum(f => new FileInfo(f).Length)));
        report.Total.SessionsDirectory.Bytes.Should().Be(
            state.Agents.Sum(a => new DirectoryInfo(a.SessionsDir).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(f => f.LinkTarget is null).Sum(f => f.Length)),
            "every byte below the sessions directories is in some row");
    }

    [Fact]
    public async Task The_commands_name_the_agent_and_the_bytes_they_act_on()
    {
        var state = StoreGenerator.Generate(_temp.Sub("state"), new StoreGeneratorOptions { SessionCount = 120, Seed = 5 });
        SetVersion(state.ConfigPath, "2026.7.35");
        var log = new OperationLog(state.StateDir);
        var expected = Expect(state, state.Agent("ops"), log);

        var report = await ReportOperation.RunAsync(Context(state.StateDir), new ReportOptions { AgentId = "ops", StateDir = state.StateDir }, TestContext.Current.CancellationToken);

        var commands = report.Agents.Single().Commands;
        report.Commands.Should().Equal(report.Agents.Single().Commands);
        var purge = commands.Single(c => c.Command.StartsWith("session-closer purge-archives", StringComparison.Ordinal));
        purge.Command.Should().Be($"session-closer purge-archives --older-than 30d --agent ops --state-dir {state.StateDir} --dry-run");
        var cutoff = Now.AddDays(-30);
        var old = Directory.EnumerateFiles(state.Agent("ops").SessionsDir)
            .Where(path => ArchiveTime(Path.GetFileName(path)) is { } when && when < cutoff && !path.Contains(".deleted." + Stamp, StringComparison.Ordinal) || BackupIsOld(path, cutoff))
            .ToList();
        purge.Bytes.Should().Be(old.Sum(p => new FileInfo(p).Length), string.Join("\n", old));
        purge.Effect.Should().Be(ReclaimEffect.Frees);

        var cronRuns = state.Sessions.Where(s => s.AgentId == "ops" && s.Family == SessionKeyFamily.CronRun && Now.ToUnixTimeMilliseconds() - s.UpdatedAt >= 86_400_000).ToList();
        cronRuns.Should().NotBeEmpty("the seed gives ops old cron runs");
        var close = commands.Single(c => c.Command.Contains("--kind cron-run", StringComparison.Ordinal));
        close.Command.Should().Be($"session-closer close --agent ops --state-dir {state.StateDir} --kind cron-run --older-than 1d --dry-run");
        close.Bytes.Should().Be(cronRuns.Where(s => File.Exists(s.TranscriptPath)).Sum(s => new FileInfo(s.TranscriptPath).Length));
        close.Effect.Should().Be(ReclaimEffect.Archives);

        expected.Missing.Should().BeGreaterThan(0);
        report.Agents.Single().Commands.Should().Contain(c => c.Command == $"OPENCLAW_STATE_DIR={state.StateDir} openclaw sessions cleanup --agent ops --fix-missing --dry-run");
    }

    [Fact]
    public async Task An_unreadable_store_is_reported_with_exit_5_and_its_files_still_counted()
    {
        var state = StoreGenerator.Generate(_temp.Sub("state"), new StoreGeneratorOptions { SessionCount = 40, Seed = 3 });
        File.WriteAllText(state.Agent("ops").StorePath, "{ not json");

        var report = await ReportOperation.RunAsync(Context(state.StateDir), new ReportOptions { AllAgents = true }, TestContext.Current.CancellationToken);

        report.ExitCode.Should().Be(ExitCode.StoreError);
        var ops = report.Agents.Single(a => a.AgentId == "ops");
        ops.Problem.Should().Contain(state.Agent("ops").StorePath);
        ops.Usage.Sessions.Should().Be(0);
        ops.Usage.Store.Should().Be(new FileTally(1, "{ not json".Length));
        report.Warnings.Should().ContainSingle(w => w.Contains("ops", StringComparison.Ordinal));
        report.Agents.Where(a => a.AgentId != "ops").Should().OnlyContain(a => a.Problem == null && a.Usage.Sessions > 0);
    }

    [Fact]
    public async Task Agent_and_all_agents_together_are_a_usage_error()
    {
        var act = () => ReportOperation.RunAsync(Context(_temp.Path), new ReportOptions { AgentId = "main", AllAgents = true }, TestContext.Current.CancellationToken);
        (await act.Should().ThrowAsync<SessionCloserException>()).Which.ExitCode.Should().Be(ExitCode.Usage);
    }

    private static void Check(DiskUsage usage, Expected expected, string who)
    {
        usage.Sessions.Should().Be(expected.Sessions, who);
        usage.Groups.ToDictionary(g => (g.Kind, g.Age), g => (g.Count, g.TranscriptBytes ?? -1))
            .Should().BeEquivalentTo(expected.Groups, $"{who}: sessions by kind and age");
        usage.MissingTranscripts.Should().Be(expected.Missing, who);
        usage.LiveTranscripts.Should().Be(expected.Tally("live"), $"{who}: live transcripts");
        usage.OrphanTranscripts.Should().Be(expected.Tally("orphan"), $"{who}: orphans");
        usage.Store.Should().Be(expected.Tally("store"), who);
        usage.StaleLocks.Should().Be(expected.Tally("stale-lock"), who);
        usage.LiveLocks.Should().Be(expected.Tally("live-lock"), who);
        usage.StaleTempFiles.Should().Be(expected.Tally("stale-temp"), who);
        usage.TempFiles.Should().Be(expected.Tally("temp"), who);
        usage.SkillPromptBlobs.Should().Be(expected.Tally("blob"), who);
        usage.Symlinks.Should().Be(expected.Tally("symlink"), who);
        usage.Other.Should().Be(expected.Tally("other"), who);
        usage.Journals.Should().Be(default(FileTally), who);
        usage.Database.Should().BeNull();
        usage.Archives.ToDictionary(a => (a.Reason, a.Maker), a => a.Files).Should().BeEquivalentTo(expected.Archives, $"{who}: archives");
        usage.StoreBackups.ToDictionary(b => b.Maker, b => b.Files).Should().BeEquivalentTo(expected.Backups, $"{who}: backups");
    }

    private static void Merge(Expected total, Expected part)
    {
        total.Sessions += part.Sessions;
        total.Missing += part.Missing;
        foreach (var (key, value) in part.Groups)
        {
            var sum = total.Groups.GetValueOrDefault(key);
            total.Groups[key] = (sum.Count + value.Count, sum.Bytes + value.Bytes);
        }

        foreach (var (key, value) in part.Tallies)
        {
            total.Tallies[key] = total.Tally(key) + value;
        }

        foreach (var (key, value) in part.Archives)
        {
            total.Archives[key] = total.Archives.GetValueOrDefault(key) + value;
        }

        foreach (var (key, value) in part.Backups)
        {
            total.Backups[key] = total.Backups.GetValueOrDefault(key) + value;
        }
    }

    /// <summary>Adds every kind of leftover to one agent's directory and writes down, by construction, what each file is.</summary>
    private static Expected Expect(GeneratedState state, GeneratedAgent agent, OperationLog log)
    {
        var dir = agent.SessionsDir;
        var expected = new Expected();
        var dead = DeadPid();
        var sessions = state.Sessions.Where(s => s.AgentId == agent.AgentId).ToList();

        // Two transcripts go missing (their other files stay, still referenced by the entry's session id).
        foreach (var gone in sessions.Where(s => s.TranscriptExists && s.Family != SessionKeyFamily.Main).Take(2))
        {
            File.Delete(gone.TranscriptPath);
        }

        foreach (var session in sessions)
        {
            expected.Sessions++;
            var exists = File.Exists(session.TranscriptPath);
            expected.Missing += exists ? 0 : 1;
            var key = (SessionCloser.Fixtures.Selectors.SelectorState.KindOf(session.Family), AgeOf(session.UpdatedAt));
            var group = expected.Groups.GetValueOrDefault(key);
            expected.Groups[key] = (group.Count + 1, group.Bytes + (exists ? new FileInfo(session.TranscriptPath).Length : 0));
            foreach (var artifact in session.Artifacts.Where(a => File.Exists(a.Path)))
            {
                switch (artifact.Kind)
                {
                    case SessionArtifactKind.ResetArchive:
                        expected.Archive("reset", MakerNames.OpenClaw, artifact.Path);
                        break;
                    case SessionArtifactKind.TranscriptLock:
                        // The generator's pids are random: make the lock a dead process's, which OpenClaw reclaims.
                        File.WriteAllText(artifact.Path, $$"""{"pid": {{dead}}, "createdAt": "{{Now.AddMinutes(-1):O}}"}""");
                        expected.File("stale-lock", artifact.Path);
                        break;
                    default:
                        expected.File("live", artifact.Path);
                        break;
                }
            }
        }

        foreach (var archive in state.OrphanArchives.Where(p => p.StartsWith(dir + "/", StringComparison.Ordinal)))
        {
            expected.Archive("deleted", MakerNames.OpenClaw, archive);
        }

        foreach (var blob in state.PromptBlobs.Where(b => b.AgentId == agent.AgentId))
        {
            expected.File("blob", blob.Path);
        }

        expected.File("store", agent.StorePath);
        string Write(string name, string content, TimeSpan? age = null)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, content);
            File.SetLastWriteTimeUtc(path, (Now - (age ?? TimeSpan.FromHours(2))).UtcDateTime);
            return path;
        }

        var orphanId = Guid.NewGuid().ToString();
        expected.File("orphan", Write(orphanId + ".jsonl", "{\"type\":\"session\"}\n" + new string('o', 700)));
        expected.File("orphan", Write(orphanId + "-topic-9.jsonl", "topic"));
        expected.File("orphan", Write($"{orphanId}.checkpoint.{Uuid}.jsonl", "checkpoint of nobody"));
        var ownArchive = Write($"{Guid.NewGuid()}.jsonl.deleted.{Stamp}", new string('s', 1234));
        expected.Archive("deleted", MakerNames.SessionCloser, ownArchive);
        expected.Archive("deleted", MakerNames.OpenClaw, Write($"{Guid.NewGuid()}.jsonl.deleted.2026-01-01T00-00-00.000Z.0123456789abcdef0123456789abcdef.zst", new string('z', 321)));
        expected.Archive("bak", MakerNames.OpenClaw, Write($"{Guid.NewGuid()}.jsonl.bak.2026-02-02T02-02-02.000Z", "bak"));
        var ownBackup = Write($"sessions.json.bak-{Stamp}", "{}");
        expected.Backup(MakerNames.SessionCloser, ownBackup);
        expected.Backup(MakerNames.SessionCloser, Write("sessions.json.bak-2026-09-20T01-02-03.456Z-1", "{ }"));
        expected.Backup(MakerNames.OriginalScripts, Write("sessions.json.bak-batch-20260101-120000", "{\"a\":1}", TimeSpan.FromDays(200)));
        expected.Backup(MakerNames.OriginalScripts, Write("sessions.json.bak-keep-only-20260201-080000", "{\"b\":2}"));
        expected.Backup(MakerNames.OriginalScripts, Write("sessions.json.bak-close-2026-03-01T10:00:00Z", "{\"c\":3}"));
        expected.Backup(MakerNames.OpenClaw, Write("sessions.json.bak.1700000000000", "{\"rotated\":true}"));
        expected.Backup(MakerNames.Unknown, Write("sessions.json.bak", "{\"mine\":true}", TimeSpan.FromDays(100)));
        expected.File("stale-lock", Write("sessions.json.lock", $$"""{"pid": {{dead}}, "createdAt": "{{Now.AddDays(-1):O}}"}"""));
        expected.File("live-lock", Write(orphanId + ".jsonl.lock", $$"""{"pid": {{Environment.ProcessId}}, "createdAt": "{{Now.AddSeconds(-10):O}}"}"""));
        expected.File("stale-temp", Write($"sessions.json.{dead}.{Uuid}.tmp", "{\"half", TimeSpan.FromMinutes(30)));
        expected.File("temp", Write($"sessions.json.{Uuid}.tmp", "{\"writing", TimeSpan.FromMinutes(1)));
        expected.File("other", Write("notes.txt", "someone's notes"));
        var link = Path.Combine(dir, "outside.jsonl");
        File.CreateSymbolicLink(link, state.ConfigPath);
        expected.File("symlink", link);

        log.Write(new OperationRecord
        {
            Id = log.NextId(Now),
            Command = RecordedCommand.Close,
            AgentId = agent.AgentId,
            StateDir = state.StateDir,
            StorePath = agent.StorePath,
            Backend = RecordedBackend.Files,
            Era = "B",
            StartedAt = Now,
            Complete = true,
            Renames = [new RecordedRename(ownArchive[..ownArchive.IndexOf(".deleted.", StringComparison.Ordinal)], ownArchive, ArtifactKind.Transcript, "agent:x:gone")],
            BackupPath = ownBackup,
        });

        // Guard: the test knows every file below the directory.
        var onDisk = Directory.EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !Directory.Exists(p) || new FileInfo(p).LinkTarget is not null).ToList();
        onDisk.Should().BeEquivalentTo(expected.Paths, $"the test must know every file of {dir}");
        return expected;
    }

    private static string AgeOf(long updatedAt)
    {
        var days = (Now.ToUnixTimeMilliseconds() - updatedAt) / 86_400_000.0;
        return days < 1 ? "under-1d" : days < 7 ? "1d-7d" : days < 30 ? "7d-30d" : days < 90 ? "30d-90d" : "over-90d";
    }

    private static DateTimeOffset? ArchiveTime(string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(name, @"\.(?:deleted|reset|bak)\.(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:\.(\d{3}))?Z(?:\.[0-9a-f]{32})?(?:\.zst)?$");
        return match.Success
            ? DateTimeOffset.Parse($"{match.Groups[1].Value}T{match.Groups[2].Value}:{match.Groups[3].Value}:{match.Groups[4].Value}.{(match.Groups[5].Success ? match.Groups[5].Value : "000")}Z", System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The backups this test wrote that purge-archives may take at 30d: the original scripts' January and February copies and OpenClaw's 2023 rotation; session-closer's own is named by the record.</summary>
    private static bool BackupIsOld(string path, DateTimeOffset cutoff) =>
        Path.GetFileName(path) switch
        {
            "sessions.json.bak-batch-20260101-120000" or "sessions.json.bak-keep-only-20260201-080000" or "sessions.json.bak-close-2026-03-01T10:00:00Z" or "sessions.json.bak.1700000000000" => true,
            "sessions.json.bak-2026-09-20T01-02-03.456Z-1" => new DateTimeOffset(2026, 9, 20, 1, 2, 3, 456, TimeSpan.Zero) < cutoff,
            _ => false,
        };

    private static void SetVersion(string configPath, string version)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["meta"] = new JsonObject { ["lastTouchedVersion"] = version };
        File.WriteAllText(configPath, config.ToJsonString());
    }

    private static OperationContext Context(string stateDir) => new(
        new OpenClawEnvironment(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = stateDir,
                ["OPENCLAW_STATE_DIR"] = stateDir,
                ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9",
            },
            osHomeDirectory: stateDir,
            currentDirectory: stateDir),
        new FixedTime(Now));

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
