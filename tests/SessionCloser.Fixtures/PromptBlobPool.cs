using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures;

/// <summary>
/// Content-addressed skill prompt blobs, shared between entries of one agent:
/// <c>skills-prompts/sha256/&lt;hh&gt;/&lt;sha256&gt;.txt</c>, referenced by <c>skillsSnapshot.promptRef</c>.
/// </summary>
internal sealed class PromptBlobPool(string agentId, string sessionsDir, FixtureRandom random)
{
    private const int SharedPrompts = 3;
    private readonly List<Blob> _blobs = [.. Enumerable.Range(0, SharedPrompts + 1).Select(i => Blob.Create(sessionsDir, PromptText(agentId, i)))];

    /// <summary>Picks one of the shared prompts for <paramref name="sessionKey"/> and returns a fresh promptRef object.</summary>
    public (string Hash, JsonObject PromptRef) Reference(string sessionKey)
    {
        var blob = _blobs[random.Between(0, SharedPrompts - 1)];
        blob.ReferencingKeys.Add(sessionKey);

        // Same field order as OpenClaw's buildPromptRef.
        return (blob.Hash, new JsonObject { ["version"] = 1, ["algorithm"] = "sha256", ["hash"] = blob.Hash, ["bytes"] = blob.Bytes });
    }

    /// <summary>Writes every blob; the last one is never referenced (an orphan awaiting OpenClaw's grace-period prune).</summary>
    public IEnumerable<GeneratedPromptBlob> WriteAll(long mtimeMs)
    {
        foreach (var blob in _blobs)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(blob.Path)!);
            FixtureFiles.Write(blob.Path, blob.Text, mtimeMs);
            yield return new GeneratedPromptBlob(agentId, blob.Hash, blob.Path, blob.Bytes, [.. blob.ReferencingKeys]);
        }
    }

    // Blobs are only used for prompts of 512+ characters, so make them comfortably longer.
    private static string PromptText(string agentId, int variant)
    {
        var builder = new StringBuilder();
        builder.Append("<available_skills>\n");
        foreach (var skill in new[] { "github", "weather", "summarize", "calendar", "notion" }.Skip(variant % 3))
        {
            builder.Append("  <skill>\n    <name>").Append(skill).Append("</name>\n    <description>Use ").Append(skill)
                .Append(" for tasks about ").Append(skill).Append(" — prefer it over shell commands. Beispiel: „Größe prüfen“ ✅</description>\n")
                .Append("    <location>~/.openclaw/skills/").Append(skill).Append("/SKILL.md</location>\n  </skill>\n");
        }

        builder.Append("</available_skills>\n<!-- agent ").Append(agentId).Append(" variant ").Append(variant).Append(" -->\n");
        return builder.ToString();
    }

    private sealed record Blob(string Hash, string Path, int Bytes, string Text, List<string> ReferencingKeys)
    {
        public static Blob Create(string sessionsDir, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var path = System.IO.Path.Combine(sessionsDir, "skills-prompts", "sha256", hash[..2], hash + ".txt");
            return new Blob(hash, path, bytes.Length, text, []);
        }
    }
}
