using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Fixtures;

public sealed class StoreGeneratorTests : IDisposable
{
    private static readonly StoreGeneratorOptions Small = new() { SessionCount = 120, Seed = 7 };
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Same_seed_gives_identical_bytes()
    {
        var dir = _temp.Sub("state");
        StoreGenerator.Generate(dir, Small);
        var first = Snapshot(dir);
        Directory.Delete(dir, recursive: true);

        StoreGenerator.Generate(dir, Small);

        Snapshot(dir).Should().BeEquivalentTo(first);
    }

    [Fact]
    public void Another_seed_gives_another_store()
    {
        var a = StoreGenerator.Generate(_temp.Sub("a"), Small);
        var b = StoreGenerator.Generate(_temp.Sub("b"), Small with { Seed = 8 });

        a.Sessions.Select(s => s.SessionId).Should().NotIntersectWith(b.Sessions.Select(s => s.SessionId));
    }

    [Theory]
    [InlineData(13)]
    [InlineData(120)]
    public void Every_key_family_is_present(int sessions)
    {
        var state = StoreGenerator.Generate(_temp.Path, Small with { SessionCount = sessions });

        state.Sessions.Select(s => s.Family).Distinct().Should().BeEquivalentTo(Enum.GetValues<SessionKeyFamily>());
        state.Agents.Should().OnlyContain(a => state.Sessions.Any(s => s.Key == $"agent:{a.AgentId}:main"));
    }

    [Fact]
    public void Keys_follow_each_family_shape()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);

        foreach (var session in state.Sessions)
        {
            session.Key.Should().StartWith($"agent:{session.AgentId}:");
            session.Key.Should().MatchRegex(KeyPattern(session.Family), session.Family.ToString());
        }
    }

    [Fact]
    public void Stores_hold_exactly_the_reported_sessions()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);

        state.Sessions.Should().HaveCount(Small.SessionCount);
        state.Sessions.Select(s => s.Key).Should().OnlyHaveUniqueItems();
        foreach (var agent in state.Agents)
        {
            var store = ReadStore(agent);
            store.Select(p => p.Key).Should().Equal(state.Sessions.Where(s => s.AgentId == agent.AgentId).Select(s => s.Key));
            foreach (var session in state.Sessions.Where(s => s.AgentId == agent.AgentId))
            {
                var entry = store[session.Key]!.AsObject();
                entry["sessionId"]!.GetValue<string>().Should().Be(session.SessionId);
                entry["updatedAt"]!.GetValue<double>().Should().Be(session.UpdatedAt);
                entry["sessionFile"]?.GetValue<string>().Should().Be(session.SessionFileValue);
                if (session.SessionFileValue is null)
                {
                    entry.ContainsKey("sessionFile").Should().BeFalse();
                }
            }
        }
    }

    [Fact]
    public void Store_files_are_exactly_what_node_JSON_stringify_writes()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);
        string[] texts = [.. state.Agents.Select(a => File.ReadAllText(a.StorePath)), File.ReadAllText(state.ConfigPath).TrimEnd('\n')];

        var expected = NodeJsonOracle.StringifyAll(texts);

        texts.Should().Equal(expected);
        texts.Should().OnlyContain(t => !t.EndsWith('\n'));
    }

    [Fact]
    public void Referenced_files_exist_except_the_deliberately_missing_transcripts()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);
        var stores = state.Agents.ToDictionary(a => a.AgentId, ReadStore);

        foreach (var session in state.Sessions)
        {
            var agent = state.Agent(session.AgentId);
            var entry = stores[session.AgentId][session.Key]!.AsObject();
            var resolved = ResolveTranscript(agent, entry);
            resolved.Should().Be(session.TranscriptPath);
            File.Exists(resolved).Should().Be(session.TranscriptExists, session.Key);
            session.Artifacts.Should().OnlyContain(a => File.Exists(a.Path));

            foreach (var checkpoint in entry["compactionCheckpoints"]?.AsArray() ?? [])
            {
                File.Exists(checkpoint!["preCompaction"]!["sessionFile"]!.GetValue<string>()).Should().BeTrue();
            }

            if (entry["skillsSnapshot"]?["promptRef"] is JsonObject promptRef)
            {
                AssertBlobMatches(agent, promptRef);
            }

            foreach (var pointer in session.PathsOf(SessionArtifactKind.TrajectoryPointer))
            {
                var json = JsJson.Parse(File.ReadAllText(pointer))!;
                json["traceSchema"]!.GetValue<string>().Should().Be("openclaw-trajectory-pointer");
                json["sessionId"]!.GetValue<string>().Should().Be(session.SessionId);
                File.Exists(json["runtimeFile"]!.GetValue<string>()).Should().BeTrue();
            }
        }

        state.Sessions.Should().Contain(s => !s.TranscriptExists, "some entries deliberately miss their transcript");
    }

    [Fact]
    public void Every_artifact_kind_and_file_style_appears_and_nothing_unlisted_is_written()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);

        state.Sessions.SelectMany(s => s.Artifacts).Select(a => a.Kind).Distinct().Should().BeEquivalentTo(Enum.GetValues<SessionArtifactKind>());
        state.Sessions.Select(s => s.SessionFileStyle).Distinct().Should().BeEquivalentTo(Enum.GetValues<SessionFileStyle>());
        state.Sessions.Should().Contain(s => Path.GetFileName(s.TranscriptPath).Contains("-topic-", StringComparison.Ordinal));
        state.Sessions.Should().Contain(s => Path.GetFileName(s.TranscriptPath).StartsWith("2026-", StringComparison.Ordinal), "fork transcripts are <ts>_<sid>.jsonl");
        state.Locks.Should().NotBeEmpty().And.OnlyContain(l => l.EndsWith(".jsonl.lock", StringComparison.Ordinal));
        state.OrphanArchives.Should().NotBeEmpty().And.OnlyContain(p => p.Contains(".jsonl.deleted.", StringComparison.Ordinal));
        state.PromptBlobs.Should().Contain(b => b.ReferencingKeys.Count > 1, "blobs are shared").And.Contain(b => b.ReferencingKeys.Count == 0);

        Directory.EnumerateFiles(state.StateDir, "*", SearchOption.AllDirectories).Should().BeEquivalentTo(state.AllFiles);
    }

    [Fact]
    public void Every_file_is_mode_0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var state = StoreGenerator.Generate(_temp.Path, Small);

        foreach (var file in state.AllFiles)
        {
            UnixMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
        }
    }

    [Fact]
    public void Lone_surrogate_labels_are_written_as_escapes()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);
        var session = state.Sessions.First(s => s.HasLoneSurrogate);

        File.ReadAllText(state.Agent(session.AgentId).StorePath).Should().Contain("\\ud83d\"");
        StoreGenerator.Generate(_temp.Sub("plain"), Small with { IncludeLoneSurrogates = false }).Sessions.Should().NotContain(s => s.HasLoneSurrogate);
    }

    [Fact]
    public void Config_declares_the_agents_with_main_as_default()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);

        File.ReadAllText(state.ConfigPath).Should().Be(
            "{\n  \"agents\": {\n    \"list\": [\n      {\n        \"id\": \"project-lead\"\n      },\n      {\n        \"id\": \"main\",\n        \"default\": true\n      },\n      {\n        \"id\": \"ops\"\n      }\n    ]\n  }\n}\n");
    }

    [Fact]
    public void Transcripts_start_with_a_session_header_and_chain_entries()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small);
        var session = state.Sessions.First(s => s.TranscriptExists);
        var lines = File.ReadAllText(session.TranscriptPath).Split('\n');

        lines[^1].Should().BeEmpty("every line ends with LF");
        var header = JsJson.Parse(lines[0])!;
        header["type"]!.GetValue<string>().Should().Be("session");
        header["version"]!.GetValue<double>().Should().Be(3);
        header["id"]!.GetValue<string>().Should().Be(session.SessionId);
        JsJson.Parse(lines[2])!["parentId"]!.GetValue<string>().Should().Be(JsJson.Parse(lines[1])!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Without_transcripts_only_stores_config_and_blobs_are_written()
    {
        var state = StoreGenerator.Generate(_temp.Path, Small with { WriteTranscripts = false });

        state.Sessions.Should().OnlyContain(s => s.Artifacts.Count == 0 && !s.TranscriptExists);
        Directory.EnumerateFiles(state.StateDir, "*.jsonl*", SearchOption.AllDirectories).Should().BeEmpty();
        state.PromptBlobs.Should().OnlyContain(b => File.Exists(b.Path));
    }

    [Fact]
    public void WriteStore_writes_JSON_stringify_text_with_mode_0600()
    {
        var path = _temp.Sub("agents/x/sessions/sessions.json");

        StoreGenerator.WriteStore(path, new JsonObject { ["agent:x:main"] = new JsonObject { ["sessionId"] = "s1", ["updatedAt"] = 1 } });

        File.ReadAllText(path).Should().Be("{\n  \"agent:x:main\": {\n    \"sessionId\": \"s1\",\n    \"updatedAt\": 1\n  }\n}");
        UnixMode(path).Should().Be(OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string KeyPattern(SessionKeyFamily family) => family switch
    {
        SessionKeyFamily.Main => "^agent:[a-z-]+:main$",
        SessionKeyFamily.Project => "^agent:[a-z-]+:(?!project-)[a-z0-9-]+$",
        SessionKeyFamily.LegacyProject => "^agent:[a-z-]+:project-[a-z0-9-]+$",
        SessionKeyFamily.Cron => "^agent:[a-z-]+:cron:[a-z0-9-]+$",
        SessionKeyFamily.CronRun => "^agent:[a-z-]+:cron:[a-z0-9-]+:run:[0-9a-f-]{36}$",
        SessionKeyFamily.Subagent => "^agent:[a-z-]+:subagent:[0-9a-f-]{36}$",
        SessionKeyFamily.TelegramTopic => "^agent:[a-z-]+:telegram:group:-100\\d+:topic:.+$",
        SessionKeyFamily.Thread => "^agent:[a-z-]+:slack:channel:c[0-9a-f]+:thread:\\d+\\.\\d+$",
        SessionKeyFamily.DiscordChannel => "^agent:[a-z-]+:discord:channel:\\d+$",
        SessionKeyFamily.Direct => "^agent:[a-z-]+:direct:\\+?\\d+$",
        SessionKeyFamily.ModelRun => "^agent:[a-z-]+:explicit:model-run-[0-9a-f-]{36}$",
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    private static UnixFileMode? UnixMode(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);

    private static JsonObject ReadStore(GeneratedAgent agent) => JsJson.Parse(File.ReadAllText(agent.StorePath))!.AsObject();

    private static string ResolveTranscript(GeneratedAgent agent, JsonObject entry)
    {
        var sessionFile = entry["sessionFile"]?.GetValue<string>();
        return sessionFile is null
            ? Path.Combine(agent.SessionsDir, entry["sessionId"]!.GetValue<string>() + ".jsonl")
            : Path.GetFullPath(sessionFile, agent.SessionsDir);
    }

    private static void AssertBlobMatches(GeneratedAgent agent, JsonObject promptRef)
    {
        var hash = promptRef["hash"]!.GetValue<string>();
        var path = Path.Combine(agent.SessionsDir, "skills-prompts", "sha256", hash[..2], hash + ".txt");
        var bytes = File.ReadAllBytes(path);
        bytes.Length.Should().Be((int)promptRef["bytes"]!.GetValue<double>());
        Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be(hash);
        bytes.Length.Should().BeGreaterThanOrEqualTo(512);
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + File.GetLastWriteTimeUtc(f).Ticks);
}
