using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Fixtures;

namespace SessionCloser.EndToEnd;

/// <summary>The original interface, word for word, through bin/, on realistic generated stores.</summary>
public sealed class CloseCommandTests : IDisposable
{
    private const string ArchiveStamp = @"\.deleted\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$";

    private readonly TempState _state = TempState.Generate(120, ["project-lead", "main"]);

    public void Dispose() => _state.Dispose();

    private GeneratedAgent Lead => _state.State.Agent("project-lead");

    /// <summary>Sessions a test can close deterministically: not the main one, and without a (random-pid) transcript lock.</summary>
    private List<GeneratedSession> Closable(SessionKeyFamily family) =>
        [.. _state.State.Sessions.Where(s => s.AgentId == "project-lead" && s.Family == family && s.LockPath is null)];

    private static string ProjectId(GeneratedSession session) => session.Key["agent:project-lead:".Length..];

    /// <summary>Everything outside the agent's sessions directory, optionally but for the operation log (the one place a close writes there).</summary>
    private string OutsideSessionsDir(bool exceptOperationLog = false) => string.Join('\n', Directory.EnumerateFileSystemEntries(_state.Root, "*", SearchOption.AllDirectories)
        .Where(p => !p.StartsWith(Lead.SessionsDir, StringComparison.Ordinal))
        .Where(p => !exceptOperationLog || !p.StartsWith(Path.Join(_state.StateDir, "session-closer"), StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(p => File.Exists(p) ? $"{p} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p)))}" : p));

    [Fact]
    public async Task Close_project_closes_one_session_by_project_id_exactly_as_OpenClaw_would()
    {
        var target = Closable(SessionKeyFamily.Project)[0];
        var before = File.ReadAllText(Lead.StorePath, Encoding.UTF8);
        var outside = OutsideSessionsDir(exceptOperationLog: true);

        var result = await Repo.RunAsync("close-project", ["--state-dir", _state.StateDir, ProjectId(target)]);

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        result.StandardOutput.Should().Be($"CLOSED {target.Key} sessionId={target.SessionId}\n");
        File.ReadAllText(Lead.StorePath, Encoding.UTF8).Should().Be(NodeJsonOracle.StringifyWithout(before, [target.Key]));
        File.GetUnixFileMode(Lead.StorePath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        foreach (var artifact in target.Artifacts.Where(a => a.Kind is not (SessionArtifactKind.ResetArchive or SessionArtifactKind.TranscriptLock)))
        {
            File.Exists(artifact.Path).Should().BeFalse($"{artifact.Path} should have been archived");
            Directory.GetFiles(Path.GetDirectoryName(artifact.Path)!, Path.GetFileName(artifact.Path) + ".deleted.*").Should().ContainSingle()
                .Which.Should().MatchRegex(ArchiveStamp);
        }

        OutsideSessionsDir(exceptOperationLog: true).Should().Be(outside, "nothing outside the agent's sessions directory is touched but the operation log");
        Directory.GetFiles(Path.Join(_state.StateDir, "session-closer", "operations")).Should().ContainSingle();
        Directory.GetFiles(Lead.SessionsDir, "sessions.json.bak-*").Should().ContainSingle().Which.Should().Match(p => File.ReadAllText(p) == before);
    }

    [Fact]
    public async Task Session_key_option_and_legacy_project_ids_work_like_the_original()
    {
        var legacy = Closable(SessionKeyFamily.LegacyProject)[0];
        var byKey = Closable(SessionKeyFamily.Subagent)[0];

        var first = await Repo.RunAsync("close-project", ["--agent", "project-lead", "--state-dir", _state.StateDir, ProjectId(legacy)["project-".Length..]]);
        var second = await Repo.RunAsync("close-project", ["--state-dir", _state.StateDir, "--session-key", byKey.Key]);

        first.StandardOutput.Should().Be($"CLOSED {legacy.Key} sessionId={legacy.SessionId}\n", Repo.Describe(first));
        second.StandardOutput.Should().Be($"CLOSED {byKey.Key} sessionId={byKey.SessionId}\n", Repo.Describe(second));
    }

    [Fact]
    public async Task Close_project_batch_closes_many_in_one_write_and_reports_what_is_missing()
    {
        var targets = Closable(SessionKeyFamily.Project).Take(2).Concat(Closable(SessionKeyFamily.CronRun).Take(2)).ToList();
        var before = File.ReadAllText(Lead.StorePath, Encoding.UTF8);
        string[] arguments = ["--state-dir", _state.StateDir, .. targets.Select(t => t.Key), "no-such-project"];

        var result = await Repo.RunAsync("close-project-batch", arguments);

        result.ExitCode.Should().Be(3, Repo.Describe(result));
        result.StandardOutput.Should().Be(string.Concat(targets.Select(t => $"CLOSED {t.Key} sessionId={t.SessionId}\n")) + "NOT_FOUND no-such-project\n");
        File.ReadAllText(Lead.StorePath, Encoding.UTF8).Should().Be(NodeJsonOracle.StringifyWithout(before, [.. targets.Select(t => t.Key)]));
        Directory.GetFiles(Lead.SessionsDir, "sessions.json.bak-*").Should().ContainSingle("a batch writes the store once");
    }

    [Fact]
    public async Task Keep_only_sessions_keeps_the_named_ones_and_main_and_closes_the_rest_of_the_agent()
    {
        var keep = Closable(SessionKeyFamily.Project)[0];
        var mainStoreBefore = File.ReadAllText(_state.State.Agent("main").StorePath);

        var result = await Repo.RunAsync("keep-only-sessions", ["--state-dir", _state.StateDir, "--force", ProjectId(keep)]);

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        result.StandardOutput.Should().Contain($"KEPT {keep.Key}\n").And.Contain("KEPT agent:project-lead:main\n");
        using var store = JsonDocument.Parse(File.ReadAllText(Lead.StorePath));
        store.RootElement.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(keep.Key, "agent:project-lead:main");
        File.ReadAllText(_state.State.Agent("main").StorePath).Should().Be(mainStoreBefore, "another agent's store is never touched");
    }

    [Fact]
    public async Task Keep_only_refuses_a_typo_and_changes_nothing()
    {
        var before = OutsideSessionsDir() + File.ReadAllText(Lead.StorePath) + string.Join(",", Directory.GetFiles(Lead.SessionsDir).Order(StringComparer.Ordinal));

        var result = await Repo.RunAsync("keep-only-sessions", ["--state-dir", _state.StateDir, "definitely-not-a-project"]);

        result.ExitCode.Should().Be(4, Repo.Describe(result));
        result.StandardError.Should().Contain("definitely-not-a-project").And.Contain("nothing was changed");
        (OutsideSessionsDir() + File.ReadAllText(Lead.StorePath) + string.Join(",", Directory.GetFiles(Lead.SessionsDir).Order(StringComparer.Ordinal))).Should().Be(before);
    }

    [Fact]
    public async Task Json_output_is_one_documented_object()
    {
        var target = Closable(SessionKeyFamily.Project)[0];

        var result = await Repo.RunAsync("session-closer", ["close", "--state-dir", _state.StateDir, "--agent", "project-lead", "--json", ProjectId(target)]);

        result.ExitCode.Should().Be(0, Repo.Describe(result));
        using var document = JsonDocument.Parse(result.StandardOutput);
        var root = document.RootElement;
        root.GetProperty("command").GetString().Should().Be("close");
        root.GetProperty("backend").GetString().Should().Be("files");
        root.GetProperty("closeBy").GetString().Should().Be("delete");
        root.GetProperty("route").GetProperty("gatewayLive").GetBoolean().Should().BeFalse();
        root.GetProperty("route").GetProperty("gatewayUrl").GetString().Should().Be(Repo.NoGatewayUrl + "/");
        root.GetProperty("route").GetProperty("reason").GetString().Should().Contain("no gateway answers");
        root.GetProperty("storePath").GetString().Should().Be(Lead.StorePath);
        root.GetProperty("summary").GetProperty("closed").GetInt32().Should().Be(1);
        var only = root.GetProperty("results").EnumerateArray().Single();
        only.GetProperty("status").GetString().Should().Be("closed");
        only.GetProperty("key").GetString().Should().Be(target.Key);
        only.GetProperty("sessionId").GetString().Should().Be(target.SessionId);
        only.GetProperty("files").EnumerateArray().Should().NotBeEmpty().And.OnlyContain(f => File.Exists(f.GetProperty("to").GetString()!));
        File.Exists(root.GetProperty("backupPath").GetString()).Should().BeTrue();
    }

    [Fact]
    public async Task An_sqlite_era_install_is_refused_with_nothing_written()
    {
        var sqlite = Path.Join(_state.StateDir, "agents", "project-lead", "agent", "openclaw-agent.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(sqlite)!);
        var header = new byte[100];
        "SQLite format 3\0"u8.CopyTo(header);
        header[63] = 23;
        File.WriteAllBytes(sqlite, header);
        var before = OutsideSessionsDir() + File.ReadAllText(Lead.StorePath);

        var result = await Repo.RunAsync("close-project", ["--state-dir", _state.StateDir, ProjectId(Closable(SessionKeyFamily.Project)[0])]);

        result.ExitCode.Should().Be(4, Repo.Describe(result));
        result.StandardError.Should().Contain("SQLite").And.Contain("Nothing was changed");
        (OutsideSessionsDir() + File.ReadAllText(Lead.StorePath)).Should().Be(before);
    }

    [Fact]
    public async Task Gateway_only_requests_without_a_gateway_change_nothing()
    {
        var target = ProjectId(Closable(SessionKeyFamily.Project)[0]);
        var before = OutsideSessionsDir() + File.ReadAllText(Lead.StorePath) + string.Join(",", Directory.GetFiles(Lead.SessionsDir).Order(StringComparer.Ordinal));

        var archive = await Repo.RunAsync("close-project", ["--state-dir", _state.StateDir, "--archive", target]);
        var archiveFiles = await Repo.RunAsync("close-project", ["--state-dir", _state.StateDir, "--archive", "--backend", "files", target]);
        var gatewayOnly = await Repo.RunAsync("close-project", ["--state-dir", _state.StateDir, "--backend", "gateway", target]);

        archive.ExitCode.Should().Be(4, Repo.Describe(archive));
        archive.StandardError.Should().Contain("--archive needs a running gateway");
        archiveFiles.ExitCode.Should().Be(2, Repo.Describe(archiveFiles));
        gatewayOnly.ExitCode.Should().Be(5, Repo.Describe(gatewayOnly));
        gatewayOnly.StandardError.Should().Contain("no OpenClaw gateway answers at " + Repo.NoGatewayUrl);
        (OutsideSessionsDir() + File.ReadAllText(Lead.StorePath) + string.Join(",", Directory.GetFiles(Lead.SessionsDir).Order(StringComparer.Ordinal))).Should().Be(before);
    }
}
