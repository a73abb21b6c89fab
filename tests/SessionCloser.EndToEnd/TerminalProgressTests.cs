using System.Diagnostics;
using System.Globalization;
using System.Text;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd;

/// <summary>
/// The real CLI on a real terminal (a pty from <c>script</c>): a run that takes longer than a second (here: waiting
/// for OpenClaw's store lock, held by this test) shows a live progress line on stderr, then the <c>CLOSED</c> lines in
/// order and the summary last, with the progress line erased. Waits are keyed on what the terminal shows, never on
/// a fixed time.
/// </summary>
public sealed class TerminalProgressTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private readonly string _root = Directory.CreateTempSubdirectory("sc-pty-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string StateDir => Path.Join(_root, "state");

    private string SessionsDir => Path.Join(StateDir, "agents", "project-lead", "sessions");

    private string LockPath => Path.Join(SessionsDir, "sessions.json.lock");

    [Fact]
    public async Task A_slow_close_on_a_terminal_shows_progress_then_the_lines_in_order_and_the_summary_last()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] ids = ["alpha", "beta", "gamma"];
        Directory.CreateDirectory(SessionsDir);
        var store = new StringBuilder("{\n");
        for (var i = 0; i < ids.Length; i++)
        {
            var sid = $"0000000{i}-0000-4000-8000-000000000000";
            store.Append(CultureInfo.InvariantCulture, $"  \"agent:project-lead:{ids[i]}\": {{\n    \"sessionId\": \"{sid}\",\n    \"updatedAt\": {1_790_000_000_000 + i}\n  }}{(i + 1 < ids.Length ? "," : "")}\n");
            File.WriteAllText(Path.Join(SessionsDir, sid + ".jsonl"), $"{{\"type\":\"session\",\"id\":\"{sid}\"}}\n");
        }

        File.WriteAllText(Path.Join(SessionsDir, "sessions.json"), store.Append("}\n").ToString());

        // The launcher builds the CLI once; do that first, so the run below starts at once.
        (await Repo.RunAsync("session-closer", ["--version"])).ExitCode.Should().Be(0);
        HoldLock();
        var command = string.Join(' ', ((string[])[Path.Join(Repo.Root, "bin", "close-project"), "--state-dir", StateDir, "--lock-timeout", "3600", .. ids]).Select(Quote));
        var start = new ProcessStartInfo("script", ["-q", "-e", "-c", command, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in Repo.Environment())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var screen = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer, ct)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, read);
                }
            }
        }, ct);
        string Seen()
        {
            lock (screen)
            {
                return screen.ToString();
            }
        }

        // The lock is kept fresh (OpenClaw's stale rule is 30 s) until the progress line is on the terminal.
        var waited = Stopwatch.StartNew();
        while (!Seen().Contains("session-closer: closing (", StringComparison.Ordinal))
        {
            process.HasExited.Should().BeFalse($"the run waits for the lock; it printed:\n{Seen()}\n{await process.StandardError.ReadToEndAsync(ct)}");
            waited.Elapsed.Should().BeLessThan(Patience, Seen());
            HoldLock();
            await Task.Delay(200, ct);
        }

        File.Delete(LockPath);
        (await Task.WhenAny(process.WaitForExitAsync(ct), Task.Delay(Patience, ct))).Should().NotBeNull();
        process.HasExited.Should().BeTrue(Seen());
        await reader;
        process.ExitCode.Should().Be(0, Seen());

        // .NET's console switches a terminal's keypad mode on (and off) by itself; session-closer writes no escape codes.
        var raw = Seen().Replace("\u001b[?1h\u001b=", "", StringComparison.Ordinal).Replace("\u001b[?1l\u001b>", "", StringComparison.Ordinal);
        raw.Should().NotContain("\u001b", "no colour or escape codes");
        raw.Should().Contain("session-closer: closing 3/3 (", "the count reached the total");
        var lines = TerminalScreen.Replay(raw).Where(l => l.Length > 0).ToList();
        lines.Should().HaveCount(4, raw);
        lines[..3].Should().Equal(ids.Select((id, i) => $"CLOSED agent:project-lead:{id} sessionId=0000000{i}-0000-4000-8000-000000000000"));
        lines[3].Should().StartWith("session-closer: closed 3 session(s), archived 3 file(s); backup ", "the summary comes last and the progress line is gone");
    }

    /// <summary>Writes OpenClaw's lock as a live process (this one) holding it now; by rename, so a reader never sees half.</summary>
    private void HoldLock()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var starttime = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        var body = string.Create(CultureInfo.InvariantCulture, $"{{\n  \"pid\": {Environment.ProcessId},\n  \"createdAt\": \"{DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\n  \"starttime\": {starttime}\n}}");
        var temp = Path.Join(_root, "lock.tmp");
        File.WriteAllText(temp, body);
        File.Move(temp, LockPath, overwrite: true);
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

}
