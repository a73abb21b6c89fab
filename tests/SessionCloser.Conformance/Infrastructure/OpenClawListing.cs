using System.Text.Json.Nodes;

namespace SessionCloser.Conformance.Infrastructure;

/// <summary>Reads what OpenClaw printed: <c>sessions --json</c> rows and <c>sessions cleanup --json</c> summaries.</summary>
public static class OpenClawListing
{
    /// <summary><c>openclaw sessions --json</c> for the agent, every row (<c>--limit all</c> where the version has it).</summary>
    public static async Task<(IReadOnlyDictionary<string, string?> Sessions, CommandResult Result)> ListAsync(OpenClawSandbox sandbox, string agentId = "main")
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        List<string> args = ["sessions", "--agent", agentId, "--json"];
        if (sandbox.Install.Version != OpenClawInstall.EraA)
        {
            args.AddRange(["--limit", "all"]);
        }

        var result = await sandbox.OpenClawAsync(args, TimeSpan.FromSeconds(90));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("openclaw sessions --json failed:\n" + result.Describe());
        }

        return (Rows(result.Json()), result);
    }

    /// <summary>key → sessionId (null when the row has none) of a <c>sessions --json</c> or <c>sessions.list</c> answer.</summary>
    public static IReadOnlyDictionary<string, string?> Rows(JsonNode listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return listing["sessions"]!.AsArray().ToDictionary(
            row => (string)row!["key"]!,
            row => row!["sessionId"]?.GetValue<string>(),
            StringComparer.Ordinal);
    }

    /// <summary>key → sessionId of a store file, read with a plain JSON parser.</summary>
    public static IReadOnlyDictionary<string, string?> StoreFile(string storePath)
    {
        var store = JsonNode.Parse(File.ReadAllText(storePath))!.AsObject();
        return store.ToDictionary(p => p.Key, p => p.Value?["sessionId"]?.GetValue<string>(), StringComparer.Ordinal);
    }
}
