using System.Text.Json.Nodes;
using SessionCloser.Errors;
using SessionCloser.FileSystem;

namespace SessionCloser.Config;

/// <summary>
/// OpenClaw's <c>$include</c> in <c>openclaw.json</c> (2026.4.29 and 2026.7.35 <c>includes.ts</c>): allowed in any
/// object, a path or an array of paths relative to the including file, each file JSON5. Array items are
/// deep-merged in order; the object's other keys are deep-merged over the included content. Nesting is followed
/// up to 10 deep; cycles and paths leaving the config directory (also through symlinks) are errors.
/// </summary>
internal sealed class ConfigIncludes
{
    private const string IncludeKey = "$include";
    private const int MaxDepth = 10;

    private readonly string _rootDir;
    private readonly string _rootRealDir;
    private readonly string _configPath;
    private readonly List<string> _visiting = [];

    private ConfigIncludes(string configPath)
    {
        _configPath = configPath;
        _rootDir = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        _rootRealDir = RealPath.TryResolve(_rootDir) ?? _rootDir;
    }

    /// <summary>The config with every <c>$include</c> replaced by what it includes.</summary>
    public static JsonNode? Apply(JsonNode? root, string configPath)
    {
        if (!HasInclude(root))
        {
            return root;
        }

        var includes = new ConfigIncludes(configPath);
        includes._visiting.Add(Path.GetFullPath(configPath));
        return includes.Process(root, Path.GetFullPath(configPath));
    }

    private static bool HasInclude(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ContainsKey(IncludeKey) || obj.Any(p => HasInclude(p.Value)),
        JsonArray array => array.Any(HasInclude),
        _ => false,
    };

    private JsonNode? Process(JsonNode? node, string file) => node switch
    {
        JsonArray array => new JsonArray([.. array.Select(item => Process(item, file))]),
        JsonObject obj when obj.ContainsKey(IncludeKey) => ProcessInclude(obj, file),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Process(p.Value, file)))),
        _ => node?.DeepClone(),
    };

    private JsonNode? ProcessInclude(JsonObject obj, string file)
    {
        var included = obj[IncludeKey] switch
        {
            JsonValue value when value.TryGetValue<string>(out var path) => Load(path, file),
            JsonArray paths => paths.Aggregate<JsonNode?, JsonNode?>(new JsonObject(), (merged, item) =>
                item is JsonValue v && v.TryGetValue<string>(out var p)
                    ? DeepMerge(merged, Load(p, file))
                    : throw Error($"an $include array item in {file} is not a string")),
            _ => throw Error($"$include in {file} must be a path or an array of paths"),
        };

        var rest = obj.Where(p => p.Key != IncludeKey).ToList();
        if (rest.Count == 0)
        {
            return included;
        }

        if (included is not JsonObject)
        {
            throw Error($"$include in {file} has sibling keys, so what it includes must be an object");
        }

        return DeepMerge(included, new JsonObject(rest.Select(p => KeyValuePair.Create(p.Key, Process(p.Value, file)))));
    }

    private JsonNode? Load(string includePath, string includingFile)
    {
        if (includePath.Contains('\0', StringComparison.Ordinal) || includePath.Length >= 4096)
        {
            throw Error($"invalid $include path in {includingFile}");
        }

        var resolved = Path.GetFullPath(Path.IsPathRooted(includePath) ? includePath : Path.Combine(Path.GetDirectoryName(includingFile)!, includePath));
        if (!NodePath.IsWithin(_rootDir, resolved) || (RealPath.TryResolve(resolved) is { } real && !NodePath.IsWithin(_rootRealDir, real)))
        {
            throw Error($"$include {includePath} in {includingFile} leaves the config directory {_rootDir}");
        }

        if (_visiting.Contains(resolved, StringComparer.Ordinal))
        {
            throw Error($"circular $include: {string.Join(" -> ", _visiting.Append(resolved))}");
        }

        if (_visiting.Count > MaxDepth)
        {
            throw Error($"$include nesting deeper than {MaxDepth} at {includePath} in {includingFile}");
        }

        string text;
        try
        {
            text = File.ReadAllText(resolved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error($"cannot read {resolved} (included by {includingFile}): {e.Message}");
        }

        JsonNode? parsed;
        try
        {
            parsed = Json5.Parse(text);
        }
        catch (Json5Exception e)
        {
            throw Error($"cannot parse {resolved} (included by {includingFile}; line {e.Line}, column {e.Column}): {e.Reason}");
        }

        _visiting.Add(resolved);
        try
        {
            return Process(parsed, resolved);
        }
        finally
        {
            _visiting.RemoveAt(_visiting.Count - 1);
        }
    }

    /// <summary>OpenClaw's deepMerge: arrays concatenate, objects merge key by key, anything else is replaced.</summary>
    private static JsonNode? DeepMerge(JsonNode? target, JsonNode? source)
    {
        if (target is JsonArray a && source is JsonArray b)
        {
            return new JsonArray([.. a.Select(n => n?.DeepClone()), .. b.Select(n => n?.DeepClone())]);
        }

        if (target is JsonObject t && source is JsonObject s)
        {
            var result = (JsonObject)t.DeepClone();
            foreach (var (key, value) in s)
            {
                if (key is "__proto__" or "constructor" or "prototype")
                {
                    continue;
                }

                result[key] = result.ContainsKey(key) ? DeepMerge(result[key], value) : value?.DeepClone();
            }

            return result;
        }

        return source?.DeepClone();
    }

    private SessionCloserException Error(string problem) =>
        new(ExitCode.StoreError, $"OpenClaw config {_configPath}: {problem}. Nothing was changed.");
}
