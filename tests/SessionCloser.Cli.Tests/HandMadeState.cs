using System.Globalization;
using SessionCloser.Fixtures;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// A small OpenClaw state written out by hand, so every expected line can be read off this file: agents
/// project-lead (six sessions; the config's default agent) and main (one), timestamps relative to <see cref="FixedClock.Now"/>.
/// </summary>
internal sealed class HandMadeState : IDisposable
{
    public const string MainSid = "11111111-1111-4111-8111-111111111111";
    public const string AcmeSid = "22222222-2222-4222-8222-222222222222";
    public const string LegacySid = "33333333-3333-4333-8333-333333333333";
    public const string CronSid = "44444444-4444-4444-8444-444444444444";
    public const string SubagentSid = "55555555-5555-4555-8555-555555555555";
    public const string GroupSid = "66666666-6666-4666-8666-666666666666";
    public const string OtherAgentSid = "77777777-7777-4777-8777-777777777777";

    public const string MainKey = "agent:project-lead:main";
    public const string AcmeKey = "agent:project-lead:acme";
    public const string LegacyKey = "agent:project-lead:project-legacy";
    public const string CronKey = "agent:project-lead:cron:nightly";
    public const string SubagentKey = "agent:project-lead:subagent:abc";
    public const string GroupKey = "agent:project-lead:telegram:group:-100123";

    public HandMadeState()
    {
        Root = Directory.CreateTempSubdirectory("sc-cli-").FullName;
        StateDir = Path.Join(Root, "state");
        SessionsDir = Path.Join(StateDir, "agents", "project-lead", "sessions");
        StorePath = Path.Join(SessionsDir, "sessions.json");
        Directory.CreateDirectory(SessionsDir);
        var mainSessions = Path.Join(StateDir, "agents", "main", "sessions");
        Directory.CreateDirectory(mainSessions);

        File.WriteAllText(Path.Join(StateDir, "openclaw.json"), """{"agents":{"list":[{"id":"project-lead","default":true},{"id":"main"}]}}""" + "\n");
        File.WriteAllText(StorePath, Store);
        File.WriteAllText(Path.Join(mainSessions, "sessions.json"), $$"""
            {
              "agent:main:main": {
                "sessionId": "{{OtherAgentSid}}",
                "updatedAt": {{Ms(5_000)}}
              }
            }
            """ + "\n");
        foreach (var sid in new[] { MainSid, AcmeSid, LegacySid, SubagentSid, GroupSid })
        {
            File.WriteAllText(Transcript(sid), Line(sid));
        }

        File.WriteAllText(Path.Join(SessionsDir, $"{AcmeSid}-topic-42.jsonl"), Line(AcmeSid) + Line(AcmeSid));
    }

    /// <summary>The directory the test owns (HOME for the run, parent of the state).</summary>
    public string Root { get; }

    public string StateDir { get; }

    public string SessionsDir { get; }

    public string StorePath { get; }

    /// <summary>project-lead's store as OpenClaw writes it (JSON.stringify with two spaces).</summary>
    public static string Store => $$"""
        {
          "{{MainKey}}": {
            "sessionId": "{{MainSid}}",
            "updatedAt": {{Ms(60_000)}},
            "chatType": "direct",
            "label": "Lead main"
          },
          "{{AcmeKey}}": {
            "sessionId": "{{AcmeSid}}",
            "updatedAt": {{Ms(3_600_000)}},
            "chatType": "direct",
            "displayName": "Acme site",
            "model": "gpt-5",
            "totalTokens": 1234
          },
          "{{LegacyKey}}": {
            "sessionId": "{{LegacySid}}",
            "updatedAt": {{Ms(86_400_000)}},
            "label": "Legacy"
          },
          "{{CronKey}}": {
            "sessionId": "{{CronSid}}",
            "updatedAt": {{Ms(7_200_000)}},
            "label": "Nightly"
          },
          "{{SubagentKey}}": {
            "sessionId": "{{SubagentSid}}",
            "updatedAt": {{Ms(120_000)}},
            "spawnedBy": "{{MainKey}}"
          },
          "{{GroupKey}}": {
            "sessionId": "{{GroupSid}}",
            "updatedAt": {{Ms(600_000)}},
            "chatType": "group"
          }
        }
        """ + "\n";

    /// <summary>What every command says (exit 5) about the store <see cref="BreakStore"/> leaves.</summary>
    /// <summary>What a --json run prints on stdout for <see cref="BrokenStoreError"/>: the same message as one JSON object.</summary>
    public string BrokenStoreJson(string command) =>
        $"{{\n  \"command\": \"{command}\",\n  \"exitCode\": 5,\n  \"failure\": \"{BrokenStoreError["session-closer: ".Length..^1]}\",\n  \"error\": {{\n    \"kind\": \"store-error\",\n    \"message\": \"{BrokenStoreError["session-closer: ".Length..^1]}\"\n  }}\n}}\n";

    public string BrokenStoreError => $"session-closer: {StorePath}: invalid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed at byte offset 33; nothing was changed\n";

    /// <summary>Writes project-lead's store with <paramref name="members"/> (lines <c>  "key": value,</c>) before its first entry; returns the text.</summary>
    public string WriteStoreWith(string members)
    {
        var store = Store.Insert(Store.IndexOf('\n', StringComparison.Ordinal) + 1, members);
        File.WriteAllText(StorePath, store);
        return store;
    }

    /// <summary>Cuts project-lead's store off mid-object, as a crash of a non-atomic writer would.</summary>
    public void BreakStore() => File.WriteAllText(StorePath, "{\n  \"agent:project-lead:main\": {\n");

    /// <summary>Replaces project-lead's store with two entries OpenClaw would trip on: x is no object, y has no sessionId.</summary>
    public void WriteInvalidEntries() => File.WriteAllText(StorePath, """{"agent:project-lead:x": 42, "agent:project-lead:y": {"updatedAt": 5}}""" + "\n");

    public string Transcript(string sessionId) => Path.Join(SessionsDir, sessionId + ".jsonl");

    public DirectorySnapshot Snapshot() => DirectorySnapshot.Take(Root);

    public CliResult Run(params string[] args) => CliRun.Run(Root, args);

    /// <summary>Runs a command (the first word) on this state: <c>--state-dir</c> goes right after it.</summary>
    public CliResult RunIn(params string[] args) => CliRun.Run(Root, [args[0], "--state-dir", StateDir, .. args[1..]]);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>updatedAt of a session last touched this long before <see cref="FixedClock.Now"/>.</summary>
    private static string Ms(long ago) => (FixedClock.NowMs - ago).ToString(CultureInfo.InvariantCulture);

    private static string Line(string sid) => $$"""{"type":"session","version":3,"id":"{{sid}}","timestamp":"2026-09-01T10:00:00.000Z"}""" + "\n";
}
