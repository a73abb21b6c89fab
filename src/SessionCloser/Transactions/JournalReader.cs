using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using SessionCloser.Artifacts;
using SessionCloser.Errors;

namespace SessionCloser.Transactions;

/// <summary>
/// Reads a journal left by an interrupted run and checks all of it before recovery acts on any of it: the next
/// run obeys its renames, so a damaged or forged journal must not move a file outside the sessions directory,
/// nor anything but a session's file to its <c>&lt;file&gt;.deleted.&lt;stamp&gt;</c> archive name. A journal that
/// fails is refused (exit 5), left in place for a person, and nothing is renamed.
/// </summary>
internal sealed partial class JournalReader(string store, string journalPath)
{
    /// <summary>Far above any real journal (a 20,000-session keep-only writes a few MB); a bigger one is not ours.</summary>
    internal const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Far above the files of any real close; more renames than this are not a journal session-closer wrote.</summary>
    internal const int MaxRenames = 200_000;

    private static readonly string[] KindNames = Enum.GetNames<ArtifactKind>();

    /// <summary>The journal next to <paramref name="storePath"/>; null when there is none.</summary>
    public static CloseJournal? TryRead(string storePath)
    {
        var path = CloseJournal.PathFor(storePath);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var reader = new JournalReader(storePath, path);
        if (info.Length > MaxBytes)
        {
            throw reader.Invalid($"it is {info.Length.ToString(CultureInfo.InvariantCulture)} bytes, more than any run writes");
        }

        using var document = reader.Parse(File.ReadAllBytes(path));
        return reader.Read(document.RootElement);
    }

    private JsonDocument Parse(byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Invalid($"it is not valid JSON ({e.Message})");
        }
    }

    private CloseJournal Read(JsonElement root)
    {
        var fields = Fields(root, "the journal");
        if (!fields.TryGetValue("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != 1)
        {
            throw Invalid("\"version\" is not 1");
        }

        Text(fields, "storePath", "the journal");
        var oldHash = Hash(fields, "oldStoreSha256");
        var newHash = Hash(fields, "newStoreSha256");
        if (!DateTimeOffset.TryParse(Text(fields, "createdAt", "the journal"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            throw Invalid("\"createdAt\" is not a time");
        }

        if (!fields.TryGetValue("renames", out var renames) || renames.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("\"renames\" is not an array");
        }

        var operationId = OptionalText(fields, "operationId");
        if (operationId is not null && !OperationIdShape().IsMatch(operationId))
        {
            throw Invalid("\"operationId\" is not an operation id");
        }

        var direction = OptionalText(fields, "direction") switch
        {
            null or "close" => JournalDirection.Close,
            "restore" => JournalDirection.Restore,
            var other => throw Invalid($"\"direction\" {Quote(other)} is not close or restore"),
        };

        if (renames.GetArrayLength() > MaxRenames)
        {
            throw Invalid($"\"renames\" has {renames.GetArrayLength().ToString(CultureInfo.InvariantCulture)} items, more than any run writes");
        }

        var directory = new SessionsDirectory(Path.GetDirectoryName(Path.GetFullPath(store))!);
        var storeFileName = Path.GetFileName(Path.GetFullPath(store));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<ArchivedFile>(renames.GetArrayLength());
        var index = 0;
        foreach (var item in renames.EnumerateArray())
        {
            var where = $"renames[{index.ToString(CultureInfo.InvariantCulture)}]";
            var rename = Fields(item, where);
            var from = Text(rename, "from", where);
            var to = Text(rename, "to", where);
            var kind = Text(rename, "kind", where);
            if (!KindNames.Contains(kind, StringComparer.Ordinal))
            {
                throw Invalid($"{where}.kind {Quote(kind)} is not one of {string.Join(", ", KindNames)}");
            }

            if (ProblemWith(from, to, directory, storeFileName, direction) is { } problem)
            {
                throw Invalid($"{where}: {problem}");
            }

            if (!seen.Add(from))
            {
                throw Invalid($"{where}.from {Quote(from)} is listed twice");
            }

            list.Add(new ArchivedFile(from, to, Enum.Parse<ArtifactKind>(kind)));
            index++;
        }

        return new CloseJournal(store, oldHash, newHash, createdAt, list, operationId, direction);
    }

    /// <summary>
    /// Why a rename is not one a run could have journaled: <c>from</c> must be the real, normalized path of a file
    /// inside the sessions directory (symlinks resolved) that is no bookkeeping file, and <c>to</c> exactly
    /// <c>&lt;from&gt;.deleted.&lt;yyyy-MM-ddTHH-mm-ss.fffZ&gt;</c>, so it stays beside it.
    /// </summary>
    internal static string? ProblemWith(string from, string to, SessionsDirectory directory, string storeFileName, JournalDirection direction)
    {
        // A restore renames archives back: the same pair, the other way round (and, undoing a restore, archives again).
        if (direction == JournalDirection.Restore && IsArchiveOf(from, to))
        {
            return ProblemWith(to, from, directory, storeFileName) is { } problem ? $"a rename back from an archive, read the other way round: {problem}" : null;
        }

        return ProblemWith(from, to, directory, storeFileName);
    }

    /// <summary>True when <paramref name="archive"/> is exactly <c>&lt;original&gt;.deleted.&lt;stamp&gt;</c>.</summary>
    internal static bool IsArchiveOf(string archive, string original)
    {
        var prefix = $"{original}.{ArtifactNames.Deleted}.";
        return archive.StartsWith(prefix, StringComparison.Ordinal) && ArtifactNames.TryParseArchiveTimestamp(archive[prefix.Length..], out _);
    }

    internal static string? ProblemWith(string from, string to, SessionsDirectory directory, string storeFileName)
    {
        if (!Path.IsPathFullyQualified(from) || from.Contains('\0', StringComparison.Ordinal) || Path.GetFullPath(from) != from)
        {
            return $"from {Quote(from)} is not an absolute, normalized path";
        }

        var resolved = directory.Resolve(from);
        if (!resolved.IsInside)
        {
            return "from " + resolved.Problem;
        }

        if (resolved.FullPath != from)
        {
            return $"from {Quote(from)} does not name a file in the sessions directory {directory.RealPath} by its real path";
        }

        var name = Path.GetFileName(from);
        if (name == storeFileName || name.StartsWith(storeFileName + ".", StringComparison.Ordinal)
            || name.EndsWith(".lock", StringComparison.Ordinal) || ArtifactNames.IsArchive(name))
        {
            return $"from {Quote(from)} is the store, a lock, a backup, a temporary file or an archive, never a file a close renames";
        }

        var prefix = $"{from}.{ArtifactNames.Deleted}.";
        if (!to.StartsWith(prefix, StringComparison.Ordinal) || !ArtifactNames.TryParseArchiveTimestamp(to[prefix.Length..], out _))
        {
            return $"to {Quote(to)} is not \"<from>.{ArtifactNames.Deleted}.<yyyy-MM-ddTHH-mm-ss.fffZ>\"";
        }

        return null;
    }

    private Dictionary<string, JsonElement> Fields(JsonElement element, string where) => StrictJsonObject.Fields(element, where, Invalid);

    private string Text(Dictionary<string, JsonElement> fields, string name, string where) => StrictJsonObject.Text(fields, name, where, Invalid);

    private string? OptionalText(Dictionary<string, JsonElement> fields, string name) =>
        !fields.TryGetValue(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Invalid($"\"{name}\" is not a string");

    private string Hash(Dictionary<string, JsonElement> fields, string name)
    {
        var value = Text(fields, name, "the journal");
        return Sha256Hex().IsMatch(value) ? value : throw Invalid($"\"{name}\" is not 64 lowercase hex digits");
    }

    private static string Quote(string value) => $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";

    /// <summary>The refusal: names the journal and the problem, says nothing was changed and the journal stays.</summary>
    private SessionCloserException Invalid(string problem) => new(
        ExitCode.StoreError,
        $"{journalPath} (the journal of an interrupted session-closer run) was refused: {problem}. Nothing was renamed or changed and the journal was left in place; inspect it, then delete it to continue.");

    [GeneratedRegex(@"^[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OperationIdShape();
}
