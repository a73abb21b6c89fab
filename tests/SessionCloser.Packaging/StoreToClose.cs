using System.Text;
using AwesomeAssertions;
using CliWrap.Buffered;
using SessionCloser.Fixtures;

namespace SessionCloser.Packaging;

/// <summary>A generated OpenClaw state (sessions.json stores, transcripts) and one project session in it to close.</summary>
internal sealed class StoreToClose
{
    private readonly string _storeBefore;

    public StoreToClose(string root)
    {
        Home = Path.Join(root, "home");
        Directory.CreateDirectory(Home);
        State = StoreGenerator.Generate(Path.Join(root, "state"), new StoreGeneratorOptions
        {
            SessionCount = 40,
            AgentIds = ["project-lead", "main"],
            Seed = 14,
            Now = DateTimeOffset.UtcNow,
        });
        Target = State.Sessions.First(s => s.AgentId == "project-lead" && s.Family == SessionKeyFamily.Project && s.LockPath is null);
        _storeBefore = File.ReadAllText(Lead.StorePath, Encoding.UTF8);
    }

    public GeneratedState State { get; }

    public GeneratedSession Target { get; }

    public string Home { get; }

    public string ProjectId => Target.Key["agent:project-lead:".Length..];

    private GeneratedAgent Lead => State.Agent("project-lead");

    /// <summary>This state, a temp HOME, no gateway (a loopback port nobody listens on), and the given PATH only.</summary>
    public Dictionary<string, string?> Environment(string path) => new(StringComparer.Ordinal)
    {
        ["PATH"] = path,
        ["HOME"] = Home,
        ["OPENCLAW_STATE_DIR"] = State.StateDir,
        ["OPENCLAW_GATEWAY_URL"] = "ws://127.0.0.1:9",
    };

    /// <summary>The CLOSED line, and the store exactly as OpenClaw writes it without the closed entry.</summary>
    public void ShouldBeClosedBy(BufferedCommandResult result)
    {
        result.ExitCode.Should().Be(0, Processes.Describe(result));
        result.StandardOutput.Should().Be($"CLOSED {Target.Key} sessionId={Target.SessionId}\n", Processes.Describe(result));
        File.ReadAllText(Lead.StorePath, Encoding.UTF8).Should().Be(NodeJsonOracle.StringifyWithout(_storeBefore, [Target.Key]));
        if (Target.TranscriptExists)
        {
            File.Exists(Target.TranscriptPath).Should().BeFalse("its transcript is archived");
            Directory.GetFiles(Path.GetDirectoryName(Target.TranscriptPath)!, Path.GetFileName(Target.TranscriptPath) + ".deleted.*").Should().ContainSingle();
        }
    }
}
