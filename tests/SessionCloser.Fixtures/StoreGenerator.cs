using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>
/// Generates a realistic, deterministic era-B OpenClaw state dir: per-agent <c>sessions.json</c> written exactly as
/// <c>JSON.stringify(store, null, 2)</c>, <c>openclaw.json</c>, transcripts and every per-session artifact kind.
/// </summary>
public static class StoreGenerator
{
    public static GeneratedState Generate(string stateDir, StoreGeneratorOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDir);
        ArgumentNullException.ThrowIfNull(options);
        if (options.AgentIds.Count == 0 || options.SessionCount < 0 || options.MinTranscriptBytes > options.MaxTranscriptBytes)
        {
            throw new ArgumentException("Need at least one agent, a non-negative session count and a valid transcript size range.", nameof(options));
        }

        return new StoreGenerationRun(Path.GetFullPath(stateDir), options).Run();
    }

    /// <summary>Writes a store the way OpenClaw does: JSON.stringify(store, null, 2), no trailing newline, mode 0600.</summary>
    /// <param name="modifiedAt">The file's mtime; null leaves the real write time.</param>
    public static void WriteStore(string path, JsonObject store, DateTimeOffset? modifiedAt = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FixtureFiles.Write(path, JsJson.Stringify(store), modifiedAt?.ToUnixTimeMilliseconds());
    }
}
