using System.Text.Json;

namespace SessionCloser.Store;

/// <summary>
/// Pulls the fields closing needs out of one entry's bytes. Like JavaScript, a repeated property takes its
/// last value. Wrong types are recorded as problems rather than thrown: the store itself is still valid JSON.
/// </summary>
internal static class EntryFieldReader
{
    public static EntryFields Read(ReadOnlySpan<byte> entry, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(entry, options);
        reader.Read();
        return Read(ref reader);
    }

    /// <summary>The fields of the object whose start <paramref name="reader"/> is on; leaves the reader on its end.</summary>
    public static EntryFields Read(ref Utf8JsonReader reader)
    {
        string? sessionId = null, sessionFile = null, label = null, displayName = null, promptHash = null, chatType = null;
        var isSpawned = false;
        double? updatedAt = null, archivedAt = null, pinnedAt = null;
        // Most entries have no checkpoints and no problems: their lists are made only when needed (100,000 entries, 300,000 lists).
        List<string>? checkpointFiles = null, checkpointIds = null, problems = null;
        var sawSessionId = false;
        var sawUpdatedAt = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (JsonStrings.NameEquals(ref reader, "sessionId"u8))
            {
                reader.Read();
                sawSessionId = true;
                sessionId = StringOrProblem(ref reader, "sessionId", ref problems);
            }
            else if (JsonStrings.NameEquals(ref reader, "updatedAt"u8))
            {
                reader.Read();
                sawUpdatedAt = true;
                updatedAt = NumberOrProblem(ref reader, "updatedAt", ref problems);
            }
            else if (JsonStrings.NameEquals(ref reader, "sessionFile"u8))
            {
                reader.Read();
                sessionFile = StringOrProblem(ref reader, "sessionFile", ref problems, allowNull: true);
            }
            else if (JsonStrings.NameEquals(ref reader, "label"u8))
            {
                label = StringOrNull(ref reader);
            }
            else if (JsonStrings.NameEquals(ref reader, "displayName"u8))
            {
                displayName = StringOrNull(ref reader);
            }
            else if (JsonStrings.NameEquals(ref reader, "archivedAt"u8))
            {
                archivedAt = NumberOrNull(ref reader);
            }
            else if (JsonStrings.NameEquals(ref reader, "pinnedAt"u8))
            {
                pinnedAt = NumberOrNull(ref reader);
            }
            else if (JsonStrings.NameEquals(ref reader, "chatType"u8))
            {
                chatType = StringOrNull(ref reader);
            }
            else if (JsonStrings.NameEquals(ref reader, "spawnedBy"u8))
            {
                reader.Read();
                isSpawned = IsTruthy(ref reader);
                reader.Skip();
            }
            else if (JsonStrings.NameEquals(ref reader, "compactionCheckpoints"u8))
            {
                reader.Read();
                checkpointFiles = [];
                checkpointIds = [];
                ReadCheckpoints(ref reader, checkpointFiles, checkpointIds);
            }
            else if (JsonStrings.NameEquals(ref reader, "skillsSnapshot"u8))
            {
                reader.Read();
                promptHash = ReadPromptHash(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawSessionId)
        {
            (problems ??= []).Add("sessionId is missing");
        }

        if (!sawUpdatedAt)
        {
            (problems ??= []).Add("updatedAt is missing");
        }

        return new EntryFields
        {
            SessionId = sessionId,
            UpdatedAt = updatedAt,
            ArchivedAt = archivedAt,
            PinnedAt = pinnedAt,
            SessionFile = sessionFile,
            Label = label,
            DisplayName = displayName,
            ChatType = chatType,
            IsSpawned = isSpawned,
            CheckpointFiles = checkpointFiles ?? (IReadOnlyList<string>)[],
            CheckpointSessionIds = checkpointIds ?? (IReadOnlyList<string>)[],
            PromptHash = promptHash,
            Problems = problems ?? (IReadOnlyList<string>)[],
        };
    }

    /// <summary>The next value when it is a number; anything else (skipped) reads as absent.</summary>
    private static double? NumberOrNull(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    /// <summary>The next value when it is a string; anything else (skipped) reads as absent.</summary>
    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        reader.Read();
        var value = reader.TokenType == JsonTokenType.String ? JsonStrings.Decode(ref reader) : null;
        reader.Skip();
        return value;
    }

    /// <summary>JavaScript truthiness of the value under the reader: <c>""</c>, <c>0</c>, <c>false</c> and <c>null</c> are false.</summary>
    private static bool IsTruthy(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.ValueSpan.Length > 0,
        JsonTokenType.Number => !reader.TryGetDouble(out var number) || number != 0,
        JsonTokenType.True or JsonTokenType.StartObject or JsonTokenType.StartArray => true,
        _ => false,
    };

    private static string? StringOrProblem(ref Utf8JsonReader reader, string field, ref List<string>? problems, bool allowNull = false)
    {
        problems?.RemoveAll(p => p.StartsWith(field + " ", StringComparison.Ordinal));
        if (reader.TokenType == JsonTokenType.String)
        {
            return JsonStrings.Decode(ref reader);
        }

        if (!(allowNull && reader.TokenType == JsonTokenType.Null))
        {
            (problems ??= []).Add($"{field} is {TypeName(reader.TokenType)}, not a string");
        }

        reader.Skip();
        return null;
    }

    private static double? NumberOrProblem(ref Utf8JsonReader reader, string field, ref List<string>? problems)
    {
        problems?.RemoveAll(p => p.StartsWith(field + " ", StringComparison.Ordinal));
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
        {
            return value;
        }

        (problems ??= []).Add($"{field} is {TypeName(reader.TokenType)}, not a finite number");
        reader.Skip();
        return null;
    }

    /// <summary>Reads one property: called on its name, it leaves the reader on the end of its value.</summary>
    internal delegate void PropertyReader(ref Utf8JsonReader reader);

    /// <summary>Checkpoint copies live in <c>preCompaction</c>/<c>postCompaction</c> objects, each with a sessionId and maybe a sessionFile.</summary>
    private static void ReadCheckpoints(ref Utf8JsonReader reader, List<string> files, List<string> ids) =>
        ReadCheckpointSides(ref reader, (ref Utf8JsonReader side) =>
        {
            var target = JsonStrings.NameEquals(ref side, "sessionFile"u8) ? files : JsonStrings.NameEquals(ref side, "sessionId"u8) ? ids : null;
            side.Read();
            if (target is not null && side.TokenType == JsonTokenType.String)
            {
                target.Add(JsonStrings.Decode(ref side));
            }
            else
            {
                side.Skip();
            }
        });

    /// <summary>
    /// From a <c>compactionCheckpoints</c> value to its end: every property of each checkpoint's <c>preCompaction</c> and
    /// <c>postCompaction</c> object goes to <paramref name="readProperty"/>; anything else is skipped.
    /// </summary>
    internal static void ReadCheckpointSides(ref Utf8JsonReader reader, PropertyReader readProperty)
    {
        ArgumentNullException.ThrowIfNull(readProperty);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSide = JsonStrings.NameEquals(ref reader, "preCompaction"u8) || JsonStrings.NameEquals(ref reader, "postCompaction"u8);
                reader.Read();
                if (isSide && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        readProperty(ref reader);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static string? ReadPromptHash(ref Utf8JsonReader reader)
    {
        string? hash = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRef = JsonStrings.NameEquals(ref reader, "promptRef"u8);
            reader.Read();
            if (!isRef || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isHash = JsonStrings.NameEquals(ref reader, "hash"u8);
                reader.Read();
                if (isHash && reader.TokenType == JsonTokenType.String)
                {
                    var value = JsonStrings.Decode(ref reader);
                    hash = IsSha256Hex(value) ? value : null;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return hash;
    }

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool IsSha256Hex(string value) => value.Length == 64 && value.AsSpan().IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>"an array", "null", ...: how messages name the JSON type found where another was expected.</summary>
    internal static string TypeName(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
