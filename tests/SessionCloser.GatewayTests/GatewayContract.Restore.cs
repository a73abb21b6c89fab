using AwesomeAssertions;
using SessionCloser.Gateway;

namespace SessionCloser.GatewayTests;

/// <summary>
/// What a real gateway allows for undoing a close (docs/openclaw-facts.md, "Undoing a close made through the
/// gateway"): an archive comes undone (history kept, pin and updatedAt not), a delete does not.
/// </summary>
public abstract partial class GatewayContract<TGateway>
{
    [Fact]
    public async Task Unarchive_brings_an_archived_session_back_with_its_history_but_not_its_pin()
    {
        await using var client = await Gateway.ConnectAsync();
        var created = await client.CreateSessionAsync($"agent:main:explicit:unarch-{Guid.NewGuid():N}"[..40], "unarchive me", Ct);
        (await client.PinSessionAsync(created.Key, Ct)).Should().BeGreaterThan(0);
        var before = (await client.DescribeSessionAsync(created.Key, Ct))!;
        before.Pinned.Should().BeTrue();
        before.Archived.Should().BeFalse();
        var transcript = Path.Combine(Gateway.SessionsDir, created.SessionId + ".jsonl");
        var transcriptBytes = Is8OrLater ? null : await File.ReadAllBytesAsync(transcript, Ct);

        await client.ArchiveSessionAsync(created.Key, created.SessionId, Ct);
        var archived = (await client.DescribeSessionAsync(created.Key, Ct))!;
        archived.Archived.Should().BeTrue();
        archived.Pinned.Should().BeFalse("archiving drops the pin (7.35 and 9.6)");

        var result = await client.UnarchiveSessionAsync(created.Key, created.SessionId, Ct);

        result.Outcome.Should().Be(UnarchiveOutcome.Unarchived);
        result.SessionId.Should().Be(created.SessionId);
        result.Guarded.Should().Be(Is8OrLater);
        JsonFields.GetString(result.Entry, "sessionId").Should().Be(created.SessionId);
        var after = (await client.DescribeSessionAsync(created.Key, Ct))!;
        after.Archived.Should().BeFalse();
        after.SessionId.Should().Be(created.SessionId);
        after.Label.Should().Be("unarchive me");
        after.Pinned.Should().BeFalse("unarchiving does not give the pin back");
        after.UpdatedAt.Should().BeGreaterThanOrEqualTo(before.UpdatedAt!.Value);
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), created.Key).Should().ContainSingle();
        Mine(await client.ListSessionsAsync(new GatewayListOptions { Archived = true }, Ct), created.Key).Should().BeEmpty();
        if (transcriptBytes is not null)
        {
            (await File.ReadAllBytesAsync(transcript, Ct)).Should().Equal(transcriptBytes, "the transcript never moved");
        }

        (await client.PinSessionAsync(created.Key, Ct)).Should().BeGreaterThan(0);
        (await client.DescribeSessionAsync(created.Key, Ct))!.Pinned.Should().BeTrue();
        (await client.UnarchiveSessionAsync(created.Key, created.SessionId, Ct)).Outcome.Should().Be(UnarchiveOutcome.NotArchived);
    }

    [Fact]
    public async Task Unarchive_never_creates_a_session_nor_touches_one_that_replaced_it()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:unarch-{Guid.NewGuid():N}"[..40];

        // 7.35's own patch creates a session where there is none (9.6 refuses): why the client checks first.
        var probe = prefix + "-probe";
        var rawUnarchive = () => client.CallAsync("sessions.patch", w =>
        {
            w.WriteString("key", probe);
            w.WriteBoolean("archived", false);
            if (Is8OrLater)
            {
                w.WriteString("expectedSessionId", Guid.NewGuid().ToString());
            }
        }, cancellationToken: Ct);
        if (Is8OrLater)
        {
            (await rawUnarchive.Should().ThrowAsync<GatewayException>()).Which.IsSessionChanged.Should().BeTrue();
            (await client.DescribeSessionAsync(probe, Ct)).Should().BeNull();
        }
        else
        {
            await rawUnarchive();
            var made = (await client.DescribeSessionAsync(probe, Ct))!;
            made.SessionId.Should().NotBeNullOrEmpty();
            (await client.DeleteSessionAsync(probe, made.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
        }

        var missing = await client.UnarchiveSessionAsync(prefix + "-missing", Guid.NewGuid().ToString(), Ct);
        missing.Outcome.Should().Be(UnarchiveOutcome.Missing);
        (await client.DescribeSessionAsync(prefix + "-missing", Ct)).Should().BeNull("nothing was created");

        var old = await client.CreateSessionAsync(prefix + "-again", cancellationToken: Ct);
        await client.ArchiveSessionAsync(old.Key, old.SessionId, Ct);
        (await client.DeleteSessionAsync(old.Key, old.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
        var recreated = await client.CreateSessionAsync(old.Key, cancellationToken: Ct);
        await client.ArchiveSessionAsync(recreated.Key, recreated.SessionId, Ct);

        var replaced = await client.UnarchiveSessionAsync(old.Key, old.SessionId, Ct);

        replaced.Outcome.Should().Be(UnarchiveOutcome.Replaced);
        replaced.SessionId.Should().Be(recreated.SessionId);
        var now = (await client.DescribeSessionAsync(old.Key, Ct))!;
        now.SessionId.Should().Be(recreated.SessionId);
        now.Archived.Should().BeTrue("the session that took the key over is left as it was");
    }

    [Fact]
    public async Task A_deleted_session_comes_back_only_as_a_new_empty_one_and_its_archive_stays()
    {
        await using var client = await Gateway.ConnectAsync();
        var created = await client.CreateSessionAsync($"agent:main:explicit:undel-{Guid.NewGuid():N}"[..40], "undelete me", Ct);

        var deleted = await client.DeleteSessionAsync(created.Key, created.SessionId, cancellationToken: Ct);

        var archive = deleted.Archived.Should().ContainSingle().Which;
        var bytes = await File.ReadAllBytesAsync(archive, Ct);
        if (Is8OrLater)
        {
            // <sid>.jsonl.deleted.<stamp>.<32-hex generation>.zst, zstd (magic 28 B5 2F FD); the SQLite archive row holds the same.
            Path.GetFileName(archive).Should().MatchRegex($"^{created.SessionId}\\.jsonl\\.deleted\\.[0-9T:.Z-]+\\.[0-9a-f]{{32}}\\.zst$");
            bytes.Take(4).Should().Equal(0x28, 0xB5, 0x2F, 0xFD);
        }
        else
        {
            Path.GetFileName(archive).Should().MatchRegex($"^{created.SessionId}\\.jsonl\\.deleted\\.[0-9T.Z-]+$");
            System.Text.Encoding.UTF8.GetString(bytes).Should().Contain(created.SessionId, "the transcript header names its session");
        }

        (await client.DescribeSessionAsync(created.Key, Ct)).Should().BeNull();
        (await client.UnarchiveSessionAsync(created.Key, created.SessionId, Ct)).Outcome.Should().Be(UnarchiveOutcome.Missing);
        var again = await client.CreateSessionAsync(created.Key, "undelete me", Ct);
        again.SessionId.Should().NotBe(created.SessionId, "sessions.create takes no sessionId and no transcript");
        File.Exists(archive).Should().BeTrue("creating the key again leaves the archive alone");
        (await File.ReadAllBytesAsync(archive, Ct)).Should().Equal(bytes);
        (await client.DeleteSessionAsync(again.Key, again.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
    }
}
