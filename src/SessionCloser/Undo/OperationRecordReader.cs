using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using SessionCloser.Artifacts;
using SessionCloser.Errors;
using SessionCloser.Store;
using SessionCloser.Transactions;

namespace SessionCloser.Undo;

/// <summary>
/// Reads an operation record and checks all of it before anything acts on it: <c>restore</c> writes its entries into
/// the store and renames its files, so a damaged or forged record must fail whole (exit 5, nothing changed), never
/// half-apply. Every field has its JSON type, ids and hashes their shape, and every removed or added entry's bytes
/// must parse as exactly one <c>"key": value</c> member of the key it claims. Where its paths may point is checked
/// against the agent by <see cref="RecordPaths"/>.
/// </summary>
internal sealed partial class OperationRecordReader(string path)
{
    /// <summary>Far above any real record (a 20,000-session keep-only keeps every entry's bytes: tens of MB).</summary>
    internal const long MaxBytes = 512L * 1024 * 1024;


    public static OperationRecord Read(string path)
    {
        var reader = new OperationRecordReader(path);
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            throw reader.Invalid($"it is {info.Length.ToString(CultureInfo.InvariantCulture)} bytes, more than any run writes");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new SessionCloserException(ExitCode.NotFound, $"there is no operation record {path}");
        }

        return reader.Parse(bytes);
    }

    internal OperationRecord Parse(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Invalid($"it is not valid JSON ({e.Message})");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private OperationRecord Read(JsonElement root)
    {
        var f = Fields(root, "the record");
        if (!f.TryGetValue("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != OperationRecord.CurrentVersion)
        {
            throw Invalid($"\"version\" is not {OperationRecord.CurrentVersion.ToString(CultureInfo.InvariantCulture)}");
        }

        var id = Text(f, "id", "the record");
        if (!OperationIds.IsValid(id))
        {
            throw Invalid($"\"id\" {Quote(id)} is not an operation id (yyyyMMddTHHmmssfffZ-xxxxxx)");
        }

        if (Path.GetFileName(path) != id + OperationLog.Extension)
        {
            throw Invalid($"\"id\" {Quote(id)} is not the file's name");
        }

        var command = Text(f, "command", "the record") switch
        {
            "close" => RecordedCommand.Close,
            "keep-only" => RecordedCommand.KeepOnly,
            "restore" => RecordedCommand.Restore,
            "purge" => RecordedCommand.Purge,
            var other => throw Invalid($"\"command\" {Quote(other)} is not close, keep-only, restore or purge"),
        };
        var backend = Text(f, "backend", "the record") switch
        {
            "files" => RecordedBackend.Files,
            "gateway" => RecordedBackend.Gateway,
            var other => throw Invalid($"\"backend\" {Quote(other)} is not files or gateway"),
        };
        var era = Text(f, "era", "the record");
        if (era is not ("A" or "B" or "C" or "Unknown"))
        {
            throw Invalid($"\"era\" {Quote(era)} is not A, B, C or Unknown");
        }

        var record = new OperationRecord
        {
            Id = id,
            Command = command,
            CommandLine = Array(f, "commandLine", "the record").Select((e, i) => DecodedText(e, $"commandLine[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList(),
            AgentId = Text(f, "agent", "the record"),
            StateDir = AbsolutePath(Text(f, "stateDir", "the record"), "stateDir"),
            StorePath = TextOrNull(f, "storePath", "the record") is { } store ? AbsolutePath(store, "storePath") : null,
            Backend = backend,
            Era = era,
            ProcessId = Int(f, "pid", "the record"),
            StartedAt = Time(f, "startedAt") ?? throw Invalid("\"startedAt\" is missing"),
            FinishedAt = Time(f, "finishedAt"),
            Complete = Bool(f, "complete"),
            FinishedByRecovery = Bool(f, "finishedByRecovery"),
            RolledBack = Bool(f, "rolledBack"),
            StoreSha256Before = Hash(f, "storeSha256Before"),
            StoreSha256After = Hash(f, "storeSha256After"),
            BackupPath = TextOrNull(f, "backupPath", "the record") is { } backup ? AbsolutePath(backup, "backupPath") : null,
            StoreBytesBefore = TextOrNull(f, "storeBytesBefore", "the record") is { } before ? Base64(before, "storeBytesBefore") : null,
            Restores = OptionalId(f, "restores"),
            RestoredBy = OptionalId(f, "restoredBy"),
            RestoredAt = Time(f, "restoredAt"),
            Removed = Array(f, "removed", "the record").Select((e, i) => Removed(e, $"removed[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList(),
            Added = Array(f, "added", "the record").Select((e, i) => Added(e, $"added[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList(),
            Renames = Array(f, "renames", "the record").Select((e, i) => Rename(e, $"renames[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList(),
            Gateway = Array(f, "gateway", "the record").Select((e, i) => Gateway(e, $"gateway[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList(),

            // purged and purgedBy came later: a record without them has none.
            Purged = f.ContainsKey("purged") ? Array(f, "purged", "the record").Select((e, i) => Purged(e, $"purged[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList() : [],
            PurgedBy = f.ContainsKey("purgedBy") ? Array(f, "purgedBy", "the record").Select((e, i) => PurgeId(e, $"purgedBy[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList() : [],
        };

        if (record.Command == RecordedCommand.Purge && (record.Removed.Count > 0 || record.Added.Count > 0 || record.Renames.Count > 0 || record.Gateway.Count > 0))
        {
            throw Invalid("a purge record lists entries, renames or gateway calls; a purge only deletes files");
        }

        if (record.Command != RecordedCommand.Purge && record.Purged.Count > 0)
        {
            throw Invalid("\"purged\" lists files, but the command is not purge");
        }

        if (record.Command == RecordedCommand.Restore != (record.Restores is not null))
        {
            throw Invalid("\"restores\" must name the undone operation exactly when the command is restore");
        }

        // A restore may replace an entry (--force) by the one it puts back: a key can be in both lists, never twice in one.
        foreach (var keys in new[] { record.Removed.Select(e => e.Key), record.Added.Select(e => e.Key) })
        {
            if (keys.GroupBy(k => k, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw Invalid($"the key {Quote(twice.Key)} is listed twice");
            }
        }

        if (record.Renames.Select(r => r.From).GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } renamedTwice)
        {
            throw Invalid($"{Quote(renamedTwice.Key)} is renamed twice");
        }

        return record;
    }

    private RemovedEntry Removed(JsonElement element, string where)
    {
        var f = Fields(element, where);
        var key = DecodedText(Required(f, "key", where), where + ".key");
        var member = Base64(Text(f, "member", where), where + ".member");
        var valueStart = Int(f, "valueStart", where);
        var (sessionId, actualValueStart) = CheckMember(member, key, where);
        if (valueStart != actualValueStart)
        {
            throw Invalid($"{where}.valueStart is not where the value starts in its member");
        }

        var index = Int(f, "index", where);
        if (index < 0)
        {
            throw Invalid($"{where}.index is negative");
        }

        return new RemovedEntry(
            key,
            CheckSessionId(f, sessionId, where),
            DecodedText(Required(f, "session", where), where + ".session"),
            member,
            valueStart,
            index,
            f.TryGetValue("keyBefore", out var before) && before.ValueKind != JsonValueKind.Null ? DecodedText(before, where + ".keyBefore") : RequireNull(f, "keyBefore", where),
            f.TryGetValue("keyAfter", out var after) && after.ValueKind != JsonValueKind.Null ? DecodedText(after, where + ".keyAfter") : RequireNull(f, "keyAfter", where));
    }

    private AddedEntry Added(JsonElement element, string where)
    {
        var f = Fields(element, where);
        var key = DecodedText(Required(f, "key", where), where + ".key");
        var member = Base64(Text(f, "member", where), where + ".member");
        var (sessionId, _) = CheckMember(member, key, where);
        return new AddedEntry(key, CheckSessionId(f, sessionId, where), DecodedText(Required(f, "session", where), where + ".session"), member);
    }

    private RecordedRename Rename(JsonElement element, string where)
    {
        var f = Fields(element, where);
        var kind = Text(f, "kind", where);
        if (!ArtifactKindNames.TryParse(kind, out var parsed))
        {
            throw Invalid($"{where}.kind {Quote(kind)} is not one of {string.Join(", ", ArtifactKindNames.All)}");
        }

        return new RecordedRename(
            AbsolutePath(Text(f, "from", where), where + ".from"),
            AbsolutePath(Text(f, "to", where), where + ".to"),
            parsed,
            DecodedText(Required(f, "session", where), where + ".session"));
    }

    private PurgedFile Purged(JsonElement element, string where)
    {
        var f = Fields(element, where);
        var status = Text(f, "status", where);
        if (status is not (PurgedFile.Pending or PurgedFile.Deleted or PurgedFile.AlreadyGone or PurgedFile.Kept))
        {
            throw Invalid($"{where}.status {Quote(status)} is not pending, deleted, already-gone or kept");
        }

        if (!f.TryGetValue("bytes", out var bytes) || bytes.ValueKind != JsonValueKind.Number || !bytes.TryGetInt64(out var size) || size < 0)
        {
            throw Invalid($"{where}.bytes is not a size");
        }

        var neededBy = TextOrNull(f, "neededBy", where);
        if (neededBy is not null && !OperationIds.IsValid(neededBy))
        {
            throw Invalid($"{where}.neededBy {Quote(neededBy)} is not an operation id");
        }

        return new PurgedFile(AbsolutePath(Text(f, "path", where), where + ".path"), size, Text(f, "reason", where), status, neededBy);
    }

    private string PurgeId(JsonElement element, string where)
    {
        var id = DecodedText(element, where);
        return OperationIds.IsValid(id) ? id : throw Invalid($"{where} {Quote(id)} is not an operation id");
    }

    private GatewayAction Gateway(JsonElement element, string where)
    {
        var f = Fields(element, where);
        var key = DecodedText(Required(f, "key", where), where + ".key");

        // listed and storeMember came later: a record without them reads as null.
        var member = f.ContainsKey("storeMember") && TextOrNull(f, "storeMember", where) is { } text ? Base64(text, where + ".storeMember") : null;
        if (member is not null)
        {
            CheckMember(member, key, where + ".storeMember");
        }

        return new GatewayAction(
            key,
            TextOrNull(f, "sessionId", where),
            Text(f, "method", where),
            Text(f, "result", where),
            TextOrNull(f, "reported", where),
            Array(f, "archivedFiles", where).Select((e, i) => AbsolutePath(DecodedText(e, $"{where}.archivedFiles[{i.ToString(CultureInfo.InvariantCulture)}]"), where + ".archivedFiles")).ToList(),
            f.ContainsKey("listed") ? TextOrNull(f, "listed", where) : null,
            member);
    }

    /// <summary>The member must parse as exactly one <c>"key": value</c> of <paramref name="key"/>; returns the entry's sessionId and where its value starts.</summary>
    private (string? SessionId, int ValueStart) CheckMember(byte[] member, string key, string where)
    {
        var framed = new byte[member.Length + 2];
        framed[0] = (byte)'{';
        member.CopyTo(framed, 1);
        framed[^1] = (byte)'}';
        SessionStoreSnapshot parsed;
        try
        {
            parsed = StoreReader.Parse(framed, where);
        }
        catch (StoreFormatException e)
        {
            throw Invalid($"{where}.member is not one \"key\": value member ({e.Message})");
        }

        if (parsed.Entries.Count != 1 || parsed.Entries[0].Key != key || parsed.Entries[0].Member.Start != 1 || parsed.Entries[0].Member.Length != member.Length)
        {
            throw Invalid($"{where}.member is not exactly the member of the key {Quote(key)}");
        }

        return (parsed.Entries[0].Fields.SessionId, parsed.Entries[0].Value.Start - 1);
    }

    private string? CheckSessionId(Dictionary<string, JsonElement> f, string? actual, string where)
    {
        var claimed = TextOrNull(f, "sessionId", where);
        return claimed == actual ? actual : throw Invalid($"{where}.sessionId is not the sessionId in its member");
    }

    private string AbsolutePath(string value, string where) =>
        Path.IsPathFullyQualified(value) && !value.Contains('\0', StringComparison.Ordinal) && Path.GetFullPath(value) == value
            ? value
            : throw Invalid($"{where} {Quote(value)} is not an absolute, normalized path");

    private string? OptionalId(Dictionary<string, JsonElement> f, string name)
    {
        var value = TextOrNull(f, name, "the record");
        return value is null || OperationIds.IsValid(value) ? value : throw Invalid($"\"{name}\" {Quote(value)} is not an operation id");
    }

    private string? Hash(Dictionary<string, JsonElement> f, string name)
    {
        var value = TextOrNull(f, name, "the record");
        return value is null || Sha256Hex().IsMatch(value) ? value : throw Invalid($"\"{name}\" is not 64 lowercase hex digits");
    }

    private DateTimeOffset? Time(Dictionary<string, JsonElement> f, string name)
    {
        var value = TextOrNull(f, name, "the record");
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when
            : throw Invalid($"\"{name}\" is not a UTC time");
    }

    private byte[] Base64(string value, string where)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw Invalid($"{where} is not base64");
        }
    }

    private Dictionary<string, JsonElement> Fields(JsonElement element, string where) => StrictJsonObject.Fields(element, where, Invalid);

    private JsonElement Required(Dictionary<string, JsonElement> f, string name, string where) =>
        f.TryGetValue(name, out var value) ? value : throw Invalid($"{where}.{name} is missing");

    private JsonElement.ArrayEnumerator Array(Dictionary<string, JsonElement> f, string name, string where) =>
        f.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Invalid($"{where}.{name} is {(f.ContainsKey(name) ? "not an array" : "missing")}");

    private string Text(Dictionary<string, JsonElement> f, string name, string where) =>
        f.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? DecodedText(value, $"{where}.{name}")
            : throw Invalid($"{where}.{name} is {(f.ContainsKey(name) ? "not a string" : "missing")}");

    private string? TextOrNull(Dictionary<string, JsonElement> f, string name, string where) =>
        !f.TryGetValue(name, out var value) ? throw Invalid($"{where}.{name} is missing")
        : value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? DecodedText(value, $"{where}.{name}")
        : throw Invalid($"{where}.{name} is not a string or null");

    private string? RequireNull(Dictionary<string, JsonElement> f, string name, string where) =>
        f.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Null ? null : throw Invalid($"{where}.{name} is missing or not a string");

    private int Int(Dictionary<string, JsonElement> f, string name, string where) =>
        f.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Invalid($"{where}.{name} is not an integer");

    private bool Bool(Dictionary<string, JsonElement> f, string name) =>
        f.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw Invalid($"\"{name}\" is not true or false");

    /// <summary>A string as JSON.parse reads it: lone surrogates (which GetString refuses) included.</summary>
    private string DecodedText(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{where} is not a string");
        }

        var raw = Encoding.UTF8.GetBytes(element.GetRawText());
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        return JsonStrings.Decode(ref reader);
    }

    /// <summary>A value in a message; a lone surrogate (which the encoder refuses) shows as U+FFFD.</summary>
    private static string Quote(string value) => $"\"{JsonEncodedText.Encode(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)), JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";

    /// <summary>The refusal: names the record and the problem, says nothing was changed.</summary>
    internal SessionCloserException Invalid(string problem) => new(
        ExitCode.StoreError,
        $"{path} (a session-closer operation record) was refused: {problem}. Nothing was changed; the record was left as it is.");

    [GeneratedRegex(@"^[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();
}
