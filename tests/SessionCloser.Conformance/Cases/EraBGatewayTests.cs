using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Closing;
using SessionCloser.Conformance.Infrastructure;
using SessionCloser.Fixtures;

namespace SessionCloser.Conformance.Cases;

/// <summary>
/// Case 5: a real 2026.7.35 gateway runs while session-closer closes an entry. The gateway's next
/// <c>sessions.list</c> no longer shows it, and a later gateway write (<c>sessions.patch</c> on another key)
/// does not bring it back from its cache.
/// </summary>
public sealed class EraBGatewayTests
{
    [Fact]
    public async Task Running_gateway_sees_the_close_and_keeps_it_on_its_next_write()
    {
        await using var sandbox = OpenClawSandbox.Create(OpenClawInstall.EraB);
        sandbox.WriteConfig(gateway: true);
        var seed = new StoreSeed(sandbox)
            .Add("agent:main:main", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(1)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:alpha", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(4)), SessionFileStyle.Absolute, StoreSeed.ChatFields(label: "Alpha"))
            .Add("agent:main:beta", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(6)), SessionFileStyle.Absolute, StoreSeed.ChatFields())
            .Add("agent:main:gamma", StoreSeed.NewSessionId(), StoreSeed.RecentMs(TimeSpan.FromMinutes(8)), SessionFileStyle.Absolute, StoreSeed.ChatFields());
        await seed.WriteAsync();
        var ids = seed.SessionIds;
        var staying = new[] { "agent:main:main", "agent:main:beta", "agent:main:gamma" };

        await using var gateway = await sandbox.StartGatewayAsync();
        var report = new SessionCloserDriver().Close(seed.StorePath, "main", "agent:main:alpha");
        report.Outcomes.Should().ContainSingle().Which.Status.Should().Be(OutcomeStatus.Closed);
        Expect.FilesArchived(report);

        var listed = await gateway.CallAsync("sessions.list", new JsonObject { ["limit"] = 1000 });
        OpenClawListing.Rows(listed).Should().BeEquivalentTo(
            staying.ToDictionary(k => k, k => (string?)ids[k]), "the gateway's next sessions.list reads the replaced file:\n" + Expect.Show(listed));

        var patched = await gateway.CallAsync("sessions.patch", new JsonObject { ["key"] = "agent:main:beta", ["label"] = "Patched by the gateway" });
        patched["ok"]!.GetValue<bool>().Should().BeTrue(Expect.Show(patched));
        var store = JsonNode.Parse(await File.ReadAllTextAsync(seed.StorePath, TestContext.Current.CancellationToken))!.AsObject();
        using (new AwesomeAssertions.Execution.AssertionScope("store after the gateway's write:\n" + Expect.Show(store) + "\n--- gateway log ---\n" + gateway.Log))
        {
            store.Select(p => p.Key).Should().BeEquivalentTo(staying, "the gateway's write must not resurrect the closed entry from its cache");
            ((string?)store["agent:main:beta"]!["label"]).Should().Be("Patched by the gateway");
            store.Select(p => (string?)p.Value!["sessionId"]).Should().BeEquivalentTo(staying.Select(k => ids[k]));
        }

        (await gateway.StopAsync()).Should().Be(0, gateway.Log);
        OpenClawListing.StoreFile(seed.StorePath).Keys.Should().BeEquivalentTo(staying, "nothing changed on shutdown");
    }
}
