using System.Diagnostics;
using System.Text;
using AwesomeAssertions;
using SessionCloser.Fixtures;
using SessionCloser.Store;

namespace SessionCloser.Tests.Store;

/// <summary>
/// JSON.parse has no depth limit (V8 parses iteratively; Node 24.21 read 16,777,216 nested arrays), so a store
/// with an entry nested deeper than 4,096 levels is one OpenClaw reads: the store reader must read it too, and the
/// writer must copy it untouched (issue 10, defect 6).
/// </summary>
public class DeepNestingTests
{
    private const string Sid = "3f6c2a9e-8b1d-4c47-9a55-0d2f8e1b7c10";

    private static string Store(int depth) =>
        "{\"agent:a:deep\": {\"origin\": " + new string('[', depth) + "{\"x\": 1}" + new string(']', depth)
        + $", \"sessionId\": \"{Sid}\", \"updatedAt\": 5}}, \"agent:a:flat\": {{\"sessionId\": \"s2\", \"updatedAt\": 6}}}}";

    [Theory]
    [InlineData(4_097)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Reads_what_JSON_parse_reads_and_copies_the_deep_entry_byte_for_byte(int depth)
    {
        var text = Store(depth);
        NodeSessionId(text).Should().Be(Sid, "Node's JSON.parse reads the store at this depth");

        var snapshot = StoreReader.Parse(Encoding.UTF8.GetBytes(text), "/s/sessions.json");

        var deep = snapshot.Entries[0];
        deep.Fields.SessionId.Should().Be(Sid, "fields after the deep one are read");
        deep.Fields.UpdatedAt.Should().Be(5);
        Encoding.UTF8.GetString(deep.Value.Of(snapshot.Bytes.Span)).Should().Be(text[text.IndexOf("{\"origin", StringComparison.Ordinal)..text.IndexOf(", \"agent:a:flat", StringComparison.Ordinal)]);
        var kept = Encoding.UTF8.GetString(StoreWriter.Compose(snapshot, [deep]));
        kept.Should().Be($"{{\n  \"agent:a:deep\": {Encoding.UTF8.GetString(deep.Value.Of(snapshot.Bytes.Span))}\n}}");
        StoreReader.Parse(Encoding.UTF8.GetBytes(kept), "/s/sessions.json").Entries.Should().ContainSingle().Which.Fields.SessionId.Should().Be(Sid);
    }

    /// <summary>The sessionId of the first entry as Node's JSON.parse reads the text; the process fails if it cannot parse it.</summary>
    private static string NodeSessionId(string text)
    {
        var dir = Directory.CreateTempSubdirectory("sc-deep-");
        try
        {
            var path = Path.Join(dir.FullName, "sessions.json");
            File.WriteAllText(path, text);
            var start = new ProcessStartInfo(NodeExecutable.Resolve()) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-e", "const s = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); process.stdout.write(Object.values(s)[0].sessionId)", path })
            {
                start.ArgumentList.Add(argument);
            }

            using var node = Process.Start(start)!;
            var stderr = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            node.ExitCode.Should().Be(0, stderr.Result);
            return stdout;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
