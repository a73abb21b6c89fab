using System.Text;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Errors;

namespace SessionCloser.Tests.Closing;

/// <summary>Every refusal names the problem, carries its exit code, and leaves the directory byte-identical.</summary>
public sealed class RefusalTests : IDisposable
{
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string M = "mmmmmmmm-0000-4000-8000-000000000000";

    private readonly ClosingState _state = new();

    public void Dispose() => _state.Dispose();

    private void AssertSkippedAndUnchanged(string argument, string reasonPart)
    {
        var before = _state.Snapshot();

        var report = _state.Close(argument);

        report.Outcomes.Single().Status.Should().Be(OutcomeStatus.Skipped);
        report.Outcomes.Single().Reason.Should().Contain(reasonPart);
        report.ExitCode.Should().Be(ExitCode.Refused);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    private void AssertThrowsAndUnchanged(Action act, ExitCode code, string messagePart)
    {
        var before = _state.Snapshot();

        var error = act.Should().Throw<SessionCloserException>().Which;

        error.ExitCode.Should().Be(code);
        error.Message.Should().Contain(messagePart);
        before.DiffTo(_state.Snapshot()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("main")]
    [InlineData("agent:project-lead:main")]
    [InlineData("AGENT:PROJECT-LEAD:MAIN")]
    [InlineData("agent:main:main")]
    public void The_main_session_is_never_closed(string argument)
    {
        _state.Session("agent:project-lead:main", M).Session("agent:main:main", A).Save();

        AssertSkippedAndUnchanged(argument, "main session");
    }

    [Theory]
    [InlineData("global")]
    [InlineData("unknown")]
    public void Global_and_unknown_are_never_closed(string key)
    {
        _state.Session(key, A).Save();

        AssertSkippedAndUnchanged(key, "main session");
    }

    [Fact]
    public void Keep_only_with_a_keep_argument_that_matches_nothing_refuses_the_whole_run()
    {
        _state.Session("agent:project-lead:acme", A).Session("agent:project-lead:beta", "b1").Save();

        AssertThrowsAndUnchanged(() => _state.KeepOnly("acme", "acne"), ExitCode.Refused, "acne");
    }

    [Fact]
    public void Keep_only_with_allow_missing_proceeds()
    {
        _state.Session("agent:project-lead:acme", A).Session("agent:project-lead:beta", "b1").Save();

        var report = _state.Run(CloseMode.KeepOnly, ["acme", "acne"], r => r with { AllowMissing = true });

        report.Outcomes.Select(o => (o.Status, o.Subject)).Should().BeEquivalentTo([
            (OutcomeStatus.NotFound, "acne"), (OutcomeStatus.Kept, "agent:project-lead:acme"), (OutcomeStatus.Closed, "agent:project-lead:beta")]);
    }

    [Fact]
    public void A_sessionFile_outside_the_sessions_directory_is_refused()
    {
        var outside = Path.Join(_state.Root, "elsewhere.jsonl");
        File.WriteAllText(outside, "precious");
        _state.Session("agent:project-lead:acme", A, e => e["sessionFile"] = outside).Save();

        AssertSkippedAndUnchanged("acme", "outside the sessions directory");
    }

    [Fact]
    public void A_sessionFile_climbing_out_with_dot_dot_is_refused()
    {
        _state.Session("agent:project-lead:acme", A, e => e["sessionFile"] = "../../../precious.jsonl").Save();
        File.WriteAllText(Path.Join(_state.Root, "precious.jsonl"), "precious");

        AssertSkippedAndUnchanged("acme", "outside the sessions directory");
    }

    [Theory]
    [InlineData("sessions.json", "is the store sessions.json")]
    [InlineData("sessions.json.lock", "is the store sessions.json")]
    [InlineData("sessions.json.bak-2026-01-01T00-00-00.000Z", "is the store sessions.json")]
    [InlineData("other.jsonl.lock", "is a lock file")]
    [InlineData(A + ".jsonl.deleted.2026-01-01T00-00-00.000Z", "is an archive")]
    public void A_sessionFile_naming_the_store_a_lock_or_an_archive_is_refused_by_name(string sessionFile, string reasonPart)
    {
        // Inside the directory, but archiving one of these as a "transcript" would take the store or a lock away.
        // Judged by name, whether or not the file exists (a lock file here would lock the store itself).
        _state.Session("agent:project-lead:acme", A, e => e["sessionFile"] = sessionFile).Save();
        var path = Path.Join(_state.SessionsDir, sessionFile);
        if (!File.Exists(path) && !sessionFile.EndsWith(".lock", StringComparison.Ordinal))
        {
            File.WriteAllText(path, "x");
        }

        AssertSkippedAndUnchanged("acme", "sessionFile: " + path + " " + reasonPart);
    }

    [Fact]
    public void A_symlinked_store_is_refused_even_in_a_dry_run()
    {
        _state.Session("agent:project-lead:acme", A).Save();
        var target = Path.Join(_state.Root, "real-store.json");
        File.Move(_state.StorePath, target);
        File.CreateSymbolicLink(_state.StorePath, target);

        AssertThrowsAndUnchanged(() => _state.Close("acme"), ExitCode.StoreError, "is a symbolic link");
        AssertThrowsAndUnchanged(() => _state.Run(CloseMode.Close, ["acme"], r => r with { DryRun = true }), ExitCode.StoreError, "is a symbolic link");
    }

    [Fact]
    public void A_symlink_leaving_the_sessions_directory_is_refused()
    {
        var outside = Path.Join(_state.Root, "precious.jsonl");
        File.WriteAllText(outside, "precious");
        _state.Session("agent:project-lead:acme", A, e => e["sessionFile"] = "link.jsonl", transcript: false).Save();
        File.CreateSymbolicLink(Path.Join(_state.SessionsDir, "link.jsonl"), outside);

        AssertSkippedAndUnchanged("acme", "symlink that leaves the sessions directory");
    }

    [Fact]
    public void A_transcript_named_after_its_session_that_is_a_symlink_leaving_the_sessions_directory_is_refused()
    {
        // The directory scan files this name under the session: its own listing must not vouch for a link.
        var outside = Path.Join(_state.Root, "precious.jsonl");
        File.WriteAllText(outside, "precious");
        _state.Session("agent:project-lead:acme", A, e => e["sessionFile"] = Path.Join(_state.SessionsDir, A + ".jsonl"), transcript: false).Save();
        File.CreateSymbolicLink(Path.Join(_state.SessionsDir, A + ".jsonl"), outside);

        AssertSkippedAndUnchanged("acme", "symlink that leaves the sessions directory");
    }

    [Theory]
    [InlineData("../../escape")]
    [InlineData("a/b")]
    [InlineData("-dash")]
    [InlineData("x.checkpoint.11111111-2222-4333-8444-555555555555")]
    public void A_sessionId_OpenClaw_would_reject_is_refused(string sessionId)
    {
        _state.Session("agent:project-lead:acme", sessionId, transcript: false).Save();

        AssertSkippedAndUnchanged("acme", "session id rules");
    }

    [Fact]
    public void An_entry_with_a_non_string_sessionId_is_refused()
    {
        _state.Session("agent:project-lead:acme", A, e => e["sessionId"] = 42).Save();

        AssertSkippedAndUnchanged("acme", "sessionId is a number");
    }

    [Theory]
    [InlineData("{\"agent:project-lead:acme\": {\"sessionId\": \"x\", \"updatedAt\": 1},}")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("{\"a\":{},\"a\":{}}")]
    public void An_unparseable_store_is_refused_with_a_store_error(string text)
    {
        File.WriteAllText(_state.StorePath, text, new UTF8Encoding(false));

        AssertThrowsAndUnchanged(() => _state.Close("acme"), ExitCode.StoreError, "nothing was changed");
    }

    [Fact]
    public void A_store_locked_by_a_live_OpenClaw_process_times_out_with_nothing_changed()
    {
        _state.Session("agent:project-lead:acme", A).Save();
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30"))!;
        try
        {
            File.WriteAllText(_state.StorePath + ".lock", $"{{\n  \"pid\": {holder.Id},\n  \"createdAt\": \"{DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\"\n}}");

            AssertThrowsAndUnchanged(() => _state.Close("acme"), ExitCode.StoreError, "is locked by pid " + holder.Id);
        }
        finally
        {
            holder.Kill();
        }
    }
}
