using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SessionCloser.Artifacts;
using SessionCloser.FileSystem;

namespace SessionCloser.Undo;

/// <summary>Writes an <see cref="OperationRecord"/> as the documented JSON (field order fixed, UTF-8, 2-space indent).</summary>
internal static class OperationRecordWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] ToJson(OperationRecord record)
    {
        using var buffer = new MemoryStream();
        Write(record, buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the record to <paramref name="output"/> as it goes (a keep-only's record holds every removed entry, as
    /// big as the store): no copy of the whole text is ever held in memory.
    /// </summary>
    /// <returns>How many bytes come before the entries (<see cref="WriteHeader"/>'s part): what follows is the same for every record with the same entries, renames and actions.</returns>
    public static long Write(OperationRecord record, Stream output)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        long headerLength;
        using (var w = new Utf8JsonWriter(output, Options))
        {
            Header(w, record);
            w.Flush();
            headerLength = w.BytesCommitted;
            Tail(w, record);
        }

        output.WriteByte((byte)'\n');
        return headerLength;
    }

    /// <summary>
    /// Writes only the part of the record before its entries (id, state, times, hashes: what completing a run changes),
    /// exactly as <see cref="Write"/> does; the rest is <see cref="Write"/>'s from the returned length on.
    /// </summary>
    public static void WriteHeader(OperationRecord record, Stream output)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output, Options);
        Header(w, record);
    }

    private static void Header(Utf8JsonWriter w, OperationRecord record)
    {
        w.WriteStartObject();
        w.WriteNumber("version", OperationRecord.CurrentVersion);
        w.WriteString("id", record.Id);
        w.WriteString("command", CommandName(record.Command));
        w.WriteStartArray("commandLine");
        foreach (var argument in record.CommandLine)
        {
            WriteText(w, argument);
        }

        w.WriteEndArray();
        w.WriteString("agent", record.AgentId);
        w.WriteString("stateDir", record.StateDir);
        WriteTextOrNull(w, "storePath", record.StorePath);
        w.WriteString("backend", BackendName(record.Backend));
        w.WriteString("era", record.Era);
        w.WriteNumber("pid", record.ProcessId);
        w.WriteString("startedAt", Time(record.StartedAt));
        WriteTextOrNull(w, "finishedAt", record.FinishedAt is { } finished ? Time(finished) : null);
        w.WriteBoolean("complete", record.Complete);
        w.WriteBoolean("finishedByRecovery", record.FinishedByRecovery);
        w.WriteBoolean("rolledBack", record.RolledBack);
        WriteTextOrNull(w, "storeSha256Before", record.StoreSha256Before);
        WriteTextOrNull(w, "storeSha256After", record.StoreSha256After);
        WriteTextOrNull(w, "backupPath", record.BackupPath);
        WriteTextOrNull(w, "storeBytesBefore", record.StoreBytesBefore is { } before ? Convert.ToBase64String(before) : null);
        WriteTextOrNull(w, "restores", record.Restores);
        WriteTextOrNull(w, "restoredBy", record.RestoredBy);
        WriteTextOrNull(w, "restoredAt", record.RestoredAt is { } restored ? Time(restored) : null);
    }

    private static void Tail(Utf8JsonWriter w, OperationRecord record)
    {
        w.WriteStartArray("removed");
        foreach (var entry in record.Removed)
        {
            WriteEntryStart(w, entry.Key, entry.SessionId, entry.Session);
            w.WriteNumber("index", entry.Index);
            WriteTextOrNull(w, "keyBefore", entry.KeyBefore);
            WriteTextOrNull(w, "keyAfter", entry.KeyAfter);
            w.WriteNumber("valueStart", entry.ValueStart);
            w.WriteBase64String("member", entry.Member.Span);
            w.WriteEndObject();
            w.FlushWhenFull();
        }

        w.WriteEndArray();
        w.WriteStartArray("added");
        foreach (var entry in record.Added)
        {
            WriteEntryStart(w, entry.Key, entry.SessionId, entry.Session);
            w.WriteString("member", Convert.ToBase64String(entry.Member));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("renames");
        foreach (var rename in record.Renames)
        {
            w.WriteStartObject();
            w.WriteString("from", rename.From);
            w.WriteString("to", rename.To);
            w.WriteString("kind", ArtifactKindNames.Name(rename.Kind));
            w.WritePropertyName("session");
            WriteText(w, rename.Session);
            w.WriteEndObject();
            w.FlushWhenFull();
        }

        w.WriteEndArray();
        w.WriteStartArray("gateway");
        foreach (var action in record.Gateway)
        {
            w.WriteStartObject();
            w.WritePropertyName("key");
            WriteText(w, action.Key);
            WriteTextOrNull(w, "sessionId", action.SessionId);
            w.WriteString("method", action.Method);
            w.WriteString("result", action.Result);
            WriteTextOrNull(w, "reported", action.Reported);
            w.WriteStartArray("archivedFiles");
            foreach (var file in action.ArchivedFiles)
            {
                WriteText(w, file);
            }

            w.WriteEndArray();
            WriteTextOrNull(w, "listed", action.Listed);
            WriteTextOrNull(w, "storeMember", action.StoreMember is { } member ? Convert.ToBase64String(member) : null);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("purged");
        foreach (var file in record.Purged)
        {
            w.WriteStartObject();
            WriteTextOrNull(w, "path", file.Path);
            w.WriteNumber("bytes", file.Bytes);
            WriteTextOrNull(w, "reason", file.Reason);
            w.WriteString("status", file.Status);
            WriteTextOrNull(w, "neededBy", file.NeededBy);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("purgedBy");
        foreach (var id in record.PurgedBy)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }


    public static string CommandName(RecordedCommand command) => command switch
    {
        RecordedCommand.Close => "close",
        RecordedCommand.KeepOnly => "keep-only",
        RecordedCommand.Purge => "purge",
        _ => "restore",
    };

    public static string BackendName(RecordedBackend backend) => backend == RecordedBackend.Gateway ? "gateway" : "files";

    public static string Time(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The fields every recorded entry starts with.</summary>
    private static void WriteEntryStart(Utf8JsonWriter w, string key, string? sessionId, string session)
    {
        w.WriteStartObject();
        w.WritePropertyName("key");
        WriteText(w, key);
        WriteTextOrNull(w, "sessionId", sessionId);
        w.WritePropertyName("session");
        WriteText(w, session);
    }

    private static void WriteTextOrNull(Utf8JsonWriter w, string name, string? value)
    {
        w.WritePropertyName(name);
        if (value is null)
        {
            w.WriteNullValue();
        }
        else
        {
            WriteText(w, value);
        }
    }

    /// <summary>
    /// A key or argument may hold a lone surrogate (JSON.parse accepts one, OpenClaw stores it); Utf8JsonWriter would
    /// throw, so such a string is written with <c>\udxxx</c> escapes, as JSON.stringify does, and reads back the same.
    /// </summary>
    private static void WriteText(Utf8JsonWriter w, string value)
    {
        if (!HasLoneSurrogate(value))
        {
            w.WriteStringValue(value);
            return;
        }

        var literal = new System.Text.StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                literal.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || c < ' ' || c == '"' || c == '\\')
            {
                literal.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                literal.Append(c);
            }
        }

        w.WriteRawValue(literal.Append('"').ToString(), skipInputValidation: true);
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
