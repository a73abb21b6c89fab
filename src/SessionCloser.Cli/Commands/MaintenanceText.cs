using System.Globalization;
using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Closing;

namespace SessionCloser.Cli.Commands;

/// <summary>How a dry run tells about the gateway's own <c>session.maintenance</c> on its next write.</summary>
internal static class MaintenanceText
{
    /// <summary>The warning line, e.g. "the gateway's session maintenance (mode enforce, pruneAfter 30d) will prune 322 …"; null when it removes nothing.</summary>
    public static string? Warning(MaintenanceForecast? forecast)
    {
        if (forecast is null || !forecast.Removes)
        {
            return null;
        }

        if (forecast.WouldArchive is { } archive && forecast.WouldDelete is { } delete)
        {
            var why = new List<string>();
            if (forecast.WouldPrune is > 0 and var aged)
            {
                why.Add(string.Create(CultureInfo.InvariantCulture, $"{aged} not updated for {Duration(forecast.PruneAfterMs)}"));
            }

            if (forecast.WouldArchiveStaleDashboards is > 0 and var dashboards)
            {
                why.Add(string.Create(CultureInfo.InvariantCulture, $"{dashboards} dashboard session(s) inactive for {Duration(forecast.ArchiveDashboardAfterMs ?? 0)}"));
            }

            if (forecast.WouldCap is > 0 and var over)
            {
                why.Add(string.Create(CultureInfo.InvariantCulture, $"{over} oldest over maxEntries {forecast.MaxEntries}"));
            }

            return string.Create(
                CultureInfo.InvariantCulture,
                $"the gateway's session maintenance (mode {forecast.Mode}, pruneAfter {Duration(forecast.PruneAfterMs)}, maxEntries {forecast.MaxEntries}) will archive {archive} and delete {delete} other session(s) ({string.Join(", ", why)}; automation sessions are deleted, the others archived) in its background pass after its next write; set session.maintenance.mode to \"warn\" in openclaw.json to keep them");
        }

        var parts = new List<string>();
        if (forecast.WouldPrune is > 0 and var pruned)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"prune {pruned} other session(s) not updated for {Duration(forecast.PruneAfterMs)}"));
        }

        if (forecast.WouldCap is > 0 and var capped)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"remove the {capped} oldest other session(s) to keep {forecast.MaxEntries}"));
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"the gateway's session maintenance (mode {forecast.Mode}, pruneAfter {Duration(forecast.PruneAfterMs)}, maxEntries {forecast.MaxEntries}) will {string.Join(" and ", parts)} on its next write, archiving their transcripts; set session.maintenance.mode to \"warn\" in openclaw.json to keep them");
    }

    public static void Write(Utf8JsonWriter w, MaintenanceForecast? forecast)
    {
        if (forecast is null)
        {
            w.WriteNull("maintenance");
            return;
        }

        w.WriteStartObject("maintenance");
        w.WriteString("mode", forecast.Mode);
        w.WriteNumber("pruneAfterMs", forecast.PruneAfterMs);
        w.WriteNumber("maxEntries", forecast.MaxEntries);
        w.WriteNumberOrNull("entryCount", forecast.EntryCount);
        w.WriteNumberOrNull("wouldPrune", forecast.WouldPrune);
        w.WriteNumberOrNull("wouldCap", forecast.WouldCap);
        w.WriteNumberOrNull("wouldArchiveStaleDashboards", forecast.WouldArchiveStaleDashboards);
        w.WriteNumberOrNull("wouldArchive", forecast.WouldArchive);
        w.WriteNumberOrNull("wouldDelete", forecast.WouldDelete);
        w.WriteBoolean("removesOtherSessions", forecast.Removes);
        w.WriteString("source", forecast.Source);
        w.WriteStringOrNull("notCounted", forecast.NotCounted);
        w.WriteEndObject();
    }

    /// <summary>"30d", "12h", "90m", else milliseconds.</summary>
    private static string Duration(long ms) =>
        ms % 86_400_000 == 0 ? $"{ms / 86_400_000}d"
        : ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h"
        : ms % 60_000 == 0 ? $"{ms / 60_000}m"
        : $"{ms}ms";
}
