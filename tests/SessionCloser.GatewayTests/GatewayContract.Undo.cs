using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Errors;
using SessionCloser.Gateway;
using SessionCloser.Undo;

namespace SessionCloser.GatewayTests;

/// <summary>
/// Close through the gateway (archive and delete), then restore through it: archived sessions come back (pin
/// included), deleted ones are reported one by one with their archive, and the gateway's own list shows which is which.
/// </summary>
public abstract partial class GatewayContract<TGateway>
{
    private RestoreRequest RestoreOf(string id, bool dryRun = false) => new()
    {
        StorePath = Gateway.Sandbox.StorePath(),
        AgentId = "main",
        OperationId = id,
        DryRun = dryRun,
        Logging = new OperationLogging(Gateway.StateDir, ["restore", id], Era),
    };

    [Fact]
    public async Task Archived_sessions_are_restored_through_the_gateway_and_the_restore_can_be_undone()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:undo-{Guid.NewGuid():N}"[..40];
        var pinned = await client.CreateSessionAsync(prefix + "-pinned", "undo pinned", Ct);
        await client.PinSessionAsync(pinned.Key, Ct);
        var plain = await client.CreateSessionAsync(prefix + "-plain", "undo plain", Ct);
        var closed = await new GatewayCloser(client, TimeProvider.System).CloseAsync(LoggedRequest([pinned.Key, plain.Key], archive: true), ServedStoreFile, Ct);
        closed.Outcomes.Should().AllSatisfy(o => o.Status.Should().Be(Closing.OutcomeStatus.Closed));
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Should().BeEmpty();
        var restorer = new GatewayRestorer(client, TimeProvider.System);

        var preview = await restorer.RestoreAsync(RestoreOf(closed.OperationId!, dryRun: true), Ct);
        preview.DryRun.Should().BeTrue();
        preview.Outcomes.Select(o => (o.Key, o.Status)).Should().BeEquivalentTo([(pinned.Key, RestoreStatus.Restored), (plain.Key, RestoreStatus.Restored)]);
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Should().BeEmpty("a dry run changes nothing");

        var restored = await restorer.RestoreAsync(RestoreOf(closed.OperationId!), Ct);

        restored.Backend.Should().Be("gateway");
        restored.ExitCode.Should().Be(ExitCode.Success);
        restored.Outcomes.Select(o => (o.Key, o.Status, o.SessionId, o.Reason)).Should().BeEquivalentTo(
            [(pinned.Key, RestoreStatus.Restored, pinned.SessionId, "unarchived and pinned again"), (plain.Key, RestoreStatus.Restored, plain.SessionId, "unarchived")]);
        var active = Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix);
        active.Select(r => (r.Key, r.SessionId, r.Pinned)).Should().BeEquivalentTo([(pinned.Key, pinned.SessionId, true), (plain.Key, plain.SessionId, false)]);
        Mine(await client.ListSessionsAsync(new GatewayListOptions { Archived = true }, Ct), prefix).Should().BeEmpty();

        var log = new OperationLog(Gateway.StateDir);
        log.Read(closed.OperationId!).RestoredBy.Should().Be(restored.RestoreOperationId);
        var own = log.Read(restored.RestoreOperationId!);
        (own.Command, own.Restores, own.Backend, own.Complete).Should().Be((RecordedCommand.Restore, closed.OperationId, RecordedBackend.Gateway, true));
        own.Gateway.Select(a => (a.Key, a.Result)).Should().BeEquivalentTo([(pinned.Key, GatewayAction.Unarchived), (plain.Key, GatewayAction.Unarchived)]);
        var twice = () => restorer.RestoreAsync(RestoreOf(closed.OperationId!), Ct);
        (await twice.Should().ThrowAsync<SessionCloserException>()).Which.Message.Should().Contain("already restored");

        // Undoing the restore archives them again.
        var undone = await restorer.RestoreAsync(RestoreOf(restored.RestoreOperationId!), Ct);
        undone.Outcomes.Should().AllSatisfy(o => o.Status.Should().Be(RestoreStatus.Closed));
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Should().BeEmpty();
        Mine(await client.ListSessionsAsync(new GatewayListOptions { Archived = true }, Ct), prefix).Select(r => r.SessionId)
            .Should().BeEquivalentTo([pinned.SessionId, plain.SessionId]);
    }

    [Fact]
    public async Task Deleted_sessions_are_reported_one_by_one_with_where_their_archive_is()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:undo-{Guid.NewGuid():N}"[..40];
        var gone = await client.CreateSessionAsync(prefix + "-gone", "undo gone", Ct);
        var back = await client.CreateSessionAsync(prefix + "-back", "undo back", Ct);
        var closed = await new GatewayCloser(client, TimeProvider.System).CloseAsync(LoggedRequest([gone.Key, back.Key]), ServedStoreFile, Ct);
        var archives = closed.Outcomes.ToDictionary(o => o.Subject, o => o.Files.Single().To);
        // Someone makes a new session under one of the keys since.
        var successor = await client.CreateSessionAsync(back.Key, cancellationToken: Ct);

        var report = await new GatewayRestorer(client, TimeProvider.System).RestoreAsync(RestoreOf(closed.OperationId!), Ct);

        report.ExitCode.Should().Be(ExitCode.Refused);
        report.RestoreOperationId.Should().BeNull("nothing was changed, so nothing needs undoing");
        report.Outcomes.Should().HaveCount(2).And.AllSatisfy(o =>
        {
            o.Status.Should().Be(RestoreStatus.NotRestored);
            o.Reason.Should().Contain($"OpenClaw {Gateway.Version} has no gateway call that brings back a deleted session");
            var file = o.Files.Should().ContainSingle().Which;
            (file.From, file.Status, file.Kind).Should().Be((archives[o.Key], RestoreFileStatus.LeftInArchive, Artifacts.ArtifactKind.Transcript));
            o.Reason.Should().Contain(archives[o.Key]);
            o.Reason.Should().Contain(Is8OrLater ? "zstd -d" : $"with the gateway stopped, 'session-closer restore {closed.OperationId}'");
            File.Exists(archives[o.Key]).Should().BeTrue("the archive is left where it is");
        });
        report.Outcomes.Single(o => o.Key == back.Key).Reason.Should().Contain($"the key now holds another session ({successor.SessionId})");
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Select(r => (r.Key, r.SessionId)).Should().Equal([(back.Key, successor.SessionId)]);
        new OperationLog(Gateway.StateDir).Read(closed.OperationId!).RestoredBy.Should().BeNull("a later restore by other means stays possible");
    }

    [Fact]
    public async Task A_call_the_closing_run_never_saw_answered_is_settled_by_asking_the_gateway()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:undo-{Guid.NewGuid():N}"[..40];
        var applied = await client.CreateSessionAsync(prefix + "-applied", cancellationToken: Ct);
        var unsent = await client.CreateSessionAsync(prefix + "-unsent", cancellationToken: Ct);
        // A run killed mid-way: both calls pending in its record; the gateway applied only the first.
        var log = new OperationLog(Gateway.StateDir);
        var id = OperationIds.New(DateTimeOffset.UtcNow);
        log.Write(new OperationRecord
        {
            Id = id,
            Command = RecordedCommand.Close,
            AgentId = "main",
            StateDir = Gateway.StateDir,
            StorePath = Gateway.Sandbox.StorePath(),
            Backend = RecordedBackend.Gateway,
            Era = Is8OrLater ? "C" : "B",
            StartedAt = DateTimeOffset.UtcNow,
            Gateway =
            [
                new(applied.Key, applied.SessionId, "sessions.patch", GatewayAction.Pending, null, []),
                new(unsent.Key, unsent.SessionId, "sessions.patch", GatewayAction.Pending, null, []),
            ],
        });
        await client.ArchiveSessionAsync(applied.Key, applied.SessionId, Ct);

        var report = await new GatewayRestorer(client, TimeProvider.System).RestoreAsync(RestoreOf(id), Ct);

        report.Outcomes.Select(o => (o.Key, o.Status)).Should().BeEquivalentTo([(applied.Key, RestoreStatus.Restored), (unsent.Key, RestoreStatus.AlreadyPresent)]);
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Select(r => r.Key).Should().BeEquivalentTo([applied.Key, unsent.Key]);
    }
}
