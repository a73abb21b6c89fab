using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Errors;
using SessionCloser.Fixtures.RealOpenClaw;
using SessionCloser.Gateway;
using SessionCloser.GatewayTests.Fixtures;

namespace SessionCloser.GatewayTests;

/// <summary>
/// The client against a real gateway. Every version runs the same contract; version differences are asserted
/// explicitly (archive guard, delete archive names). Each test uses its own keys, so order does not matter.
/// </summary>
public abstract partial class GatewayContract<TGateway>(TGateway gateway) : IClassFixture<TGateway>
    where TGateway : RealGateway
{
    protected TGateway Gateway { get; } = gateway;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected bool Is8OrLater => string.CompareOrdinal(Gateway.Version, "2026.8") >= 0 && Gateway.Version.StartsWith("2026.", StringComparison.Ordinal);

    [Fact]
    public async Task Connect_reports_version_protocol_scopes_and_snapshot()
    {
        await using var client = await Gateway.ConnectAsync();

        client.ServerVersion.Should().Be(Gateway.Version);
        client.Version!.ToString().Should().Be(Gateway.Version);
        client.Protocol.Should().Be(4);
        client.Scopes.Should().Contain([GatewayScopes.Admin, GatewayScopes.Read, GatewayScopes.Write]);
        client.ClientId.Should().Be("cli");
        client.CredentialSource.Should().Be("test fixture");
        client.Snapshot.StateDir.Should().Be(Gateway.StateDir);
        client.Snapshot.ConfigPath.Should().Be(Gateway.ConfigPath);
        client.Snapshot.MainSessionKey.Should().Be("agent:main:main");
        client.Snapshot.AuthMode.Should().Be("token");
        client.ConnectDuration.Should().BeLessThan(TimeSpan.FromSeconds(10));
        TestContext.Current.SendDiagnosticMessage($"{Gateway.Version}: gateway ready in {Gateway.StartupTime.TotalSeconds:0.0} s, connect {client.ConnectDuration.TotalMilliseconds:0} ms");

        var health = await client.HealthAsync(cancellationToken: Ct);
        health.Ok.Should().BeTrue();
        health.DefaultAgentId.Should().Be("main");
        health.SessionsPath.Should().StartWith(Gateway.StateDir);
        await Gateway.AssertStillServingAsync();
    }

    [Fact]
    public async Task Create_list_page_delete_and_archive_sessions()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:life-{Guid.NewGuid():N}"[..40];
        var created = new List<GatewayCreateResult>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await client.CreateSessionAsync($"{prefix}-{i}", $"life {i}", Ct));
        }

        created.Select(c => c.SessionId).Should().OnlyHaveUniqueItems();

        // Paging: a page size of 2 needs several requests and still returns every row once.
        var listed = await client.ListSessionsAsync(new GatewayListOptions { PageSize = 2 }, Ct);
        var mine = Mine(listed, prefix);
        mine.Select(r => r.Key).Should().BeEquivalentTo(created.Select(c => c.Key));
        mine.Should().AllSatisfy(r => r.AgentId.Should().Be("main"));
        mine.Select(r => r.SessionId).Should().BeEquivalentTo(created.Select(c => c.SessionId));
        listed.Pages.Should().BeGreaterThanOrEqualTo(3);
        listed.Sessions.Select(r => r.Key).Should().OnlyHaveUniqueItems();

        // Delete two with the guard: archived transcripts on disk, rows gone from the list.
        foreach (var victim in created.Take(2))
        {
            var result = await client.DeleteSessionAsync(victim.Key, victim.SessionId, cancellationToken: Ct);
            result.Deleted.Should().BeTrue();
            result.Guarded.Should().BeTrue();
            result.Key.Should().Be(victim.Key);
            result.Archived.Should().ContainSingle();
            var archive = result.Archived[0];
            Path.GetFileName(archive).Should().StartWith($"{victim.SessionId}.jsonl.deleted.");
            Path.GetDirectoryName(archive).Should().Be(Gateway.SessionsDir);
            File.Exists(archive).Should().BeTrue();
            File.Exists(Path.Combine(Gateway.SessionsDir, victim.SessionId + ".jsonl")).Should().BeFalse();
        }

        var after = Mine(await client.ListSessionsAsync(new GatewayListOptions { PageSize = 2 }, Ct), prefix);
        after.Select(r => r.Key).Should().BeEquivalentTo(created.Skip(2).Select(c => c.Key));

        // Again: already gone is not an error. (The gateway itself answers "session-changed" for a guarded delete of a
        // missing key; the client tells that apart with sessions.resolve.)
        var again = await client.DeleteSessionAsync(created[0].Key, created[0].SessionId, cancellationToken: Ct);
        again.Deleted.Should().BeFalse();
        again.Archived.Should().BeEmpty();

        // A stale sessionId is refused as session-changed, and nothing is deleted.
        var stale = () => client.DeleteSessionAsync(created[2].Key, Guid.NewGuid().ToString(), cancellationToken: Ct);
        var changed = (await stale.Should().ThrowAsync<GatewayException>()).Which;
        changed.Code.Should().Be("INVALID_REQUEST");
        changed.IsSessionChanged.Should().BeTrue();
        changed.ExitCode.Should().Be(ExitCode.Refused);
        changed.Method.Should().Be("sessions.delete");
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Select(r => r.Key).Should().Contain(created[2].Key);

        // Archive (version-aware guard): hidden from the default list, shown with archived:true.
        var archived = await client.ArchiveSessionAsync(created[3].Key, created[3].SessionId, Ct);
        archived.Guarded.Should().Be(Is8OrLater);
        archived.ArchivedAt.Should().BeGreaterThan(0);
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Select(r => r.Key)
            .Should().BeEquivalentTo([created[2].Key, created[4].Key]);
        var archivedRows = Mine(await client.ListSessionsAsync(new GatewayListOptions { Archived = true }, Ct), prefix);
        archivedRows.Should().ContainSingle().Which.Should().Match<GatewaySessionRow>(r => r.Key == created[3].Key && r.Archived && r.ArchivedAt > 0);

        await Gateway.AssertStillServingAsync();
    }

    [Fact]
    public async Task Deleting_or_archiving_the_main_session_is_refused()
    {
        await using var client = await Gateway.ConnectAsync();
        var main = client.Snapshot.MainSessionKey!;

        var delete = () => client.DeleteSessionAsync(main, cancellationToken: Ct);
        var refused = (await delete.Should().ThrowAsync<GatewayException>()).Which;
        refused.Code.Should().Be("INVALID_REQUEST");
        refused.IsMainSessionRefusal.Should().BeTrue();
        refused.ExitCode.Should().Be(ExitCode.Refused);
        refused.Message.Should().Contain("Cannot delete the main session (agent:main:main)");

        var created = await client.CreateSessionAsync(main, cancellationToken: Ct); // adopts or creates the main row
        var archive = () => client.ArchiveSessionAsync(main, created.SessionId, Ct);
        (await archive.Should().ThrowAsync<GatewayException>()).Which.IsMainSessionRefusal.Should().BeTrue();

        await Gateway.AssertStillServingAsync();
    }

    [Fact]
    public async Task A_wrong_token_is_a_clear_auth_error()
    {
        var endpoint = new GatewayEndpoint(
            Gateway.Endpoint.Url,
            [new GatewayCredential(GatewayCredentialKind.Token, "wrong-" + Gateway.Token, "--token")]);

        var connect = () => GatewayClient.ConnectAsync(endpoint, cancellationToken: Ct);
        var error = (await connect.Should().ThrowAsync<GatewayException>()).Which;
        error.IsAuthFailure.Should().BeTrue();
        error.IsCredentialMismatch.Should().BeTrue();
        error.DetailsCode.Should().Be("AUTH_TOKEN_MISMATCH");
        error.Message.Should().Contain("rejected the token from --token").And.NotContain(Gateway.Token);

        await Gateway.AssertStillServingAsync();
    }

    [Fact]
    public async Task Endpoint_from_config_and_env_retries_once_with_the_other_token_source()
    {
        // The config (port, wrong token) is what the user has; the env var carries the right token.
        var config = OpenClawConfig.Parse(
            $$"""
            // JSON5 like the real file
            { gateway: { port: {{Gateway.Port}}, auth: { mode: "token", token: "${STALE_TOKEN}", }, }, }
            """,
            "/virtual/openclaw.json",
            new OpenClawEnvironment(new Dictionary<string, string>()));
        var env = new OpenClawEnvironment(new Dictionary<string, string>
        {
            ["STALE_TOKEN"] = "stale-token",
            ["OPENCLAW_GATEWAY_TOKEN"] = Gateway.Token,
        });

        var endpoint = GatewayEndpoint.Resolve(env, config);
        endpoint.Url.Should().Be(new Uri($"ws://127.0.0.1:{Gateway.Port}/"));
        endpoint.UrlSource.Should().Be("gateway.port");
        endpoint.Credentials.Select(c => c.Source).Should().Equal("gateway.auth.token in /virtual/openclaw.json", "OPENCLAW_GATEWAY_TOKEN");
        (await endpoint.IsLiveAsync(cancellationToken: Ct)).Should().BeTrue();

        await using var client = await GatewayClient.ConnectAsync(endpoint, cancellationToken: Ct);
        client.CredentialSource.Should().Be("OPENCLAW_GATEWAY_TOKEN");
        (await client.HealthAsync(cancellationToken: Ct)).Ok.Should().BeTrue();
    }

    [Fact]
    public async Task Requests_pipelined_on_one_connection_are_matched_by_id()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:pipe-{Guid.NewGuid():N}"[..40];
        var keys = Enumerable.Range(0, 12).Select(i => $"{prefix}-{i}").ToList();

        // Creates, lists and health calls all in flight at once: every answer must land on its own request.
        var creates = keys.Select(k => client.CreateSessionAsync(k, k, Ct)).ToList();
        var healths = Enumerable.Range(0, 4).Select(_ => client.HealthAsync(cancellationToken: Ct)).ToList();
        var results = await Task.WhenAll(creates);
        results.Select(r => r.Key).Should().Equal(keys);
        (await Task.WhenAll(healths)).Should().AllSatisfy(h => h.Ok.Should().BeTrue());

        var deletes = results.Select(r => client.DeleteSessionAsync(r.Key, r.SessionId, cancellationToken: Ct)).ToList();
        (await Task.WhenAll(deletes)).Select(d => (d.Key, d.Deleted)).Should().Equal(keys.Select(k => (k, true)));
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Should().BeEmpty();
    }

    [Fact]
    public async Task Healthz_liveness_probe()
    {
        (await Gateway.Endpoint.IsLiveAsync(cancellationToken: Ct)).Should().BeTrue();
        var nothing = new GatewayEndpoint(new Uri($"ws://127.0.0.1:{FreePort.Pick()}/"), []);
        (await nothing.IsLiveAsync(TimeSpan.FromSeconds(1), Ct)).Should().BeFalse();
        var connect = () => GatewayClient.ConnectAsync(nothing, cancellationToken: Ct);
        (await connect.Should().ThrowAsync<GatewayException>()).Which.Code.Should().Be(GatewayException.UnreachableCode);
    }

    /// <summary>
    /// Reference §10: sessions.list hides <c>agent:&lt;id&gt;:cron:&lt;job&gt;:run:&lt;id&gt;</c> keys. Verified here: no list
    /// parameter brings them back (7.35 filters them unconditionally in filterSessionEntries; 9.6 in
    /// filterSessionCandidateEntries via selection.isCronRun, <c>excludeCron:false</c> does not help, and 7.35 rejects
    /// excludeCron). sessions.resolve {key} does see them, and a guarded sessions.delete removes them.
    /// </summary>
    [Fact]
    public async Task Cron_run_keys_are_hidden_from_every_list_but_resolvable_and_deletable()
    {
        await using var client = await Gateway.ConnectAsync();
        var job = "job" + Guid.NewGuid().ToString("N")[..8];
        var runKey = $"agent:main:cron:{job}:run:{Guid.NewGuid()}";
        var jobKey = $"agent:main:cron:{job}";
        var run = await client.CreateSessionAsync(runKey, "cron run", Ct);
        await client.CreateSessionAsync(jobKey, "cron job", Ct);

        GatewayListOptions[] variants =
        [
            new(),
            new() { Archived = true },
            new() { Archived = false },
            new() { AgentId = "main" },
            new() { IncludeGlobal = true, IncludeUnknown = true },
        ];
        foreach (var options in variants)
        {
            var keys = (await client.ListSessionsAsync(options, Ct)).Sessions.Select(r => r.Key).ToList();
            keys.Should().NotContain(runKey, $"sessions.list {options} hides cron run keys");
            if (options.Archived != true)
            {
                keys.Should().Contain(jobKey);
            }
        }

        var search = await client.CallAsync("sessions.list", w => w.WriteString("search", job), cancellationToken: Ct);
        search.GetProperty("sessions").EnumerateArray().Select(r => r.GetProperty("key").GetString()).Should().Equal(jobKey);
        var excludeCron = () => client.CallAsync("sessions.list", w => w.WriteBoolean("excludeCron", false), cancellationToken: Ct);
        if (Is8OrLater)
        {
            (await excludeCron()).GetProperty("sessions").EnumerateArray().Select(r => r.GetProperty("key").GetString()).Should().NotContain(runKey);
        }
        else
        {
            (await excludeCron.Should().ThrowAsync<GatewayException>()).Which.Message.Should().Contain("unexpected property 'excludeCron'");
        }

        (await client.SessionExistsAsync(runKey, Ct)).Should().BeTrue();
        (await client.SessionExistsAsync(runKey + "-nope", Ct)).Should().BeFalse();
        var deleted = await client.DeleteSessionAsync(runKey, run.SessionId, cancellationToken: Ct);
        deleted.Deleted.Should().BeTrue();
        deleted.Archived.Should().ContainSingle().Which.Should().Contain(run.SessionId + ".jsonl.deleted.");
        (await client.SessionExistsAsync(runKey, Ct)).Should().BeFalse();
        (await client.DeleteSessionAsync(runKey, run.SessionId, cancellationToken: Ct)).Deleted.Should().BeFalse();
    }

    /// <summary>
    /// An in-process restart (what `openclaw gateway restart` does without a service manager: SIGUSR1 on 7.35, SIGUSR2
    /// on 9.6) sends shutdown and closes with 1012; the next call reconnects to the same pid and state dir.
    /// </summary>
    [Fact]
    public async Task Reconnects_after_an_in_process_gateway_restart()
    {
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var client = await Gateway.ConnectAsync(new GatewayClientOptions { OnEvent = e => events.Enqueue(e.Name) });
        (await client.HealthAsync(cancellationToken: Ct)).Ok.Should().BeTrue();
        var pid = Gateway.Pid;

        Gateway.Process.Signal(Is8OrLater ? Signals.SigUsr2 : Signals.SigUsr1);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (client.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        client.IsConnected.Should().BeFalse("the gateway closes connections when it restarts");
        events.Should().Contain("shutdown");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var health = await client.HealthAsync(cancellationToken: Ct);
        TestContext.Current.SendDiagnosticMessage($"{Gateway.Version}: reconnected after restart in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        health.Ok.Should().BeTrue();
        client.Reconnects.Should().Be(1);
        client.IsConnected.Should().BeTrue();
        client.Snapshot.StateDir.Should().Be(Gateway.StateDir);
        Gateway.ProcessAlive.Should().BeTrue();
        Gateway.Pid.Should().Be(pid);
        await Gateway.AssertStillServingAsync();
    }

    /// <summary>
    /// A client identity without the device-less exception connects but gets no scopes (reference §5.2); the client
    /// then falls back to gateway-client/backend, and reports device pairing when nothing grants scopes.
    /// </summary>
    [Fact]
    public async Task Scopeless_identity_falls_back_to_backend_then_reports_device_pairing()
    {
        await using (var client = await Gateway.ConnectAsync(new GatewayClientOptions { ClientIdentities = [("test", "test"), ("gateway-client", "backend")] }))
        {
            client.ClientId.Should().Be("gateway-client");
            client.Scopes.Should().Contain(GatewayScopes.Admin);
            (await client.HealthAsync(cancellationToken: Ct)).Ok.Should().BeTrue();
        }

        var connect = () => Gateway.ConnectAsync(new GatewayClientOptions { ClientIdentities = [("test", "test"), ("cli", "backend")] });
        var error = (await connect.Should().ThrowAsync<GatewayException>()).Which;
        error.Code.Should().Be(GatewayException.ScopesCode);
        error.ExitCode.Should().Be(ExitCode.Refused);
        error.Message.Should().Contain($"({Gateway.Version})").And.Contain("signed device identity");
    }

    /// <summary>The same scopeless identities with a device key: the signed device is paired silently on loopback (§5.4).</summary>
    [Fact]
    public async Task Scopeless_identities_sign_in_as_session_closers_device_when_given_a_key()
    {
        var keyPath = GatewayDeviceIdentity.DefaultPath(Gateway.StateDir);
        await using var client = await Gateway.ConnectAsync(new GatewayClientOptions
        {
            ClientIdentities = [("test", "test"), ("cli", "backend")],
            DeviceIdentityPath = keyPath,
        });

        client.ClientId.Should().Be("test");
        client.DeviceId.Should().Be(GatewayDeviceIdentity.LoadOrCreate(keyPath).DeviceId);
        client.Scopes.Should().Contain([GatewayScopes.Admin, GatewayScopes.Read, GatewayScopes.Write]);
        (await client.HealthAsync(cancellationToken: Ct)).Ok.Should().BeTrue();
    }

    [Fact]
    public async Task A_read_only_requirement_is_checked_against_granted_scopes()
    {
        await using var client = await Gateway.ConnectAsync(new GatewayClientOptions { RequiredScopes = [GatewayScopes.Read] });
        client.Scopes.Should().Contain(GatewayScopes.Read);
        var unknown = () => client.CallAsync("sessions.nope", cancellationToken: Ct);
        (await unknown.Should().ThrowAsync<GatewayException>()).Which.Message.Should().Contain("unknown method: sessions.nope");
        (await client.HealthAsync(cancellationToken: Ct)).Ok.Should().BeTrue("an error response leaves the connection usable");
    }

    private protected static List<GatewaySessionRow> Mine(GatewaySessionList list, string prefix) =>
        list.Sessions.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// The gateway backend's two races, made real: a session recreated after it was listed (the guard refuses; the
    /// new one is skipped and kept whole) and one someone else deleted after it was listed (reported as already gone).
    /// </summary>
    [Fact]
    public async Task The_gateway_backend_skips_a_session_recreated_since_listing_and_reports_one_already_gone()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:race-{Guid.NewGuid():N}"[..40];
        var reset = await client.CreateSessionAsync(prefix + "-reset", cancellationToken: Ct);
        var gone = await client.CreateSessionAsync(prefix + "-gone", cancellationToken: Ct);
        var catalog = new Backends.GatewayCatalog(
            [new(reset.Key, reset.SessionId, 2, HasActiveRun: false), new(gone.Key, gone.SessionId, 1, HasActiveRun: false)],
            StoreFile: null);
        // Someone deletes one and recreates the other under the same key (a new sessionId) after they were listed.
        (await client.DeleteSessionAsync(reset.Key, reset.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
        var recreated = await client.CreateSessionAsync(reset.Key, cancellationToken: Ct);
        recreated.SessionId.Should().NotBe(reset.SessionId);
        (await client.DeleteSessionAsync(gone.Key, gone.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
        var request = new Closing.CloseRequest { StorePath = "(gateway)", AgentId = "main", Mode = Closing.CloseMode.Close, Arguments = [reset.Key, gone.Key] };

        var report = await new Backends.GatewayCloser(client, TimeProvider.System).CloseAsync(request, catalog, Ct);

        report.Outcomes.Select(o => (o.Status, o.Subject)).Should().Equal(
            (Closing.OutcomeStatus.Skipped, reset.Key), (Closing.OutcomeStatus.NotFound, gone.Key));
        report.Outcomes[0].Reason.Should().Contain("changed since it was listed");
        report.Outcomes[1].Reason.Should().Contain("already gone");
        report.ExitCode.Should().Be(ExitCode.Refused);
        (await client.ListSessionsAsync(cancellationToken: Ct)).Sessions.Single(r => r.Key == reset.Key).SessionId.Should().Be(recreated.SessionId, "the recreated session is kept whole");
    }

    /// <summary>A session the gateway lists with a run in progress is skipped, as with the files, unless --force.</summary>
    [Fact]
    public async Task The_gateway_backend_skips_a_session_with_a_run_in_progress_unless_forced()
    {
        await using var client = await Gateway.ConnectAsync();
        var session = await client.CreateSessionAsync($"agent:main:explicit:busy-{Guid.NewGuid():N}"[..40], cancellationToken: Ct);
        var catalog = new Backends.GatewayCatalog([new(session.Key, session.SessionId, 1, HasActiveRun: true)], StoreFile: null);
        var request = new Closing.CloseRequest { StorePath = "(gateway)", AgentId = "main", Mode = Closing.CloseMode.Close, Arguments = [session.Key] };
        var closer = new Backends.GatewayCloser(client, TimeProvider.System);

        var polite = await closer.CloseAsync(request, catalog, Ct);
        (await client.SessionExistsAsync(session.Key, Ct)).Should().BeTrue("a skipped session is not touched");
        var forced = await closer.CloseAsync(request with { Force = true }, catalog, Ct);

        polite.Outcomes.Should().ContainSingle().Which.Reason.Should().Contain("a run is in progress");
        polite.ExitCode.Should().Be(ExitCode.Refused);
        forced.Outcomes.Should().ContainSingle().Which.Status.Should().Be(Closing.OutcomeStatus.Closed);
        forced.Outcomes[0].Files.Should().ContainSingle().Which.To.Should().Contain(session.SessionId + ".jsonl.deleted.");
        (await client.SessionExistsAsync(session.Key, Ct)).Should().BeFalse();
    }
}

public sealed class Gateway2026_7_35Tests(Gateway2026_7_35 gateway) : GatewayContract<Gateway2026_7_35>(gateway)
{
    /// <summary>The reference's headline number: 200 awaited deletes over one connection (7.0 s on an idle 2-core box).</summary>
    [Fact]
    public async Task Two_hundred_deletes_over_one_connection()
    {
        await using var client = await Gateway.ConnectAsync();
        var prefix = $"agent:main:explicit:bulk-{Guid.NewGuid():N}"[..40];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var created = new List<GatewayCreateResult>();
        for (var i = 0; i < 200; i++)
        {
            created.Add(await client.CreateSessionAsync($"{prefix}-{i}", cancellationToken: Ct));
        }

        var createTime = watch.Elapsed;
        watch.Restart();
        foreach (var c in created)
        {
            (await client.DeleteSessionAsync(c.Key, c.SessionId, cancellationToken: Ct)).Deleted.Should().BeTrue();
        }

        var deleteTime = watch.Elapsed;
        TestContext.Current.SendDiagnosticMessage(
            $"{Gateway.Version}: 200 creates {createTime.TotalSeconds:0.00} s, 200 guarded deletes {deleteTime.TotalSeconds:0.00} s ({deleteTime.TotalMilliseconds / 200:0.0} ms each)");
        Mine(await client.ListSessionsAsync(cancellationToken: Ct), prefix).Should().BeEmpty();
        Directory.GetFiles(Gateway.SessionsDir, "*.jsonl.deleted.*").Length.Should().BeGreaterThanOrEqualTo(200);
    }
}

public sealed class Gateway2026_9_6Tests(Gateway2026_9_6 gateway) : GatewayContract<Gateway2026_9_6>(gateway);
