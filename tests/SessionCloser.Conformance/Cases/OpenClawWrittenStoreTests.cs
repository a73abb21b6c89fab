using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Artifacts;
using SessionCloser.Closing;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;
using SessionCloser.Store;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Case 2: OpenClaw writes, session-closer reads and closes: (a) a store rewritten by the real
/// <c>sessions cleanup --enforce</c>; (b) sessions made, reset and deleted by a real 2026.7.35 gateway;
/// (c) the entry and trajectory sidecars that <c>agent --local</c> leaves without a model key.
/// </summary>
public sealed class OpenClawWrittenStoreTests
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData(OpenClawInstall.EraA)]
    [InlineData(OpenClawInstall.EraB)]
    public async Task Store_rewritten_by_openclaw_cleanup_is_read_and_closed(string version)
    {
        await using var sandbox = OpenClawSandbox.Create(version);
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:main", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(1)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:old", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromDays(60)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:alpha", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(5)), SessionFileStyle.Relative, StoreSeed.ChatFields(label: "Alpha"))
            .Add("agent:main:beta", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(7)), SessionFileStyle.Absent, StoreSeed.ChatFields());
        await seed.WriteAsync();
        var ids = seed.SessionIds;

        var cleanup = await sandbox.OpenClawAsync("sessions", "cleanup", "--enforce", "--json", "--store", seed.StorePath);
        cleanup.ExitCode.Should().Be(0, cleanup.Describe());
        OpenClawListing.StoreFile(seed.StorePath).Keys.Should().BeEquivalentTo(["agent:main:main", "agent:main:alpha", "agent:main:beta"], "OpenClaw pruned the 60-day-old entry:\n" + cleanup.Describe());
        var openClawArchive = Directory.GetFiles(seed.SessionsDir, ids["agent:main:old"] + ".jsonl.deleted.*").Should().ContainSingle("OpenClaw archived the pruned transcript").Subject;
        var archiveBytes = await File.ReadAllBytesAsync(openClawArchive, TestContext.Current.CancellationToken);

        var snapshot = StoreReader.ReadFile(seed.StorePath);
        snapshot.Entries.Select(e => (e.Key, e.Fields.SessionId)).Should().Equal(
            [("agent:main:main", ids["agent:main:main"]), ("agent:main:alpha", ids["agent:main:alpha"]), ("agent:main:beta", ids["agent:main:beta"])]);
        snapshot.HasOpenClawLayout.Should().BeTrue("the file is OpenClaw's own JSON.stringify(store, null, 2)");

        var report = new SessionCloserDriver().Close(seed.StorePath, "main", "agent:main:alpha");

        report.Outcomes.Should().ContainSingle().Which.Status.Should().Be(OutcomeStatus.Closed);
        report.Outcomes[0].Files.Select(f => f.From).Should().Equal(Path.Combine(seed.SessionsDir, ids["agent:main:alpha"] + ".jsonl"));
        Expect.FilesArchived(report);
        await Expect.StoreHasOpenClawBytesAsync(sandbox, seed.StorePath);
        (await File.ReadAllBytesAsync(openClawArchive, TestContext.Current.CancellationToken)).Should().Equal(archiveBytes, "OpenClaw's archive is not session-closer's to touch");
        var (rows, listing) = await OpenClawListing.ListAsync(sandbox);
        rows.Should().BeEquivalentTo(new Dictionary<string, string?> { ["agent:main:main"] = ids["agent:main:main"], ["agent:main:beta"] = ids["agent:main:beta"] }, listing.Describe());
    }

    [Fact]
    public async Task Sessions_made_reset_and_deleted_by_a_gateway_are_read_and_closed()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraB);
        sandbox.WriteConfig(gateway: true);
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:kept", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(3)), SessionFileStyle.Relative, StoreSeed.ChatFields());
        await seed.WriteAsync();
        var keptId = seed.SessionIds["agent:main:kept"];

        string alphaId, betaId, alphaResetId;
        JsonObject reset, deleted;
        await using (var gateway = await sandbox.StartGatewayAsync())
        {
            alphaId = (string)(await gateway.CallAsync("sessions.create", new JsonObject { ["key"] = "agent:main:alpha", ["label"] = "Alpha" }))["sessionId"]!;
            betaId = (string)(await gateway.CallAsync("sessions.create", new JsonObject { ["key"] = "agent:main:beta" }))["sessionId"]!;
            reset = await gateway.CallAsync("sessions.reset", new JsonObject { ["key"] = "agent:main:alpha" });
            alphaResetId = (string)reset["entry"]!["sessionId"]!;
            deleted = await gateway.CallAsync("sessions.delete", new JsonObject { ["key"] = "agent:main:beta" });
            (await gateway.StopAsync()).Should().Be(0, gateway.Log);
        }

        alphaResetId.Should().NotBe(alphaId, Expect.Show(reset));
        var dir = seed.SessionsDir;
        var resetArchive = Directory.GetFiles(dir, alphaId + ".jsonl.reset.*").Should().ContainSingle(Expect.Show(reset)).Subject;
        var deletedArchive = Directory.GetFiles(dir, betaId + ".jsonl.deleted.*").Should().ContainSingle(Expect.Show(deleted)).Subject;
        var alphaTranscript = Path.Combine(dir, alphaResetId + ".jsonl");
        File.GetUnixFileMode(alphaTranscript).Should().Be(Mode0600, "the gateway writes new transcripts 0600");

        var snapshot = StoreReader.ReadFile(seed.StorePath);
        snapshot.Entries.ToDictionary(e => e.Key, e => e.Fields.SessionId).Should().BeEquivalentTo(
            new Dictionary<string, string?> { ["agent:main:kept"] = keptId, ["agent:main:alpha"] = alphaResetId },
            "session-closer must read the gateway's store:\n" + File.ReadAllText(seed.StorePath));
        snapshot.Entries.Single(e => e.Key == "agent:main:alpha").Fields.SessionFile.Should().Be(alphaTranscript);
        snapshot.HasOpenClawLayout.Should().BeTrue();
        var before = DirectorySnapshot.Take(dir);

        var report = new SessionCloserDriver().Close(seed.StorePath, "main", "agent:main:alpha");

        var outcome = report.Outcomes.Should().ContainSingle().Subject;
        outcome.Status.Should().Be(OutcomeStatus.Closed);
        outcome.SessionId.Should().Be(alphaResetId);
        outcome.Files.Select(f => f.From).Should().Equal([alphaTranscript], "only the live transcript is renamed; the .reset/.deleted archives are left alone");
        Expect.FilesArchived(report);
        File.GetUnixFileMode(outcome.Files[0].To).Should().Be(Mode0600, "a rename keeps the mode");
        var changed = before.DiffTo(DirectorySnapshot.Take(dir));
        changed.Should().NotContain(line => line.StartsWith(Path.GetFileName(resetArchive), StringComparison.Ordinal) || line.StartsWith(Path.GetFileName(deletedArchive), StringComparison.Ordinal) || line.StartsWith(keptId, StringComparison.Ordinal));
        await Expect.StoreHasOpenClawBytesAsync(sandbox, seed.StorePath);
        var (rows, listing) = await OpenClawListing.ListAsync(sandbox);
        rows.Keys.Should().Equal(["agent:main:kept"], listing.Describe());
    }

    [Fact]
    public async Task Entry_and_trajectory_sidecars_left_by_agent_local_are_closed()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraB);
        var run = await sandbox.OpenClawAsync(["agent", "--local", "--agent", "main", "--session-key", "conf-k1", "--message", "hi", "--json"], TimeSpan.FromSeconds(120));
        run.ExitCode.Should().Be(1, "with no model key the run fails, after writing its session:\n" + run.Describe());
        var store = sandbox.StorePath();
        File.Exists(store).Should().BeTrue(run.Describe());
        var snapshot = StoreReader.ReadFile(store);
        var entry = snapshot.Entries.Should().ContainSingle($"agent --local writes one entry:\n{File.ReadAllText(store)}").Subject;
        entry.Key.Should().Be("agent:main:conf-k1");
        var sessionId = entry.Fields.SessionId!;
        var dir = sandbox.SessionsDir();
        File.Exists(Path.Combine(dir, sessionId + ".jsonl")).Should().BeFalse("agent --local wrote no transcript");
        var sidecars = new[] { sessionId + ".trajectory.jsonl", sessionId + ".trajectory-path.json" }.Select(n => Path.Combine(dir, n)).ToList();
        sidecars.Should().AllSatisfy(p => File.Exists(p).Should().BeTrue($"{p} was written:\n{DirectorySnapshot.Take(dir)}"));
        var blob = entry.Fields.PromptHash is { } hash ? Path.Combine(dir, "skills-prompts", "sha256", hash[..2], hash + ".txt") : null;
        var blobExists = blob is not null && File.Exists(blob);

        var report = new SessionCloserDriver().Close(store, "main", "agent:main:conf-k1");

        var outcome = report.Outcomes.Should().ContainSingle().Subject;
        outcome.Status.Should().Be(OutcomeStatus.Closed);
        var expected = sidecars.Select(p => (p, ArtifactKind.TrajectorySidecar)).ToList();
        outcome.Files.Select(f => (f.From, f.Kind)).Should().BeEquivalentTo(expected, $"the trajectory sidecars are archived; entry:\n{File.ReadAllText(report.BackupPath!)}");
        if (blobExists)
        {
            File.Exists(blob).Should().BeTrue("a skill prompt blob is a shared cache that OpenClaw prunes itself once unreferenced");
        }

        Expect.FilesArchived(report);
        await Expect.StoreHasOpenClawBytesAsync(sandbox, store);
        File.ReadAllText(store).Should().Be("{}");
        var (rows, listing) = await OpenClawListing.ListAsync(sandbox);
        rows.Should().BeEmpty(listing.Describe());
    }
}
