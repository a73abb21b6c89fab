using System.Text.Json;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using AwesomeAssertions.Execution;
using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd.BadInput;

/// <summary>
/// The bad-input corpus (BadInput/cases/*.json, see BadInput/README.md): for each case, build the state in a temp
/// dir, snapshot it whole, run the real bin/ command, and check the documented exit code, a message naming the
/// problem, and a byte-identical directory (names, modes, symlink targets, contents; nothing created anywhere in it:
/// HOME and TMPDIR are inside it too).
/// </summary>
public sealed class BadInputCorpusTests
{
    public const int MinimumCases = 50;

    private static readonly string CasesDir = Path.Join(Repo.Root, "tests", "SessionCloser.EndToEnd", "BadInput", "cases");

    public static TheoryData<string> Cases => [.. CaseFiles().Select(Path.GetFileNameWithoutExtension).OfType<string>()];

    [Fact]
    public void The_corpus_has_enough_cases_and_each_parses()
    {
        var files = CaseFiles();
        foreach (var file in files)
        {
            var loaded = BadInputCase.Load(file);
            loaded.Exit.Should().BeOneOf([0, 2, 3, 4, 5], $"{loaded.Name}: a documented exit code (70 is a bug, never expected)");
            _ = new Regex(loaded.Stderr);
        }

        var message = $"bad-input corpus: {files.Count} cases in {CasesDir}";
        Console.WriteLine(message);
        TestContext.Current.SendDiagnosticMessage(message);
        TestContext.Current.AddAttachment("case-count", files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        files.Count.Should().BeGreaterThanOrEqualTo(MinimumCases);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_exit_code_a_message_naming_the_problem_and_changes_nothing(string name)
    {
        var run = await Runs.Value[name];
        var testCase = run.Case;
        var result = run.Result;
        var describe = $"case {name}: {testCase.Description}\n{Repo.Describe(result)}";
        Confinements.Unavailable(testCase.Confine).Should().BeNull(describe);
        if (Environment.GetEnvironmentVariable("BADINPUT_REPORT") is { Length: > 0 } report)
        {
            // For reviewing what the CLI says across the corpus: one block per case.
            await File.AppendAllTextAsync(report, $"== {describe}\n", TestContext.Current.CancellationToken);
        }

        using (new AssertionScope())
        {
            result.ExitCode.Should().Be(testCase.Exit, describe);
            result.StandardError.Should().MatchRegex(testCase.Stderr, describe);
            CheckStdout(testCase, result.StandardOutput, describe);
            run.Differences.Should().BeEmpty($"the directory must be as before\n{string.Join('\n', run.Differences)}\n{describe}");
        }
    }

    /// <summary>
    /// Every case starts at once on first use, a few at a time (each in its own temp dir, the CLI is native and most
    /// of a run is waiting), so the theory's rows, which xunit runs one by one, only collect their results.
    /// </summary>
    private static readonly Lazy<Dictionary<string, Task<CaseRun>>> Runs = new(() =>
    {
        var slots = new SemaphoreSlim(6);
        var deadPid = CaseState.DeadPid();
        return CaseFiles().ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Task.Run(async () =>
        {
            await slots.WaitAsync();
            try
            {
                return await RunAsync(BadInputCase.Load(f), deadPid);
            }
            finally
            {
                slots.Release();
            }
        }));
    });

    private static async Task<CaseRun> RunAsync(BadInputCase testCase, int deadPid)
    {
        using var state = new CaseState(testCase, deadPid);
        var before = DirectorySnapshot.Take(state.Root);
        var confinedBefore = testCase.Confine is { Kind: "full-disk" } c ? DirectorySnapshot.Take(state.Resolve(c.Path)) : null;

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = Path.Join(state.Root, "home"),
            ["TMPDIR"] = Path.Join(state.Root, "tmp"),
            ["OPENCLAW_STATE_DIR"] = state.StateDir,
        };
        foreach (var (key, value) in testCase.Env)
        {
            environment[key] = value is null ? null : state.Fill(value);
        }

        var (program, arguments) = Confinements.Wrap(testCase.Confine, state, Path.Join(Repo.Root, "bin", testCase.Command), WithOriginalAgent(testCase, [.. testCase.Args.Select(state.Fill)]));
        var result = await Repo.RunProgramAsync(program, arguments, environment);
        var differences = Differences(before, DirectorySnapshot.Take(state.Root), testCase.Changes);
        if (Confinements.AfterCopy(testCase.Confine, state) is { } after)
        {
            // The full disk was a tmpfs over the directory: what it held afterwards was copied out before it went away.
            differences.AddRange(Directory.Exists(after)
                ? Differences(confinedBefore!, DirectorySnapshot.Take(after), testCase.Changes).Select(d => "on the full disk: " + d)
                : ["the full-disk script did not copy the tmpfs back (see stderr)"]);
        }

        return new CaseRun(testCase, result, differences);
    }

    private sealed record CaseRun(BadInputCase Case, CliWrap.Buffered.BufferedCommandResult Result, List<string> Differences);

    private static List<string> CaseFiles() => [.. Directory.EnumerateFiles(CasesDir, "*.json").Order(StringComparer.Ordinal)];

    /// <summary>Snapshot differences the case did not announce, and announced ones that did not happen.</summary>
    private static List<string> Differences(DirectorySnapshot before, DirectorySnapshot after, IReadOnlyList<string> expected)
    {
        var unexpected = new List<string>();
        var pending = expected.Select(e => new Regex(e)).ToList();
        foreach (var line in before.DiffTo(after))
        {
            var match = pending.FindIndex(r => r.IsMatch(line));
            if (match < 0)
            {
                unexpected.Add("changed: " + line);
            }
            else
            {
                pending.RemoveAt(match);
            }
        }

        unexpected.AddRange(pending.Select(r => "expected change did not happen: " + r));
        return unexpected;
    }

    private static void CheckStdout(BadInputCase testCase, string stdout, string describe)
    {
        if (testCase.Stdout is { } pattern)
        {
            stdout.Should().MatchRegex(pattern, describe);
        }

        if (testCase.Json is { } expected)
        {
            JsonElement actual;
            try
            {
                actual = JsonDocument.Parse(stdout).RootElement;
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"stdout is not JSON ({e.Message})\n{describe}", e);
            }

            JsonMismatches(expected, actual, "$").Should().BeEmpty(describe);
        }
        else if (testCase.Stdout is null)
        {
            stdout.Should().BeEmpty(describe);
        }
    }

    /// <summary>Where <paramref name="actual"/> differs from <paramref name="expected"/>; objects are compared as subsets, arrays element by element.</summary>
    private static IEnumerable<string> JsonMismatches(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
        {
            return expected.EnumerateObject().SelectMany(p => actual.TryGetProperty(p.Name, out var value)
                ? JsonMismatches(p.Value, value, $"{path}.{p.Name}")
                : [$"{path}.{p.Name}: missing"]);
        }

        if (expected.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array)
        {
            // Element by element, each compared the same way (so objects in arrays are subsets too).
            return expected.GetArrayLength() != actual.GetArrayLength()
                ? [$"{path}: expected {expected.GetArrayLength()} elements, got {actual}"]
                : expected.EnumerateArray().Zip(actual.EnumerateArray()).SelectMany((pair, i) => JsonMismatches(pair.First, pair.Second, $"{path}[{i}]"));
        }

        if (expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String && expected.GetString()!.StartsWith('~'))
        {
            // "~regex": a string field matched by a pattern (messages and paths).
            return Regex.IsMatch(actual.GetString()!, expected.GetString()![1..]) ? [] : [$"{path}: {actual} does not match {expected}"];
        }

        return JsonElement.DeepEquals(expected, actual) ? [] : [$"{path}: expected {expected}, got {actual}"];
    }

    /// <summary>
    /// The corpus was written when every command defaulted to the agent project-lead; session-closer now takes the
    /// config's default agent. A session-closer case that names no agent runs as the bin/ originals do: with
    /// <c>--agent project-lead</c> right after the command (never after <c>--</c>, never beside <c>--all-agents</c>).
    /// </summary>
    private static string[] WithOriginalAgent(BadInputCase testCase, string[] args)
    {
        string[] commands = ["close", "keep-only", "list", "restore", "history"];
        var options = args.TakeWhile(a => a != "--").ToList();
        var namesAgent = options.Any(a => a is "--agent" or "--all-agents" || a.StartsWith("--agent=", StringComparison.Ordinal) || a.StartsWith("--agent:", StringComparison.Ordinal));
        return testCase.Command == "session-closer" && args.Length > 0 && commands.Contains(args[0]) && !namesAgent
            ? [args[0], "--agent", "project-lead", .. args[1..]]
            : args;
    }
}
