using System.Text.Json;
using SessionCloser.Cli.Output;
using SessionCloser.Listing;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// One session in <c>list --json</c>. From a store file: the row fields of <c>openclaw sessions --json</c> that come
/// straight from the entry (copied verbatim when present), then session-closer's own: transcript path and size,
/// flags, problems. From the gateway: its row as sent, plus flags.
/// </summary>
internal static class SessionRowJson
{
    /// <summary>An entry as deep as JSON.parse reads (no limit; the store reader has none either): the default of 64 would throw.</summary>
    private static readonly JsonReaderOptions DeepEntries = new() { MaxDepth = int.MaxValue };

    // 2026.7.35 toSessionDisplayRow: the entry fields 'openclaw sessions --json' copies into each row.
    private static readonly string[] EntryFields =
    [
        "sessionFile", "spawnedBy", "spawnedWorkspaceDir", "spawnedCwd", "parentSessionKey", "forkedFromParent", "spawnDepth",
        "subagentRole", "subagentControlScope", "sessionStartedAt", "lastInteractionAt", "label", "status", "systemSent",
        "abortedLastRun", "thinkingLevel", "verboseLevel", "traceLevel", "reasoningLevel", "elevatedLevel", "responseUsage",
        "groupActivation", "inputTokens", "outputTokens", "totalTokens", "totalTokensFresh", "model", "modelProvider",
        "providerOverride", "modelOverride", "contextTokens", "displayName",
    ];

    private static readonly byte[][] EntryFieldNames = [.. EntryFields.Select(System.Text.Encoding.UTF8.GetBytes)];

    // The indexes of EntryFieldNames by name length: an entry's property is compared only with the names of its length.
    private static readonly int[][] EntryFieldsByLength = [.. Enumerable.Range(0, EntryFieldNames.Max(name => name.Length) + 1)
        .Select(length => Enumerable.Range(0, EntryFieldNames.Length).Where(i => EntryFieldNames[i].Length == length).ToArray())];

    public static void Write(Utf8JsonWriter w, ListedSession row)
    {
        if (row.GatewayRow is { } gatewayRow)
        {
            WriteGatewayRow(w, row, gatewayRow);
            return;
        }

        w.WriteStartObject();
        w.WriteStringOrNull("key", row.Key);
        w.WriteNumberOrNull("updatedAt", row.UpdatedAt);
        w.WriteNumberOrNull("ageMs", row.AgeMs);
        w.WriteStringOrNull("sessionId", row.SessionId);
        w.WriteStringOrNull("agentId", row.AgentId);
        w.WriteString("kind", row.DisplayKind);
        if (row.EntryJson is { } entry)
        {
            WriteEntryFields(w, entry.Span);
        }

        w.WriteStringOrNull("transcriptPath", row.TranscriptPath);
        if (row.TranscriptBytes is { } bytes)
        {
            w.WriteNumber("transcriptBytes", bytes);
        }
        else
        {
            w.WriteNull("transcriptBytes");
        }

        WriteArchiveState(w, row);
        w.WriteStrings("flags", FlagNames.Of(row.Flags));
        w.WriteStrings("problems", row.Problems);
        w.WriteEndObject();
    }

    /// <summary>
    /// The <see cref="EntryFields"/> the entry has, in that order, each value's bytes as stored (re-encoding would throw
    /// on the lone surrogates JSON.parse accepts). One pass of a reader over the entry; a repeated property gives its
    /// last value, names compare unescaped, as JSON.parse reads them.
    /// </summary>
    private static void WriteEntryFields(Utf8JsonWriter w, ReadOnlySpan<byte> entry)
    {
        Span<long> found = stackalloc long[EntryFieldNames.Length];
        found.Fill(-1);
        var reader = new Utf8JsonReader(entry, DeepEntries);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldIndex(ref reader);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (field >= 0)
            {
                found[field] = ((long)start << 32) | (uint)((int)reader.BytesConsumed - start);
            }
        }

        for (var i = 0; i < found.Length; i++)
        {
            if (found[i] >= 0)
            {
                w.WritePropertyName(EntryFieldNames[i]);
                w.WriteRawValue(entry.Slice((int)(found[i] >> 32), (int)(uint)found[i]), skipInputValidation: true);
            }
        }
    }

    private static int FieldIndex(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            for (var i = 0; i < EntryFieldNames.Length; i++)
            {
                if (reader.ValueTextEquals(EntryFieldNames[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        var name = reader.ValueSpan;
        if (name.Length < EntryFieldsByLength.Length)
        {
            foreach (var i in EntryFieldsByLength[name.Length])
            {
                if (name.SequenceEqual(EntryFieldNames[i]))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>session-closer's own: archived (with when) and pinned, for every era.</summary>
    private static void WriteArchiveState(Utf8JsonWriter w, ListedSession row, JsonElement? sent = null)
    {
        // A gateway row that has one of them already keeps its own value.
        if (sent?.TryGetProperty("archived", out _) != true)
        {
            w.WriteBoolean("archived", row.Archived);
        }

        if (sent?.TryGetProperty("archivedAt", out _) != true)
        {
            w.WriteNumberOrNull("archivedAt", row.ArchivedAt);
        }

        if (sent?.TryGetProperty("pinned", out _) != true)
        {
            w.WriteBoolean("pinned", row.Pinned);
        }
    }

    /// <summary>The gateway's row as it sent it, plus what it left out (agentId, ageMs) and session-closer's flags.</summary>
    private static void WriteGatewayRow(Utf8JsonWriter w, ListedSession row, JsonElement raw)
    {
        w.WriteStartObject();
        foreach (var property in raw.EnumerateObject())
        {
            property.WriteTo(w);
        }

        if (!raw.TryGetProperty("agentId", out _))
        {
            w.WriteString("agentId", row.AgentId);
        }

        if (!raw.TryGetProperty("ageMs", out _) && row.AgeMs is { } age)
        {
            w.WriteNumber("ageMs", age);
        }

        WriteArchiveState(w, row, raw);

        w.WriteStrings("flags", FlagNames.Of(row.Flags));
        w.WriteEndObject();
    }
}
