using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Closing;

public sealed class FileCloserTests : IDisposable
{
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string B = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string C = "cccccccc-0000-4000-8000-000000000003";
    private const string M = "mmmmmmmm-0000-4000-8000-000000000000";
    private const string Stamp = @"\.deleted\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$";

    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    private ClosingState ThreeProjects() => _state
        .Session("agent:project-lead:main", M)
        .Session("agent:project-lead:acme", A, e => e["label"] = "Acme — 発売 🚀")
        .Session("agent:project-lead:project-legacy", B)
        .Session("agent:project-lead:beta", C)
        .Save();

    [Fact]
    public void Closing_a_project_removes_exactly_its_entry_as_JSON_stringify_would_write_it()
    {
        ThreeProjects();
        var before = _state.StoreText;

        var report = _state.Close("acme");

        report.Outcomes.Should().ContainSingle().Which.Should().Match<SessionOutcome>(o =>
            o.Status == OutcomeStatus.Closed && o.Subject == "agent:project-lead:acme" && o.SessionId == A && o.Argument == "acme");
        _state.StoreText.Should().Be(NodeJsonOracle.StringifyWithout(before, ["agent:project-lead:acme"]));
        File.GetUnixFileMode(_state.StorePath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(report.BackupPath!).Should().Be(before);
        File.GetUnixFileMode(report.BackupPath!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _state.FileNames.Should().ContainMatch($"{A}.jsonl.deleted.*").And.NotContain($"{A}.jsonl").And.Contain([$"{B}.jsonl", $"{C}.jsonl", $"{M}.jsonl"]);
        report.Outcomes[0].Files.Should().ContainSingle().Which.To.Should().MatchRegex(A + @"\.jsonl" + Stamp);
    }

    [Fact]
    public void Exotic_numbers_escapes_lone_surrogates_and_integer_keys_survive_exactly_as_JSON_stringify_writes_them()
    {
        const string Raw = """
            {"agent:project-lead:acme": {"sessionId": "aaaaaaaa-0000-4000-8000-000000000001", "updatedAt": 1776061122123},
             "agent:project-lead:exotic": {"sessionId": "bbbbbbbb-0000-4000-8000-000000000002", "updatedAt": 1.776061122123e12,
               "n": [1e21, 1e-7, 5e-324, 1.7976931348623157e308, 123456789012345678901234567890, -0, 0.1, 1.0, 1E5, 0.000001, 1e400],
               "s": "\ud800 \udc00x \u2028 \u007f \u0001 é 😀 \"q\" \\ \/", "\u0041": 1, "10": 2, "2": 3, "__proto__": {"x": 1}, "": null},
             "10": {"sessionId": "cccccccc-0000-4000-8000-000000000003", "updatedAt": 5},
             "agent:project-lead:\ud83d lone": {"sessionId": "dddddddd-0000-4000-8000-000000000004", "updatedAt": 6}}
            """;
        var canonical = NodeJsonOracle.StringifyAll([Raw])[0];
        File.WriteAllText(_state.StorePath, canonical, new System.Text.UTF8Encoding(false));

        _state.Close("acme").Outcomes.Single().Status.Should().Be(OutcomeStatus.Closed);
        _state.StoreText.Should().Be(NodeJsonOracle.StringifyWithout(canonical, ["agent:project-lead:acme"]));

        var afterFirst = _state.StoreText;
        // "11" names no key ("10" would: an argument that is exactly a stored key closes that key).
        _state.Close("agent:project-lead:\ud83d lone", "11").Outcomes.Select(o => o.Status).Should().Equal(OutcomeStatus.Closed, OutcomeStatus.NotFound);
        _state.StoreText.Should().Be(NodeJsonOracle.StringifyWithout(afterFirst, ["agent:project-lead:\ud83d lone"]));
        _state.StoreText.Should().Contain("1e+21").And.Contain("5e-324").And.Contain("1.2345678901234568e+29").And.Contain("\\ud800");
    }

    [Fact]
    public void A_project_id_falls_back_to_the_legacy_project_key_and_keys_work_verbatim()
    {
        ThreeProjects();

        var report = _state.Close("legacy", "agent:project-lead:beta", "AGENT:Project-Lead:Acme");

        report.Outcomes.Select(o => (o.Status, o.Subject)).Should().Equal(
            (OutcomeStatus.Closed, "agent:project-lead:project-legacy"),
            (OutcomeStatus.Closed, "agent:project-lead:beta"),
            (OutcomeStatus.Closed, "agent:project-lead:acme"));
        JsonNode.Parse(_state.StoreText)!.AsObject().Select(p => p.Key).Should().Equal("agent:project-lead:main");
    }

    [Fact]
    public void A_batch_writes_the_store_once_and_reports_what_was_not_found()
    {
        ThreeProjects();

        var report = _state.Close("acme", "nope", "beta", "acme");

        report.Outcomes.Select(o => o.Status).Should().Equal(OutcomeStatus.Closed, OutcomeStatus.NotFound, OutcomeStatus.Closed);
        report.ExitCode.Should().Be(ExitCode.NotFound);
        Directory.GetFiles(_state.SessionsDir, "sessions.json.bak-*").Should().ContainSingle();
    }

    [Fact]
    public void All_case_variants_of_a_key_close_together()
    {
        _state.Session("agent:project-lead:acme", A).Session("Agent:Project-Lead:ACME", B, updatedAt: ClosingState.Recent + 5).Session("agent:project-lead:beta", C).Save();
        var before = _state.StoreText;

        var report = _state.Close("acme");

        report.Outcomes.Single().Keys.Should().BeEquivalentTo("agent:project-lead:acme", "Agent:Project-Lead:ACME");
        report.Outcomes.Single().SessionId.Should().Be(B, "the newest variant represents the session");
        _state.StoreText.Should().Be(NodeJsonOracle.StringifyWithout(before, ["agent:project-lead:acme", "Agent:Project-Lead:ACME"]));
    }

    [Fact]
    public void Keep_only_keeps_the_named_sessions_the_main_session_and_other_agents_sessions()
    {
        ThreeProjects();
        _state.Session("agent:ops:thing", "dddddddd-0000-4000-8000-000000000004").Save();

        var report = _state.KeepOnly("beta");

        report.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).Select(o => o.Subject)
            .Should().BeEquivalentTo("agent:project-lead:acme", "agent:project-lead:project-legacy");
        JsonNode.Parse(_state.StoreText)!.AsObject().Select(p => p.Key)
            .Should().Equal("agent:project-lead:main", "agent:project-lead:beta", "agent:ops:thing");
    }

    [Fact]
    public void Every_artifact_of_a_closed_session_is_archived_and_nothing_else()
    {
        const string Checkpoint = "11111111-2222-4333-8444-555555555555";
        var hash = new string('a', 64);
        _state.Session("agent:project-lead:acme", A, e =>
        {
            e["sessionFile"] = Path.Join(_state.SessionsDir, A + ".jsonl");
            e["compactionCheckpoints"] = new JsonArray(new JsonObject
            {
                ["checkpointId"] = "c1",
                ["preCompaction"] = new JsonObject { ["sessionId"] = A, ["sessionFile"] = $"{A}.checkpoint.{Checkpoint}.jsonl" },
            });
            e["skillsSnapshot"] = new JsonObject { ["promptRef"] = new JsonObject { ["version"] = 1, ["algorithm"] = "sha256", ["hash"] = hash, ["bytes"] = 1 } };
        }).Session("agent:project-lead:beta", B).Save();
        string[] owned =
        [
            $"{A}-topic-42.jsonl", $"2026-04-13T06-18-42-123Z_{A}.jsonl", $"{A}.checkpoint.{Checkpoint}.jsonl",
            $"{A}.trajectory.jsonl", $"{A}.trajectory-path.json", $"{A}-topic-42.trajectory.jsonl",
        ];
        foreach (var name in owned)
        {
            _state.WriteFile(name);
        }

        var oldArchive = _state.WriteFile($"{A}.jsonl.reset.2026-01-01T00-00-00.000Z");
        var blob = _state.WriteFile($"skills-prompts/sha256/aa/{hash}.txt");

        var report = _state.Close("acme");

        report.Outcomes.Single().Files.Select(f => Path.GetRelativePath(_state.SessionsDir, f.RenamedFrom)).Should().BeEquivalentTo(owned.Append($"{A}.jsonl"));
        foreach (var file in report.Outcomes.Single().Files)
        {
            File.Exists(file.From).Should().BeFalse();
            File.Exists(file.To).Should().BeTrue();
            file.To.Should().MatchRegex(Stamp);
        }

        File.Exists(oldArchive).Should().BeTrue("OpenClaw's own archives are never re-archived");
        File.Exists(blob).Should().BeTrue("prompt blobs are shared caches that OpenClaw prunes itself");
        File.Exists(Path.Join(_state.SessionsDir, B + ".jsonl")).Should().BeTrue();
    }

    [Fact]
    public void Files_still_referenced_by_an_entry_that_stays_are_not_touched()
    {
        var hash = new string('b', 64);
        JsonObject PromptRef() => new() { ["promptRef"] = new JsonObject { ["version"] = 1, ["algorithm"] = "sha256", ["hash"] = hash, ["bytes"] = 1 } };
        _state.Session("agent:project-lead:acme", A, e => e["skillsSnapshot"] = PromptRef())
            .Session("agent:project-lead:twin", A, e => e["skillsSnapshot"] = PromptRef(), transcript: false)
            .Save();
        var blob = _state.WriteFile($"skills-prompts/sha256/bb/{hash}.txt");

        var report = _state.Close("acme");

        report.Outcomes.Single().Status.Should().Be(OutcomeStatus.Closed);
        report.Outcomes.Single().Files.Should().BeEmpty();
        File.Exists(Path.Join(_state.SessionsDir, A + ".jsonl")).Should().BeTrue();
        File.Exists(blob).Should().BeTrue();
    }

    [Fact]
    public void A_stale_transcript_lock_does_not_stop_closing()
    {
        ThreeProjects();
        _state.WriteFile(A + ".jsonl.lock", "{\"pid\": 999999999, \"createdAt\": \"2020-01-01T00:00:00.000Z\"}");

        _state.Close("acme").Outcomes.Single().Status.Should().Be(OutcomeStatus.Closed);
    }

    [Fact]
    public void A_live_transcript_lock_skips_the_session_unless_forced()
    {
        ThreeProjects();
        using var runner = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            _state.WriteFile(A + ".jsonl.lock", $"{{\"pid\": {runner.Id}, \"createdAt\": \"{DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)}\"}}");
            var before = _state.Snapshot();

            var skipped = _state.Close("acme");

            skipped.Outcomes.Single().Status.Should().Be(OutcomeStatus.Skipped);
            skipped.Outcomes.Single().Reason.Should().Contain("run is in progress");
            skipped.ExitCode.Should().Be(ExitCode.Refused);
            before.DiffTo(_state.Snapshot()).Should().BeEmpty();

            _state.Run(CloseMode.Close, ["acme"], r => r with { Force = true }).Outcomes.Single().Status.Should().Be(OutcomeStatus.Closed);
        }
        finally
        {
            runner.Kill();
        }
    }

    [Fact]
    public void A_session_held_back_keeps_the_files_it_shares_with_one_that_closes()
    {
        var outside = Path.Join(_state.Root, "elsewhere.jsonl");
        File.WriteAllText(outside, "x");
        _state.Session("agent:project-lead:acme", A, e => e["sessionFile"] = outside).Session("agent:project-lead:twin", A, transcript: false).Save();

        var report = _state.Close("acme", "twin");

        report.Outcomes.Select(o => (o.Subject, o.Status)).Should().Equal(
            ("agent:project-lead:acme", OutcomeStatus.Skipped),
            ("agent:project-lead:twin", OutcomeStatus.Closed));
        report.Outcomes[1].Files.Should().BeEmpty("acme stays and still uses session id " + A);
        File.Exists(Path.Join(_state.SessionsDir, A + ".jsonl")).Should().BeTrue();
    }

    [Fact]
    public void A_dry_run_reports_the_plan_and_changes_nothing()
    {
        ThreeProjects();
        var before = _state.Snapshot();

        var report = _state.Run(CloseMode.Close, ["acme", "beta"], r => r with { DryRun = true });

        report.Outcomes.Should().HaveCount(2).And.OnlyContain(o => o.Status == OutcomeStatus.Closed && o.Files.Count == 1);
        report.BackupPath.Should().BeNull();
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Backups_are_pruned_to_the_configured_count()
    {
        ThreeProjects();

        _state.Run(CloseMode.Close, ["acme"], r => r with { KeepBackups = 1 });
        _state.Run(CloseMode.Close, ["beta"], r => r with { KeepBackups = 1 });

        Directory.GetFiles(_state.SessionsDir, "sessions.json.bak-*").Should().ContainSingle();
    }

    [Fact]
    public void A_run_interrupted_after_writing_the_store_is_finished_by_the_next_run()
    {
        ThreeProjects();
        var planned = _state.Run(CloseMode.Close, ["acme"], r => r with { DryRun = true }).Outcomes.Single().Files.Single();
        var before = System.Text.Encoding.UTF8.GetBytes(_state.StoreText);
        var after = NodeJsonOracle.StringifyWithout(_state.StoreText, ["agent:project-lead:acme"]);

        // Simulate a crash between the store write and the renames: new store on disk, journal still there.
        new SessionCloser.Transactions.CloseJournal(_state.StorePath, SessionCloser.Transactions.CloseJournal.Sha256(before), SessionCloser.Transactions.CloseJournal.Sha256(System.Text.Encoding.UTF8.GetBytes(after)), DateTimeOffset.UtcNow, [planned]).Write();
        File.WriteAllText(_state.StorePath, after);

        var report = _state.Close("nothing-here");

        report.Recovered.Should().Contain("archived 1 remaining file");
        File.Exists(planned.From).Should().BeFalse();
        File.Exists(planned.To).Should().BeTrue();
        File.Exists(_state.StorePath + ".session-closer-journal").Should().BeFalse();
    }
}
