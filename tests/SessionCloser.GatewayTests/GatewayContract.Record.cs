using System.Security.Cryptography;
using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Gateway;
using SessionCloser.Store;
using SessionCloser.Undo;

namespace SessionCloser.GatewayTests;

/// <summary>The operation record a close through the gateway leaves: every call, its answer, and (eras A/B) the exact entries.</summary>
public abstract partial class GatewayContract<TGateway>
{
    private StorageEra Era => Is8OrLater ? StorageEra.SqliteBehindGateway : StorageEra.JsonFile;

    /// <summary>The served store file (era B on this machine) or null (SQLite), as the route decides.</summary>
    private string? ServedStoreFile => Is8OrLater ? null : Gateway.Sandbox.StorePath();

    private CloseRequest LoggedRequest(IReadOnlyList<string> arguments, bool archive = false) => new()
    {
        StorePath = Gateway.Sandbox.StorePath(),
        AgentId = "main",
        Mode = CloseMode.Close,
        Arguments = arguments,
        Archive = archive,
        Logging = new OperationLogging(Gateway.StateDir, ["close", .. arguments], Era),
    };

    [Fact]
    public async Task A_close_through_the_gateway_keeps_an_operation_record_of_every_call_and_answer()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:rec-{Guid.NewGuid():N}"[..40];
        var doomed = await client.CreateSessionAsync(prefix + "-delete", "record delete", Ct);
        var shelved = await client.CreateSessionAsync(prefix + "-archive", "record archive", Ct);
        await client.PinSessionAsync(shelved.Key, Ct);
        var before = ServedStoreFile is { } path ? StoreReader.ReadFile(path) : null;

        var deleting = LoggedRequest([doomed.Key]);
        var deleted = await new GatewayCloser(client, TimeProvider.System).CloseAsync(deleting, ServedStoreFile, Ct);
        var archiving = LoggedRequest([shelved.Key], archive: true);
        var archived = await new GatewayCloser(client, TimeProvider.System).CloseAsync(archiving, ServedStoreFile, Ct);

        var log = new OperationLog(Gateway.StateDir);
        var deleteRecord = log.Read(deleted.OperationId!);
        deleteRecord.Backend.Should().Be(RecordedBackend.Gateway);
        deleteRecord.Complete.Should().BeTrue();
        deleteRecord.Era.Should().Be(Is8OrLater ? "C" : "B");
        deleteRecord.CommandLine.Should().Equal(["close", doomed.Key]);
        var delete = deleteRecord.Gateway.Should().ContainSingle().Which;
        (delete.Key, delete.SessionId, delete.Method, delete.Result).Should().Be((doomed.Key, doomed.SessionId, "sessions.delete", GatewayAction.Deleted));
        delete.Reported.Should().Contain("\"deleted\":true");
        delete.Listed.Should().Contain(doomed.SessionId).And.Contain("record delete");
        var archive = delete.ArchivedFiles.Should().ContainSingle().Which;
        File.Exists(archive).Should().BeTrue();
        deleted.Outcomes.Single().Files.Single().To.Should().Be(archive);

        var archiveRecord = log.Read(archived.OperationId!);
        var patch = archiveRecord.Gateway.Should().ContainSingle().Which;
        (patch.Key, patch.SessionId, patch.Method, patch.Result).Should().Be((shelved.Key, shelved.SessionId, "sessions.patch", GatewayAction.Archived));
        patch.Reported.Should().Contain("archivedAt");
        patch.Listed.Should().Contain("\"pinned\":true");
        archiveRecord.Removed.Should().BeEmpty("an archive removes no entry");

        if (before is null)
        {
            // SQLite: no store file, so no entry bytes and no renames (the .zst is an export, not a rename).
            deleteRecord.StorePath.Should().Be(Gateway.Sandbox.StorePath(), "the agent's store path, as every record names it");
            deleteRecord.StoreSha256Before.Should().BeNull();
            deleteRecord.Removed.Should().BeEmpty();
            deleteRecord.Renames.Should().BeEmpty();
            patch.StoreMember.Should().BeNull();
            return;
        }

        // Era B: the exact entries and where they were, the transcript's rename, the store's hash before.
        var entry = before.Entries.Single(e => e.Key == doomed.Key);
        var removed = deleteRecord.Removed.Should().ContainSingle().Which;
        removed.Member.ToArray().Should().Equal(entry.Member.Of(before.Bytes.Span).ToArray());
        removed.Index.Should().Be(before.Entries.ToList().IndexOf(entry));
        deleteRecord.StorePath.Should().Be(Gateway.Sandbox.StorePath());
        deleteRecord.StoreSha256Before.Should().Be(Convert.ToHexStringLower(SHA256.HashData(before.Bytes.Span)));
        deleteRecord.BackupPath.Should().NotBeNull();
        var rename = deleteRecord.Renames.Should().ContainSingle().Which;
        (rename.From, rename.To).Should().Be((Path.Combine(Gateway.SessionsDir, doomed.SessionId + ".jsonl"), archive));
        patch.StoreMember.Should().Equal(before.Entries.Single(e => e.Key == shelved.Key).Member.Of(before.Bytes.Span).ToArray());
    }

    [Fact]
    public async Task A_run_that_stops_on_a_refusal_records_it_and_nothing_is_left_pending()
    {
        await using var client = await Gateway.ConnectAsync();
        var session = await client.CreateSessionAsync($"agent:main:explicit:ref-{Guid.NewGuid():N}"[..40], cancellationToken: Ct);
        var catalog = new GatewayCatalog([new(session.Key, session.SessionId, 1, HasActiveRun: false)], StoreFile: null);
        (await client.DeleteSessionAsync(session.Key, session.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
        var recreated = await client.CreateSessionAsync(session.Key, cancellationToken: Ct);

        var report = await new GatewayCloser(client, TimeProvider.System).CloseAsync(LoggedRequest([session.Key]), catalog, Ct);

        report.Outcomes.Single().Status.Should().Be(OutcomeStatus.Skipped);
        var record = new OperationLog(Gateway.StateDir).Read(report.OperationId!);
        record.Complete.Should().BeTrue();
        var action = record.Gateway.Should().ContainSingle().Which;
        action.Result.Should().Be(GatewayAction.Refused);
        action.Reported.Should().Contain("changed");
        (await client.DescribeSessionAsync(session.Key, Ct))!.SessionId.Should().Be(recreated.SessionId);
    }
}
