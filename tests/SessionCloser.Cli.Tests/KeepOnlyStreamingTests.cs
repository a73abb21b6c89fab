using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// A keep-only reports every session of the store (100,000 lines on a large one): its <c>--json</c> document goes to
/// stdout as its rows are written, never composed whole first, and is the same document.
/// </summary>
public sealed class KeepOnlyStreamingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sc-cli-keep-stream-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_json_report_of_thousands_of_sessions_reaches_stdout_a_few_rows_at_a_time()
    {
        var state = StoreGenerator.Generate(Path.Join(_root, "state"), new StoreGeneratorOptions
        {
            SessionCount = 2_500,
            AgentIds = ["project-lead"],
            Seed = 13,
            MaxTranscriptBytes = 400,
        });
        var keep = state.Sessions.First(s => !s.Key.Any(char.IsSurrogate)).Key;
        using var output = new WriteSizeRecorder();

        var result = CliRun.Run(_root, c => c with { Out = output }, "keep-only", "--state-dir", state.StateDir, "--agent", "project-lead", "--yes", "--json", keep);

        var document = output.ToString();
        using var report = JsonDocument.Parse(document);
        var results = report.RootElement.GetProperty("results");
        results.GetArrayLength().Should().Be(state.Sessions.Count, result.Error);
        results.EnumerateArray().Count(r => r.GetProperty("status").GetString() == "closed").Should().BeGreaterThan(2_000);
        report.RootElement.GetProperty("exitCode").GetInt32().Should().Be(result.ExitCode);
        document.Length.Should().BeGreaterThan(1 << 20, "the report must be big enough to show whether it is held whole");

        // Held whole, the document reached the writer in one piece; streamed, each write is one flush of the writer
        // (64 KB) plus the row that crossed it.
        output.LargestWrite.Should().BeLessThan(256 * 1024);
        output.Writes.Should().BeGreaterThan(document.Length / (256 * 1024));
    }

    /// <summary>A StringWriter that remembers how big each piece it was handed was.</summary>
    private sealed class WriteSizeRecorder : StringWriter
    {
        public WriteSizeRecorder() => NewLine = "\n";

        public int LargestWrite { get; private set; }

        public int Writes { get; private set; }

        public override void Write(char[] buffer, int index, int count)
        {
            Count(count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Count(buffer.Length);
            base.Write(buffer);
        }

        public override void Write(string? value)
        {
            Count(value?.Length ?? 0);
            base.Write(value);
        }

        private void Count(int length)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, length);
        }
    }
}
