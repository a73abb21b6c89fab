using System.Globalization;
using System.Text.Json.Nodes;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Infrastructure;

/// <summary>
/// A realistic session store for one agent, written the way OpenClaw writes it: the real Node runs
/// <c>JSON.stringify(store, null, 2)</c> over data passed in a file (never JS source built from data), mode 0600,
/// plus one transcript per session (<c>&lt;sessionId&gt;.jsonl</c>, 0600) with a header line and a message.
/// </summary>
public sealed class StoreSeed
{
    private const string WriteStoreScript = """
        const fs = require("fs"), path = require("path");
        const [dataFile, storePath] = process.argv.slice(2);
        const store = JSON.parse(fs.readFileSync(dataFile, "utf8"));
        fs.mkdirSync(path.dirname(storePath), { recursive: true });
        fs.writeFileSync(storePath, JSON.stringify(store, null, 2), { mode: 0o600 });
        fs.chmodSync(storePath, 0o600);
        """;

    private const string CanonicalScript = """
        const fs = require("fs");
        process.stdout.write(JSON.stringify(JSON.parse(fs.readFileSync(process.argv[2], "utf8")), null, 2));
        """;

    private readonly JsonObject _store = [];
    private readonly List<string> _transcripts = [];

    public StoreSeed(OpenClawSandbox sandbox, string agentId = "main")
    {
        Sandbox = sandbox;
        AgentId = agentId;
    }

    public OpenClawSandbox Sandbox { get; }

    public string AgentId { get; }

    public string SessionsDir => Sandbox.SessionsDir(AgentId);

    public string StorePath => Sandbox.StorePath(AgentId);

    /// <summary>Epoch ms a few minutes ago: fresh for any <c>pruneAfter</c> of a minute or more.</summary>
    public static long RecentMs(TimeSpan ago) => DateTimeOffset.UtcNow.Add(-ago).ToUnixTimeMilliseconds();

    public static string NewSessionId() => Guid.NewGuid().ToString();

    /// <summary>Adds an entry (in insertion order) and, unless <paramref name="transcript"/> is false, its transcript.</summary>
    public StoreSeed Add(string key, string sessionId, long updatedAt, SessionFileStyle style = SessionFileStyle.Absolute, JsonObject? extra = null, bool transcript = true)
    {
        var entry = new JsonObject { ["sessionId"] = sessionId, ["updatedAt"] = updatedAt };
        var fileName = sessionId + ".jsonl";
        switch (style)
        {
            case SessionFileStyle.Absolute:
                entry["sessionFile"] = Path.Combine(SessionsDir, fileName);
                break;
            case SessionFileStyle.Relative:
                entry["sessionFile"] = fileName;
                break;
            case SessionFileStyle.Absent:
                break;
        }

        foreach (var (name, value) in extra ?? [])
        {
            entry[name] = value?.DeepClone();
        }

        _store[key] = entry;
        if (transcript)
        {
            _transcripts.Add(sessionId);
        }

        return this;
    }

    /// <summary>The usual fields of a chat session (model, counters, routing), for realism.</summary>
    public static JsonObject ChatFields(string chatType = "direct", string? label = null)
    {
        var fields = new JsonObject
        {
            ["chatType"] = chatType,
            ["sessionStartedAt"] = RecentMs(TimeSpan.FromHours(2)),
            ["lastInteractionAt"] = RecentMs(TimeSpan.FromMinutes(3)),
            ["systemSent"] = true,
            ["abortedLastRun"] = false,
            ["model"] = "claude-sonnet-4-6",
            ["modelProvider"] = "anthropic",
            ["inputTokens"] = 1200,
            ["outputTokens"] = 340,
            ["totalTokens"] = 15230,
            ["totalTokensFresh"] = true,
            ["compactionCount"] = 0,
            ["lastChannel"] = "telegram",
            ["deliveryContext"] = new JsonObject { ["channel"] = "telegram", ["to"] = "123456789" },
            ["displayName"] = "Zoë – Ünïcode ✓",
        };
        if (label is not null)
        {
            fields["label"] = label;
        }

        return fields;
    }

    /// <summary>The entries written so far, key → sessionId.</summary>
    public IReadOnlyDictionary<string, string> SessionIds =>
        _store.ToDictionary(p => p.Key, p => (string)p.Value!["sessionId"]!, StringComparer.Ordinal);

    public async Task WriteAsync()
    {
        Directory.CreateDirectory(SessionsDir);
        foreach (var sessionId in _transcripts)
        {
            WriteTranscript(SessionsDir, sessionId);
        }

        var dataFile = Path.Combine(Sandbox.Root, $"store-data-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(dataFile, _store.ToJsonString());
        var result = await RunScriptAsync(Sandbox, WriteStoreScript, dataFile, StorePath);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("writing the store with node failed:\n" + result.Describe());
        }
    }

    /// <summary>A transcript as OpenClaw starts one: a session header line, then a message (mode 0600).</summary>
    public static string WriteTranscript(string sessionsDir, string sessionId)
    {
        var path = Path.Combine(sessionsDir, sessionId + ".jsonl");
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var header = new JsonObject { ["type"] = "session", ["version"] = 3, ["id"] = sessionId, ["timestamp"] = now, ["cwd"] = "/home/user/project" };
        var message = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "m1",
            ["parentId"] = null,
            ["timestamp"] = now,
            ["message"] = new JsonObject { ["role"] = "user", ["content"] = "hello" },
        };
        File.WriteAllText(path, header.ToJsonString() + "\n" + message.ToJsonString() + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>What <c>JSON.stringify(JSON.parse(file), null, 2)</c> gives in the real Node: OpenClaw's own serialization.</summary>
    public static async Task<string> CanonicalAsync(OpenClawSandbox sandbox, string storePath)
    {
        var result = await RunScriptAsync(sandbox, CanonicalScript, storePath);
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException("node could not re-serialize the store:\n" + result.Describe());
    }

    private static async Task<CommandResult> RunScriptAsync(OpenClawSandbox sandbox, string script, params string[] args)
    {
        var scriptFile = Path.Combine(sandbox.Root, $"script-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(scriptFile, script);
        return await sandbox.RunAsync(sandbox.Install.Node, [scriptFile, .. args], TimeSpan.FromSeconds(30));
    }
}
