using System.Diagnostics;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Issue 11, item 4: the state users have. A real 2026.7.35 gateway serves a 600-session store whose sessions are 0-90
/// days old; its first write (the first <c>sessions.delete</c>) runs OpenClaw's own session maintenance with the
/// defaults (mode enforce, pruneAfter 30d), which prunes every old unprotected entry and archives its transcript before
/// answering. <c>session-closer close --agent main &lt;100 subagent keys&gt;</c> must wait for that (the gateway keeps
/// ticking), close all 100 and exit 0; its <c>--dry-run</c> must have said beforehand how many the gateway would prune.
/// </summary>
public sealed class StaleStoreGatewayTests
{
    private const int Sessions = 600;
    private const int Targets = 100;

    [Fact]
    public async Task Closing_100_sessions_of_a_600_session_store_0_to_90_days_old_waits_out_the_gateways_maintenance()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraB);
        sandbox.WriteConfig(gateway: true);
        var random = new Random(11);
        var seed = new StoreSeed(sandbox).Add("agent:main:main", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(1)), SessionFileStyle.Absolute, StoreSeed.ChatFields());
        var targets = new List<string>();
        var old = new HashSet<string>(StringComparer.Ordinal);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < Sessions; i++)
        {
            // The targets are recent sub-agent runs (0-25 days); the rest is a real mix 0-90 days old, with a few group
            // chats, which OpenClaw's maintenance never prunes. No age within a day of the 30-day cut-off.
            var target = i <= Targets;
            var group = !target && i % 25 == 0;
            var days = target ? random.NextDouble() * 25 : random.NextDouble() * 90;
            if (Math.Abs(days - 30) < 1)
            {
                days += 2;
            }

            var key = target ? $"agent:main:subagent:{Guid.NewGuid()}"
                : group ? $"agent:main:telegram:group:-100{i:D6}"
                : (i % 3) switch { 0 => $"agent:main:subagent:{Guid.NewGuid()}", 1 => $"agent:main:explicit:task-{i}", _ => $"agent:main:cron:job-{i}" };
            var fields = StoreSeed.ChatFields(group ? "group" : "direct", label: $"session {i}");
            seed.Add(key, StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromDays(days)), SessionFileStyle.Absolute, fields);
            if (target)
            {
                targets.Add(key);
            }
            else if (group)
            {
                groups.Add(key);
            }
            else if (days > 30)
            {
                old.Add(key);
            }
        }

        await seed.WriteAsync();
        var started = Stopwatch.StartNew();
        await using var gateway = await sandbox.StartGatewayAsync();
        var startup = started.Elapsed;
        string[] common = ["close", "--agent", "main", "--state-dir", sandbox.StateDir];

        var preview = await sandbox.RunBinAsync("session-closer", [.. common, "--dry-run", "--json", .. targets]);
        preview.ExitCode.Should().Be(0, preview.Describe());
        var forecast = JsonNode.Parse(preview.StandardOutput)!["maintenance"]!;
        ((string?)forecast["mode"]).Should().Be("enforce", preview.Describe());
        ((long)forecast["pruneAfterMs"]!).Should().Be(30L * 24 * 3600 * 1000);
        ((int)forecast["wouldPrune"]!).Should().Be(old.Count, preview.Describe());
        ((int)forecast["wouldCap"]!).Should().Be(0, "what is left after pruning is far under the high-water mark");
        var text = await sandbox.RunBinAsync("session-closer", [.. common, "--dry-run", .. targets.Take(3)]);
        text.StandardError.Should().Contain(
            $"the gateway's session maintenance (mode enforce, pruneAfter 30d, maxEntries 500) will prune {old.Count} other session(s) not updated for 30d on its next write", text.Describe());

        var closing = Stopwatch.StartNew();
        var closed = await sandbox.RunBinAsync("session-closer", [.. common, "--json", .. targets]);
        var closeTime = closing.Elapsed;

        closed.ExitCode.Should().Be(0, closed.Describe() + "\n--- gateway log ---\n" + gateway.Log);
        var report = JsonNode.Parse(closed.StandardOutput)!;
        ((int)report["summary"]!["closed"]!).Should().Be(Targets, closed.Describe());
        report["results"]!.AsArray().Select(r => (string?)r!["status"]).Should().AllBe("closed");
        var store = OpenClawListing.StoreFile(seed.StorePath);
        store.Keys.Should().NotIntersectWith(targets);
        store.Keys.Should().NotIntersectWith(old, "OpenClaw's own maintenance pruned them on the first delete, as the dry run said");
        store.Keys.Should().Contain(groups).And.Contain("agent:main:main");
        store.Count.Should().Be(Sessions - Targets - old.Count);
        gateway.Log.Should().Contain("pruned stale session entries");
        var deletes = gateway.Log.Split('\n').Where(l => l.Contains("res ✓ sessions.delete", StringComparison.Ordinal)).ToList();
        TestContext.Current.SendDiagnosticMessage("gateway's own timings of the deletes (first 3, last):\n" + string.Join("\n", deletes.Take(3).Append(deletes.LastOrDefault() ?? "")));
        TestContext.Current.SendDiagnosticMessage(
            $"2026.7.35, {Sessions} sessions 0-90 days old: gateway ready in {startup.TotalSeconds:0.0} s; dry run {preview.Duration.TotalSeconds:0.0} s; " +
            $"close of {Targets} (first delete prunes {old.Count}) {closeTime.TotalSeconds:0.0} s; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
