using System.Globalization;
using AwesomeAssertions;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;
using SessionCloser.Fixtures.RealOpenClaw;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Issue 10, defect 6, against the real OpenClaw of era A (2026.4.29) and B (2026.7.35): an agent with a sessions
/// directory but no store is the same empty agent to both, and case variants closed by session-closer are gone for
/// OpenClaw too.
/// </summary>
public sealed class Defect6Tests
{
    public static TheoryData<string> Versions => new() { OpenClawInstall.EraA, OpenClawInstall.EraB };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task An_agent_without_a_store_yet_has_no_sessions_for_both_and_neither_creates_the_store(string version)
    {
        await using var sandbox = OpenClawSandbox.Create(version);
        sandbox.WriteConfig();
        Directory.CreateDirectory(sandbox.SessionsDir("project-lead"));

        var (openClawRows, openClaw) = await OpenClawListing.ListAsync(sandbox, "project-lead");
        var list = await sandbox.RunBinAsync("session-closer", ["list", "--agent", "project-lead", "--state-dir", sandbox.StateDir, "--json"]);
        var close = await sandbox.RunBinAsync("session-closer", ["close", "--agent", "project-lead", "--state-dir", sandbox.StateDir, "acme"]);

        openClawRows.Should().BeEmpty();
        list.ExitCode.Should().Be(0, list.Describe());
        var listed = list.Json();
        ((string?)listed["path"], (int)listed["count"]!).Should().Be(((string?)openClaw.Json()["path"], 0));
        close.ExitCode.Should().Be(3, close.Describe());
        close.StandardOutput.Should().Be("NOT_FOUND acme\n");
        File.Exists(sandbox.StorePath("project-lead")).Should().BeFalse();
        DirectorySnapshot.Take(sandbox.SessionsDir("project-lead")).Items.Should().BeEmpty("neither OpenClaw's listing nor session-closer made a file there");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Both_case_variants_closed_are_gone_for_OpenClaw_and_each_is_reported(string version)
    {
        await using var sandbox = OpenClawSandbox.Create(version);
        sandbox.WriteConfig();
        Directory.CreateDirectory(sandbox.SessionsDir());
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string[] sids = [StoreSeed.NewSessionId(), StoreSeed.NewSessionId(), StoreSeed.NewSessionId()];
        File.WriteAllText(sandbox.StorePath(), string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "agent:main:main": {
                "sessionId": "{{sids[0]}}",
                "updatedAt": {{now - 1_000}}
              },
              "agent:main:alpha": {
                "sessionId": "{{sids[1]}}",
                "updatedAt": {{now - 60_000}}
              },
              "agent:main:ALPHA": {
                "sessionId": "{{sids[2]}}",
                "updatedAt": {{now - 30_000}}
              }
            }
            """));
        foreach (var sid in sids)
        {
            File.WriteAllText(Path.Join(sandbox.SessionsDir(), sid + ".jsonl"), "{\"type\":\"session\",\"version\":3,\"id\":\"" + sid + "\"}\n");
        }

        var close = await sandbox.RunBinAsync("session-closer", ["close", "--agent", "main", "--state-dir", sandbox.StateDir, "alpha"]);
        var (rows, _) = await OpenClawListing.ListAsync(sandbox);

        close.ExitCode.Should().Be(0, close.Describe());
        close.StandardOutput.Should().Be($"CLOSED agent:main:alpha sessionId={sids[1]}\nCLOSED agent:main:ALPHA sessionId={sids[2]}\n");
        close.StandardError.Should().StartWith("session-closer: closed 1 session(s) (2 keys), archived 2 file(s); backup ");
        rows.Keys.Should().Equal("agent:main:main");
        OpenClawListing.StoreFile(sandbox.StorePath()).Keys.Should().Equal("agent:main:main");
    }
}
