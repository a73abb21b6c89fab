using System.Text;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Errors;
using SessionCloser.Tests.Closing;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Undo;

/// <summary>restore through the files: entries back where they were, archives back under their names, refusals.</summary>
public sealed class RestoreTests : IDisposable
{
    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    private ClosingState ThreeSessions() => _state
        .Session("agent:project-lead:a", "sid-a")
        .Session("agent:project-lead:b", "sid-b")
        .Session("agent:project-lead:c", "sid-c")
        .Save();

    private string[] Keys() => [.. System.Text.Json.JsonDocument.Parse(_state.StoreText).RootElement.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Restoring_a_close_on_the_untouched_store_gives_the_store_and_files_back_byte_for_byte()
    {
        ThreeSessions();
        var before = File.ReadAllBytes(_state.StorePath);
        var files = _state.FileNames.ToList();
        var close = _state.CloseLogged(CloseMode.Close, "a", "b");

        var report = _state.Restore(close.OperationId!);

        File.ReadAllBytes(_state.StorePath).Should().Equal(before);
        _state.FileNames.Where(n => !n.Contains(".bak-", StringComparison.Ordinal)).Should().Equal(files);
        report.StoreAsBefore.Should().BeTrue();
        report.Outcomes.Select(o => (o.Status, o.Key)).Should().Equal((RestoreStatus.Restored, "agent:project-lead:a"), (RestoreStatus.Restored, "agent:project-lead:b"));
        report.ExitCode.Should().Be(ExitCode.Success);
    }

    [Fact]
    public void A_store_not_in_OpenClaw_layout_also_comes_back_byte_for_byte()
    {
        ThreeSessions();
        File.WriteAllText(_state.StorePath, """{"agent:project-lead:a":{"sessionId":"sid-a"},  "agent:project-lead:b" : {"sessionId":"sid-b"},"agent:project-lead:c":{"sessionId":"sid-c"}}""" + "\n");
        var before = File.ReadAllBytes(_state.StorePath);
        var close = _state.CloseLogged(CloseMode.Close, "b");

        _state.Restore(close.OperationId!).StoreAsBefore.Should().BeTrue();

        File.ReadAllBytes(_state.StorePath).Should().Equal(before);
    }

    [Fact]
    public void Restoring_twice_is_refused_with_exit_4_and_changes_nothing()
    {
        ThreeSessions();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        var restore = _state.Restore(close.OperationId!);
        var snapshot = _state.Snapshot();

        var twice = () => _state.Restore(close.OperationId!);

        twice.Should().Throw<SessionCloserException>().Where(e => e.ExitCode == ExitCode.Refused && e.Message.Contains($"already restored by {restore.RestoreOperationId}", StringComparison.Ordinal));
        snapshot.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void An_entry_re_created_with_another_session_id_is_left_alone_unless_forced()
    {
        ThreeSessions();
        var close = _state.CloseLogged(CloseMode.Close, "a", "b");
        Edit(add: [("agent:project-lead:a", "sid-new")]);
        var recreated = _state.StoreText;

        var report = _state.Restore(close.OperationId!);

        report.ExitCode.Should().Be(ExitCode.Refused);
        var skipped = report.Outcomes.Single(o => o.Key == "agent:project-lead:a");
        skipped.Status.Should().Be(RestoreStatus.Skipped);
        skipped.Reason.Should().Contain("re-created since with sessionId sid-new");
        report.Outcomes.Single(o => o.Key == "agent:project-lead:b").Status.Should().Be(RestoreStatus.Restored);
        _state.StoreText.Should().Contain("sid-new").And.NotContain("\"sid-a\"").And.Contain("\"sid-b\"");
        recreated.Should().NotContain("sid-b");
        File.Exists(Path.Join(_state.SessionsDir, "sid-a.jsonl")).Should().BeFalse("the files of a session left alone stay archived");
        File.Exists(Path.Join(_state.SessionsDir, "sid-b.jsonl")).Should().BeTrue();
    }

    [Fact]
    public void Force_puts_the_recorded_entry_back_over_a_re_created_one_and_its_record_can_undo_that()
    {
        ThreeSessions();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        Edit(add: [("agent:project-lead:a", "sid-new")]);
        var recreated = File.ReadAllBytes(_state.StorePath);

        var forced = _state.Restore(close.OperationId!, force: true);

        forced.Outcomes.Single().Status.Should().Be(RestoreStatus.Restored);
        _state.StoreText.Should().Contain("\"sid-a\"").And.NotContain("sid-new");
        var record = _state.Log().Read(forced.RestoreOperationId!);
        record.Removed.Single().SessionId.Should().Be("sid-new");
        record.Added.Single().SessionId.Should().Be("sid-a");

        _state.Restore(forced.RestoreOperationId!);

        File.ReadAllBytes(_state.StorePath).Should().Equal(recreated);
    }

    [Fact]
    public void A_live_file_at_the_original_name_is_never_overwritten_and_is_reported()
    {
        ThreeSessions();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        var live = _state.WriteFile("sid-a.jsonl", "new life\n");

        var report = _state.Restore(close.OperationId!);

        File.ReadAllText(live).Should().Be("new life\n");
        var file = report.Outcomes.Single().Files.Single();
        file.Status.Should().Be(RestoreFileStatus.LiveFileInTheWay);
        File.Exists(file.From).Should().BeTrue("the archive stays");
        report.Warnings.Should().ContainSingle(w => w.Contains("already exists (a live file)", StringComparison.Ordinal));
    }

    [Fact]
    public void Entries_go_back_after_their_old_neighbour_before_else_before_the_one_after()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Session("agent:project-lead:c", "sid-c")
            .Session("agent:project-lead:d", "sid-d").Session("agent:project-lead:e", "sid-e").Save();
        var close = _state.CloseLogged(CloseMode.Close, "b", "d");
        Edit(remove: ["agent:project-lead:a"], add: [("agent:project-lead:x", "sid-x")]);

        _state.Restore(close.OperationId!);

        Keys().Should().Equal("agent:project-lead:b", "agent:project-lead:c", "agent:project-lead:d", "agent:project-lead:e", "agent:project-lead:x");
    }

    [Fact]
    public void An_entry_whose_neighbours_are_both_gone_goes_to_the_end_where_OpenClaw_adds_new_sessions()
    {
        ThreeSessions();
        var close = _state.CloseLogged(CloseMode.Close, "b");
        Edit(remove: ["agent:project-lead:a", "agent:project-lead:c"], add: [("agent:project-lead:x", "sid-x")]);

        _state.Restore(close.OperationId!);

        Keys().Should().Equal("agent:project-lead:x", "agent:project-lead:b");
    }

    [Fact]
    public void Integer_like_keys_stay_first_as_JSON_stringify_orders_them()
    {
        _state.Session("agent:project-lead:a", "sid-a").Session("agent:project-lead:b", "sid-b").Save();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        Edit(add: [("5", "sid-5")]);
        Keys().Should().Equal("5", "agent:project-lead:b");

        _state.Restore(close.OperationId!);

        Keys().Should().Equal("5", "agent:project-lead:a", "agent:project-lead:b");
    }

    [Fact]
    public void A_dry_run_changes_nothing_and_says_what_would_happen()
    {
        ThreeSessions();
        var close = _state.CloseLogged(CloseMode.Close, "a");
        var snapshot = _state.Snapshot();

        var report = _state.Restore(close.OperationId!, dryRun: true);

        report.DryRun.Should().BeTrue();
        report.Outcomes.Single().Files.Single().Status.Should().Be(RestoreFileStatus.Renamed);
        snapshot.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Fact]
    public void Keep_only_then_restore_gives_everything_back()
    {
        ThreeSessions();
        var before = File.ReadAllBytes(_state.StorePath);
        var files = _state.FileNames.ToList();
        var keepOnly = _state.CloseLogged(CloseMode.KeepOnly, "b");

        _state.Restore(keepOnly.OperationId!);

        File.ReadAllBytes(_state.StorePath).Should().Equal(before);
        _state.FileNames.Where(n => !n.Contains(".bak-", StringComparison.Ordinal)).Should().Equal(files);
    }

    /// <summary>What OpenClaw does between the close and the restore: delete some keys, add new sessions at the end.</summary>
    private void Edit(string[]? remove = null, (string Key, string SessionId)[]? add = null)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(_state.StoreText)!.AsObject();
        foreach (var key in remove ?? [])
        {
            node.Remove(key);
        }

        foreach (var (key, sessionId) in add ?? [])
        {
            node[key] = new System.Text.Json.Nodes.JsonObject { ["sessionId"] = sessionId, ["updatedAt"] = ClosingState.Recent };
        }

        File.WriteAllText(_state.StorePath, SessionCloser.Fixtures.JsJson.Stringify(node), new UTF8Encoding(false));
    }
}
