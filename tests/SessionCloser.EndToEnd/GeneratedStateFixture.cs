using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd;

/// <summary>A generated OpenClaw state in a temp dir, copied fresh for each test that changes it.</summary>
internal sealed class TempState : IDisposable
{
    private TempState(string root, GeneratedState state)
    {
        Root = root;
        State = state;
    }

    public string Root { get; }

    public GeneratedState State { get; }

    public string StateDir => State.StateDir;

    public static TempState Generate(int sessions, IReadOnlyList<string> agents, int seed = 7, bool transcripts = true)
    {
        var root = Directory.CreateTempSubdirectory("sc-e2e-").FullName;
        var state = StoreGenerator.Generate(Path.Join(root, "state"), new StoreGeneratorOptions
        {
            SessionCount = sessions,
            AgentIds = agents,
            Seed = seed,
            WriteTranscripts = transcripts,
            Now = DateTimeOffset.UtcNow,
        });
        return new TempState(root, state);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
