using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using SessionCloser.Cli.Commands;
using SessionCloser.Closing;

namespace SessionCloser.Cli.Tests;

/// <summary>The dry run's warning and JSON for the gateway's own session maintenance (era C counts: archive and delete).</summary>
public sealed class MaintenanceTextTests
{
    private static MaintenanceForecast EraC(string mode) => new()
    {
        Mode = mode,
        PruneAfterMs = 30L * 86_400_000,
        MaxEntries = 5000,
        EntryCount = 29,
        WouldPrune = 14,
        WouldCap = 0,
        WouldArchiveStaleDashboards = 2,
        WouldArchive = 8,
        WouldDelete = 8,
        ArchiveDashboardAfterMs = 7L * 86_400_000,
        Source = "mode: OpenClaw's default",
        NotCounted = "the disk budget",
    };

    [Fact]
    public void Era_C_warns_how_many_are_archived_and_deleted_and_why()
    {
        MaintenanceText.Warning(EraC("enforce")).Should().Be(
            "the gateway's session maintenance (mode enforce, pruneAfter 30d, maxEntries 5000) will archive 8 and delete 8 other session(s) (14 not updated for 30d, 2 dashboard session(s) inactive for 7d; automation sessions are deleted, the others archived) in its background pass after its next write; set session.maintenance.mode to \"warn\" in openclaw.json to keep them");
        MaintenanceText.Warning(EraC("warn")).Should().BeNull("warn mode removes nothing");
    }

    [Fact]
    public void Era_C_json_carries_the_counts_and_what_is_not_counted()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            MaintenanceText.Write(w, EraC("enforce"));
            w.WriteEndObject();
        }

        var json = JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()))!["maintenance"]!;
        ((int?)json["wouldArchive"], (int?)json["wouldDelete"], (int?)json["wouldArchiveStaleDashboards"], (bool?)json["removesOtherSessions"])
            .Should().Be((8, 8, 2, true));
        ((string?)json["notCounted"]).Should().Be("the disk budget");
    }
}
