using System.Runtime.CompilerServices;
using System.Text.Json;
using AwesomeAssertions;
using AwesomeAssertions.Execution;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures;
using SessionCloser.Keys;

namespace SessionCloser.Tests.Keys;

/// <summary>
/// Runs the real OpenClaw 2026.7.35 key functions (copied into openclaw-2026.7.35-session-keys.js) under node and
/// compares them with the C# port over a few thousand generated keys.
/// </summary>
public class SessionKeysDifferentialTests
{
    private const int KeyCount = 4000;

    [Fact]
    public async Task Port_matches_OpenClaw_on_generated_keys()
    {
        var node = NodeExecutable.Resolve();

        var random = new Random(20260735);
        var keys = Enumerable.Range(0, KeyCount).Select(_ => KeySamples.Build(random)).Distinct().ToArray();
        var result = await Cli.Wrap(node)
            .WithArguments([ScriptPath()])
            .WithStandardInputPipe(PipeSource.FromString(JsonSerializer.Serialize(keys)))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        result.ExitCode.Should().Be(0, result.StandardError);

        using var expected = JsonDocument.Parse(result.StandardOutput);
        using var scope = new AssertionScope();
        var rows = expected.RootElement.EnumerateArray().ToArray();
        rows.Should().HaveCount(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            var row = rows[i];
            SessionKeys.Normalize(key).Should().Be(row.GetProperty("normalized").GetString(), key);
            SessionKeys.Normalize(key, KeyCaseRules.FullLowercase).Should().Be(row.GetProperty("lowered").GetString(), key);
            Describe(SessionKeys.Parse(key)).Should().Be(Describe(row.GetProperty("parsed")), key);
            Describe(SessionKeys.Parse(key, KeyCaseRules.FullLowercase)).Should().Be(Describe(row.GetProperty("parsedEraA")), key);
            AgentIds.Normalize(key).Should().Be(row.GetProperty("agentId").GetString(), key);
            SessionKeys.FoldedLegacyAliases(key).Should().Equal(
                row.GetProperty("foldedAliases").EnumerateArray().Select(a => a.GetString()), key);
            SessionKeys.FoldedAliasNeedsDeliveryProof(key).Should().Be(row.GetProperty("needsProof").GetBoolean(), key);
        }
    }

    private static string Describe(ParsedSessionKey? parsed) => parsed is null ? "null" : $"{parsed.AgentId} | {parsed.Rest}";

    private static string Describe(JsonElement parsed) =>
        parsed.ValueKind == JsonValueKind.Null ? "null" : $"{parsed[0].GetString()} | {parsed[1].GetString()}";

    private static string ScriptPath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "openclaw-2026.7.35-session-keys.js");
}
