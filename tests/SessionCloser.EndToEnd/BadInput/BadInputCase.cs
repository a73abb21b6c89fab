using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionCloser.EndToEnd.BadInput;

/// <summary>
/// One case of the bad-input corpus, read from <c>BadInput/cases/&lt;name&gt;.json</c>: the state to build, the command
/// line, and what the CLI must answer. The format is described in <c>BadInput/README.md</c>.
/// </summary>
internal sealed record BadInputCase
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The file name without <c>.json</c>.</summary>
    [JsonIgnore]
    public string Name { get; init; } = "";

    /// <summary>What is wrong with the input, for a person.</summary>
    public required string Description { get; init; }

    /// <summary><c>standard</c> (an agent with two sessions, see <see cref="CaseState"/>) or <c>bare</c> (empty state dir).</summary>
    public string Base { get; init; } = "standard";

    /// <summary>Files, directories and symlinks written over the base, in order.</summary>
    public IReadOnlyList<FileSpec> Files { get; init; } = [];

    /// <summary>Paths of the base removed before <see cref="Files"/> are written.</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];

    /// <summary>The bin/ command: <c>session-closer</c>, <c>close-project</c>, <c>close-project-batch</c> or <c>keep-only-sessions</c>.</summary>
    public string Command { get; init; } = "session-closer";

    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>Environment over the default (HOME, TMPDIR and OPENCLAW_STATE_DIR inside the case's root); null unsets.</summary>
    public IReadOnlyDictionary<string, string?> Env { get; init; } = new Dictionary<string, string?>();

    /// <summary>Run the CLI on a read-only mount or a full disk (a user + mount namespace).</summary>
    public Confinement? Confine { get; init; }

    public required int Exit { get; init; }

    /// <summary>A regex stderr must match (anywhere): the message that names the problem.</summary>
    public required string Stderr { get; init; }

    /// <summary>A regex stdout must match; when absent stdout must be empty (or, with <see cref="Json"/>, be that JSON).</summary>
    public string? Stdout { get; init; }

    /// <summary>Fields stdout's JSON object must have (objects compared as subsets, everything else exactly).</summary>
    public JsonElement? Json { get; init; }

    /// <summary>
    /// Regexes, one per expected difference line of the directory snapshot (e.g. a stale lock that is reclaimed).
    /// Empty (the default): the directory must be byte-identical afterwards.
    /// </summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    public static BadInputCase Load(string path)
    {
        var parsed = JsonSerializer.Deserialize<BadInputCase>(File.ReadAllText(path), Options)
            ?? throw new InvalidDataException($"{path}: empty case");
        return parsed with { Name = System.IO.Path.GetFileNameWithoutExtension(path) };
    }
}

/// <summary>
/// One file (text, base64 or parts), directory or symlink. Paths are relative to the case's root or start with a
/// placeholder such as <c>{sessions}</c>; placeholders are replaced in paths, text, symlink targets and arguments.
/// </summary>
internal sealed record FileSpec
{
    public required string Path { get; init; }

    public string? Text { get; init; }

    public string? Base64 { get; init; }

    /// <summary>Content built from pieces, each repeated: for huge or deeply nested files.</summary>
    public IReadOnlyList<FilePart>? Parts { get; init; }

    public string? Symlink { get; init; }

    /// <summary>Extends the file with zeros to this many bytes (sparse: a huge file that costs no disk).</summary>
    public long? SparseSize { get; init; }

    public bool Dir { get; init; }

    /// <summary>Octal, e.g. <c>600</c>; applied after the content (directories last, so a read-only one can be filled).</summary>
    public string? Mode { get; init; }

    /// <summary>Sets the last-write time this many seconds in the past (e.g. an old lock file).</summary>
    public int? AgeSeconds { get; init; }
}

internal sealed record FilePart
{
    public string? Text { get; init; }

    public string? Base64 { get; init; }

    public int Repeat { get; init; } = 1;
}

/// <summary>
/// <c>read-only</c>: <see cref="Path"/> is bind-mounted read-only. <c>full-disk</c>: <see cref="Path"/> becomes a small
/// tmpfs holding a copy of its files, filled so that only <see cref="FreeBytes"/> remain.
/// </summary>
internal sealed record Confinement
{
    public required string Kind { get; init; }

    public required string Path { get; init; }

    public long FreeBytes { get; init; }
}
