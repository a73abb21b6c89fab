using System.Text;
using System.Text.Json.Nodes;
using SessionCloser.Closing;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// A throwaway OpenClaw state with one agent's store, written exactly as OpenClaw writes it
/// (<c>JSON.stringify(store, null, 2)</c>, mode 0600), plus its transcripts; and the closer to run against it.
/// </summary>
internal sealed class ClosingState : IDisposable
{
    public const long Recent = 1_795_000_000_000;

    private readonly JsonObject _store = [];

    public ClosingState(string agentId = "project-lead")
    {
        AgentId = agentId;
        Root = Directory.CreateTempSubdirectory("sc-closing-").FullName;
        SessionsDir = Path.Join(Root, "agents", agentId, "sessions");
        Directory.CreateDirectory(SessionsDir);
    }

    public string Root { get; }

    public string AgentId { get; }

    public string SessionsDir { get; }

    public string StorePath => Path.Join(SessionsDir, "sessions.json");

    public string StoreText => File.ReadAllText(StorePath, Encoding.UTF8);

    public IEnumerable<string> FileNames => Directory.EnumerateFiles(SessionsDir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>Adds an entry (and by default its <c>&lt;sessionId&gt;.jsonl</c> transcript with a header line).</summary>
    public ClosingState Session(string key, string sessionId, Action<JsonObject>? more = null, bool transcript = true, long updatedAt = Recent)
    {
        var entry = new JsonObject { ["sessionId"] = sessionId, ["updatedAt"] = updatedAt };
        more?.Invoke(entry);
        _store[key] = entry;
        if (transcript)
        {
            WriteFile(sessionId + ".jsonl", $"{{\"type\":\"session\",\"version\":3,\"id\":\"{sessionId}\"}}\n");
        }

        return this;
    }

    public string WriteFile(string relativePath, string content = "x\n")
    {
        var path = Path.Join(SessionsDir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public ClosingState Save()
    {
        File.WriteAllText(StorePath, JsJson.Stringify(_store), new UTF8Encoding(false));
        File.SetUnixFileMode(StorePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return this;
    }

    public CloseReport Close(params string[] arguments) => Run(CloseMode.Close, arguments);

    public CloseReport KeepOnly(params string[] arguments) => Run(CloseMode.KeepOnly, arguments);

    public CloseReport Run(CloseMode mode, IReadOnlyList<string> arguments, Func<CloseRequest, CloseRequest>? adjust = null, TimeProvider? clock = null)
    {
        var request = new CloseRequest { StorePath = StorePath, AgentId = AgentId, Mode = mode, Arguments = arguments, LockTimeout = TimeSpan.FromSeconds(1) };
        return new FileCloser(clock ?? TimeProvider.System).Close(adjust?.Invoke(request) ?? request);
    }

    public DirectorySnapshot Snapshot() => DirectorySnapshot.Take(Root);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
