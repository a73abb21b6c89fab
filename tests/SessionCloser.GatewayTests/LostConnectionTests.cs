using System.Globalization;
using AwesomeAssertions;
using SessionCloser.Backends;
using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Fixtures.RealOpenClaw;
using SessionCloser.Gateway;
using SessionCloser.GatewayTests.Fixtures;
using SessionCloser.Undo;

namespace SessionCloser.GatewayTests;

/// <summary>
/// A write in flight when the gateway stops answering (SIGSTOP: the socket stays open, the ticks stop). The client
/// declares the connection lost after the liveness window, reconnects with backoff, asks the gateway what the key
/// holds, and the report says what really happened: never CLOSED for a session that is still there, never SKIPPED for
/// one that is gone. Waits are keyed on the gateway's ticks and on what the client reports, not on wall time.
/// </summary>
public sealed class LostConnectionTests(Gateway2026_7_35 gateway) : IClassFixture<Gateway2026_7_35>
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>Longer than the 30 s tick interval (a healthy connection never gets there), shorter than the default 90 s.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(45);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_delete_lost_to_a_stopped_gateway_is_asked_about_after_reconnecting_and_every_session_is_reported_as_it_is()
    {
        await using var client = await gateway.ConnectAsync(new GatewayClientOptions { LivenessWindow = Window, ReconnectBudget = TimeSpan.FromMinutes(10) });
        var keys = await CreateAsync(client, "lost", 3);
        var request = Request(keys);
        var catalog = await GatewayCatalog.LoadAsync(client, request, gateway.Sandbox.StorePath(), Ct);

        CloseReport report;
        using (Stopped())
        {
            var closing = new GatewayCloser(client, TimeProvider.System).CloseAsync(request, catalog, Ct);

            // The first delete is in flight to a stopped gateway; the client gives up on that socket only once it has
            // heard nothing for the window, then keeps trying to connect. Let it fail at least once, then wake the gateway.
            await WaitUntilAsync(() => !client.IsConnected || closing.IsCompleted);
            await Task.Delay(TimeSpan.FromSeconds(20), Ct);
            closing.IsCompleted.Should().BeFalse("the run waits for the gateway to come back within the reconnect budget");
            Continue();
            report = await closing;
        }

        client.Reconnects.Should().BeGreaterThanOrEqualTo(1);
        report.Failure.Should().BeNull();
        report.Outcomes.Should().HaveCount(3).And.AllSatisfy(o => o.Status.Should().Be(OutcomeStatus.Closed, o.Reason));
        foreach (var key in keys)
        {
            (await client.SessionExistsAsync(key, Ct)).Should().BeFalse($"{key} was reported CLOSED");
        }

        await gateway.AssertStillServingAsync();
    }

    [Fact]
    public async Task A_gateway_that_stays_stopped_past_the_reconnect_budget_leaves_the_session_unknown_and_the_rest_not_attempted()
    {
        await using var client = await gateway.ConnectAsync(new GatewayClientOptions { LivenessWindow = Window, ReconnectBudget = TimeSpan.FromSeconds(20) });
        var keys = await CreateAsync(client, "gone", 3);
        var request = Request(keys);
        var catalog = await GatewayCatalog.LoadAsync(client, request, gateway.Sandbox.StorePath(), Ct);

        CloseReport report;
        using (Stopped())
        {
            report = await new GatewayCloser(client, TimeProvider.System).CloseAsync(request, catalog, Ct);
        }

        report.Failure.Should().Contain("sent nothing");
        var first = report.Outcomes.Single(o => o.Subject == keys[0]);
        first.Status.Should().Be(OutcomeStatus.Skipped);
        first.Reason.Should().Contain("whether it closed is unknown");
        report.Outcomes.Where(o => o.Subject != keys[0]).Should().AllSatisfy(o => o.Reason.Should().Be("not attempted: the gateway connection failed"));

        // Awake again: the sessions not attempted are all still there; the record leaves the first one pending for a restore to ask about.
        await using var after = await gateway.ConnectAsync();
        foreach (var key in keys.Skip(1))
        {
            (await after.SessionExistsAsync(key, Ct)).Should().BeTrue();
        }

        var record = new OperationLog(gateway.StateDir).Read(report.OperationId!);
        record.Gateway.Single(a => a.Key == keys[0]).Result.Should().Be(GatewayAction.Unknown);
    }

    private static async Task<List<string>> CreateAsync(GatewayClient client, string what, int count)
    {
        var prefix = $"agent:main:explicit:{what}-{Guid.NewGuid():N}"[..40];
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            keys.Add((await client.CreateSessionAsync($"{prefix}-{i}", $"{what} {i}", Ct)).Key);
        }

        return keys;
    }

    private CloseRequest Request(IReadOnlyList<string> keys) => new()
    {
        StorePath = gateway.Sandbox.StorePath(),
        AgentId = "main",
        Mode = CloseMode.Close,
        Arguments = keys,
        Logging = new OperationLogging(gateway.StateDir, ["close", .. keys], StorageEra.JsonFile),
    };

    /// <summary>SIGSTOP to the gateway and its children until disposed (then SIGCONT, also when a test fails).</summary>
    private Resumer Stopped()
    {
        foreach (var pid in Tree(gateway.Pid))
        {
            Signals.Send(pid, SigStop);
        }

        return new Resumer(Continue);
    }

    private void Continue()
    {
        foreach (var pid in Tree(gateway.Pid))
        {
            Signals.Send(pid, SigCont);
        }
    }

    /// <summary>The pid and every descendant, from /proc.</summary>
    private static List<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                }
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(200, Ct);
        }
    }

    private sealed class Resumer(Action resume) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                resume();
            }
        }
    }
}
