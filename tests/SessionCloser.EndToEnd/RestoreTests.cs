using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd;

/// <summary>
/// restore and history through bin/ on realistic generated stores: the original commands' closes undone byte for
/// byte, and a restore killed at each of its step boundaries finished (or rolled back) by the next run.
/// </summary>
public sealed class RestoreTests : IDisposable
{
    private readonly TempState _state = TempState.Generate(60, ["project-lead", "main"]);

    public void Dispose() => _state.Dispose();

    private GeneratedAgent Lead => _state.State.Agent("project-lead");

    private List<GeneratedSession> Closable => [.. _state.State.Sessions.Where(s => s.AgentId == "project-lead" && s.Family != SessionKeyFamily.Main && s.LockPath is null)];

    /// <summary>The sessions directory as it is, backups aside (a restore takes one, as a close does).</summary>
    private Dictionary<string, string> SessionsDir() =>
        DirectorySnapshot.Take(Lead.SessionsDir).Items.Where(i => !i.Key.Contains(".bak-", StringComparison.Ordinal)).ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);

    private Task<CliWrap.Buffered.BufferedCommandResult> Run(string command, params string[] args) => Repo.RunAsync(command, ["--state-dir", _state.StateDir, .. args]);

    [Fact]
    public async Task Close_project_batch_then_restore_last_gives_the_directory_back_byte_for_byte()
    {
        var before = SessionsDir();
        var store = await File.ReadAllBytesAsync(Lead.StorePath, TestContext.Current.CancellationToken);
        var keys = Closable.Take(12).Select(s => s.Key).ToList();

        var close = await Run("close-project-batch", [.. keys]);
        close.ExitCode.Should().Be(0, Repo.Describe(close));
        SessionsDir().Should().NotBeEquivalentTo(before);

        var restore = await Repo.RunAsync("session-closer", ["restore", "--last", "--state-dir", _state.StateDir, "--agent", "project-lead"]);

        restore.ExitCode.Should().Be(0, Repo.Describe(restore));
        restore.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(12).And.OnlyContain(l => l.StartsWith("RESTORED ", StringComparison.Ordinal));
        restore.StandardError.Should().Contain("the store is byte for byte as before");
        (await File.ReadAllBytesAsync(Lead.StorePath, TestContext.Current.CancellationToken)).Should().Equal(store);
        SessionsDir().Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Keep_only_sessions_then_restore_gives_everything_back_and_history_says_so()
    {
        var before = SessionsDir();
        var keep = Closable.Take(3).Select(s => s.Key).ToList();

        var keepOnly = await Run("keep-only-sessions", [.. keep]);
        keepOnly.ExitCode.Should().Be(0, Repo.Describe(keepOnly));
        var restore = await Repo.RunAsync("session-closer", ["restore", "--last", "--state-dir", _state.StateDir, "--agent", "project-lead", "--json"]);

        restore.ExitCode.Should().Be(0, Repo.Describe(restore));
        using var json = JsonDocument.Parse(restore.StandardOutput);
        json.RootElement.GetProperty("storeAsBefore").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("undoneCommand").GetString().Should().Be("keep-only");
        SessionsDir().Should().BeEquivalentTo(before);

        var history = await Repo.RunAsync("session-closer", ["history", "--state-dir", _state.StateDir, "--agent", "project-lead", "--json"]);
        history.ExitCode.Should().Be(0, Repo.Describe(history));
        using var log = JsonDocument.Parse(history.StandardOutput);
        var operations = log.RootElement.GetProperty("operations").EnumerateArray().ToList();
        operations.Select(o => (o.GetProperty("command").GetString(), o.GetProperty("state").GetString())).Should().Equal(("restore", "complete"), ("keep-only", "restored"));
        operations[1].GetProperty("commandLine").EnumerateArray().Select(a => a.GetString()).Should().Equal(["keep-only", "--agent", "project-lead", .. keep.Prepend(_state.StateDir).Prepend("--state-dir")], "bin/keep-only-sessions passes its original default agent");
    }

    public static TheoryData<string> RestoreBoundaries =>
    [
        "restore.locked", "restore.oplog-written", "restore.journal-written", "restore.backup-written", "restore.store-replaced",
        "restore.rename", "restore.rename@2", "restore.target-marked", "restore.oplog-complete", "restore.journal-removed",
    ];

    [Theory]
    [MemberData(nameof(RestoreBoundaries))]
    public async Task A_restore_killed_at_a_step_boundary_is_finished_or_rolled_back_by_the_next_run(string failpoint)
    {
        var before = SessionsDir();
        var close = await Run("close-project-batch", [.. Closable.Take(5).Select(s => s.Key)]);
        close.ExitCode.Should().Be(0, Repo.Describe(close));
        var id = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Join(_state.StateDir, "session-closer", "operations")).Single());

        var killed = await Repo.RunAsync("session-closer", ["restore", id, "--state-dir", _state.StateDir, "--agent", "project-lead"], new Dictionary<string, string?> { ["SESSION_CLOSER_FAILPOINT"] = failpoint });
        killed.ExitCode.Should().NotBe(0, "the failpoint kills it: " + Repo.Describe(killed));

        // The next run finishes what the killed one started (then has nothing left: 4, already restored) or, when the
        // killed one had not replaced the store, does the whole restore (0).
        var again = await Repo.RunAsync("session-closer", ["restore", id, "--state-dir", _state.StateDir, "--agent", "project-lead"]);
        again.ExitCode.Should().BeOneOf([0, 4], Repo.Describe(again));
        SessionsDir().Should().BeEquivalentTo(before, "after " + failpoint + " and the next run, every entry and file is back: " + Repo.Describe(again));
        Directory.GetFiles(Lead.SessionsDir, "*.tmp").Should().BeEmpty();
        File.Exists(Lead.StorePath + ".session-closer-journal").Should().BeFalse();

        var history = await Repo.RunAsync("session-closer", ["history", "--state-dir", _state.StateDir, "--agent", "project-lead", "--json"]);
        using var log = JsonDocument.Parse(history.StandardOutput);
        var states = log.RootElement.GetProperty("operations").EnumerateArray().Select(o => (o.GetProperty("command").GetString(), o.GetProperty("state").GetString())).ToList();
        states.Should().Contain(("close", "restored"), history.StandardOutput);
        states.Where(s => s.Item1 == "restore").Should().Contain(("restore", "complete")).And.OnlyContain(s => s.Item2 == "complete" || s.Item2 == "rolled-back" || s.Item2 == "incomplete", history.StandardOutput);
    }

    [Theory]
    [InlineData("close.oplog-written", 4)]
    [InlineData("close.oplog-complete", 0)]
    public async Task A_close_killed_at_its_record_boundaries_leaves_a_record_that_tells_the_truth(string failpoint, int restoreExit)
    {
        var before = SessionsDir();
        var killed = await Repo.RunAsync("close-project-batch", ["--state-dir", _state.StateDir, .. Closable.Take(4).Select(s => s.Key)], new Dictionary<string, string?> { ["SESSION_CLOSER_FAILPOINT"] = failpoint });
        killed.ExitCode.Should().NotBe(0, Repo.Describe(killed));

        var restore = await Repo.RunAsync("session-closer", ["restore", "--last", "--state-dir", _state.StateDir, "--agent", "project-lead"]);

        restore.ExitCode.Should().Be(restoreExit, Repo.Describe(restore));
        if (restoreExit == 4)
        {
            restore.StandardError.Should().Contain("was interrupted before it changed the store");
        }

        SessionsDir().Should().BeEquivalentTo(before);
    }
}
