using System.Text.Json;
using System.Text.Json.Nodes;
using SessionCloser.Errors;

using SessionCloser.JavaScript;

namespace SessionCloser.Config;

/// <summary>
/// The parts of openclaw.json that decide where sessions live, plus the raw root for later readers.
/// Types are checked the way OpenClaw's schema checks them: a config OpenClaw would refuse is refused here too,
/// rather than guessed at. <c>${VAR}</c> references in the strings exposed here are substituted like OpenClaw does.
/// <c>$include</c> directives are not followed.
/// </summary>
internal sealed class OpenClawConfig
{
    private OpenClawConfig(JsonObject root, string? path, bool fileExists, OpenClawEnvironment env)
    {
        Root = root;
        Path = path;
        FileExists = fileExists;
        var source = path ?? "config";

        var session = OptionalObject(root, "session", source);
        SessionStore = NonBlankOrNull(OptionalString(session, "session.store", source, env));
        RefuseUnsetVariable(session, "session.store", SessionStore, source, env);
        RawMainKey = OptionalString(session, "session.mainKey", source, env);
        SessionScope = OptionalString(session, "session.scope", source, env);
        LastTouchedVersion = OptionalString(OptionalObject(root, "meta", source), "meta.lastTouchedVersion", source, env);

        var agents = OptionalObject(root, "agents", source);
        (Agents, Roster) = ReadAgents(agents, source, env);
        AcpAgentIds = ReadAcpAgentIds(root, agents, env);
        ExplicitOwnership = agents?["ownership"] is JsonValue ownership && ownership.GetValueKind() == JsonValueKind.String && ownership.GetValue<string>() == "explicit";
        SystemAgentId = (OptionalObject(OptionalObject(agents, "defaults", source), "systemAgent", source)?["agentId"] as JsonValue) is { } system
            && system.GetValueKind() == JsonValueKind.String && JsText.TrimToNull(ConfigEnvSubstitution.Substitute(system.GetValue<string>(), env)) is { } systemId
            ? Keys.AgentIds.Normalize(systemId)
            : null;
    }

    /// <summary>A config with nothing set, which is what a missing file means to OpenClaw.</summary>
    public static OpenClawConfig Empty { get; } =
        new(new JsonObject(), null, fileExists: false, new OpenClawEnvironment(new Dictionary<string, string>()));

    /// <summary>The file this came from, or null for text or empty configs.</summary>
    public string? Path { get; }

    /// <summary>False when the file did not exist (and the config is empty).</summary>
    public bool FileExists { get; }

    /// <summary>The whole parsed document, for settings read elsewhere (gateway port, auth, ...).</summary>
    public JsonObject Root { get; }

    /// <summary><c>session.store</c>: a path template that may contain <c>{agentId}</c>; null when unset or empty.</summary>
    public string? SessionStore { get; }

    /// <summary><c>session.mainKey</c> as written; see <see cref="MainKey"/> for the value OpenClaw uses.</summary>
    public string? RawMainKey { get; }

    /// <summary>normalizeMainKey: trimmed and lowercased, "main" when blank or unset.</summary>
    public string MainKey => RawMainKey is null ? "main" : JsText.TrimToNull(RawMainKey) is { } key ? JsText.ToLower(key) : "main";

    /// <summary><c>session.scope</c>: "per-sender" (the default when null) or "global".</summary>
    public string? SessionScope { get; }

    /// <summary><c>meta.lastTouchedVersion</c>: the OpenClaw version that last wrote this config.</summary>
    public string? LastTouchedVersion { get; }

    /// <summary>
    /// The configured agents in file order (duplicates kept): <c>agents.entries</c> keyed by id (OpenClaw 2026.9+,
    /// which wins when both are there, as in OpenClaw), else the older <c>agents.list</c> array.
    /// </summary>
    public IReadOnlyList<ConfiguredAgent> Agents { get; }

    /// <summary>Which form the roster is written in; <see cref="AgentRoster.None"/> when neither is set.</summary>
    public AgentRoster Roster { get; }

    /// <summary>listAgentIds: normalized, first occurrence wins; ["main"] when no agents are configured.</summary>
    public IReadOnlyList<string> AgentIds
    {
        get
        {
            var ids = Agents.Select(a => a.Id).Distinct(StringComparer.Ordinal).ToList();
            return ids.Count > 0 ? ids : [Keys.AgentIds.DefaultAgentId];
        }
    }

    /// <summary>
    /// listConfiguredSessionStoreAgentIds (2026.7.x): <see cref="AgentIds"/> plus ACP agents
    /// (acp.defaultAgent, acp.allowedAgents, agents.list[].runtime.acp.agent), whose stores OpenClaw also owns.
    /// </summary>
    public IReadOnlyList<string> SessionStoreAgentIds => AgentIds.Concat(AcpAgentIds).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The agent <c>openclaw sessions</c> uses without <c>--agent</c>; null when the config names none among several
    /// agents (OpenClaw 2026.9 refuses such a config; the caller asks for <c>--agent</c>). In order:
    /// <c>agents.ownership: "explicit"</c> → <c>agents.defaults.systemAgent.agentId</c> when it is configured;
    /// the <c>default: true</c> marker (the first one, as 2026.7 read <c>agents.list</c>; in <c>agents.entries</c> only a
    /// single marker counts, as 2026.9's retired-marker compatibility); then <c>agents.list</c>'s first entry (2026.7's
    /// resolveDefaultAgentId) or the sole <c>agents.entries</c> agent (2026.9's resolveSoleAgentId); "main" with no agents.
    /// </summary>
    public string? DefaultAgentId
    {
        get
        {
            if (Agents.Count == 0)
            {
                return Keys.AgentIds.DefaultAgentId;
            }

            var ids = AgentIds;
            if (ExplicitOwnership)
            {
                return SystemAgentId is { } system && ids.Contains(system) ? system : ids.Count == 1 ? ids[0] : null;
            }

            var marked = Agents.Where(a => a.IsDefault).ToList();
            if (Roster == AgentRoster.Entries)
            {
                return marked.Count == 1 ? marked[0].Id : ids.Count == 1 ? ids[0] : null;
            }

            var chosen = marked.FirstOrDefault() ?? Agents[0];
            return Keys.AgentIds.Normalize(JsText.TrimToNull(chosen.RawId) ?? "main");
        }
    }

    /// <summary><c>agents.ownership: "explicit"</c> (2026.9): no legacy default marker counts.</summary>
    private bool ExplicitOwnership { get; }

    /// <summary><c>agents.defaults.systemAgent.agentId</c>, normalized (2026.9: the owner of an explicit fleet).</summary>
    private string? SystemAgentId { get; }

    private IReadOnlyList<string> AcpAgentIds { get; }

    /// <summary>Loads <paramref name="path"/>; a missing file is an empty config, a broken one a StoreError.</summary>
    public static OpenClawConfig Load(string path, OpenClawEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(env);
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return Directory.Exists(path)
                    ? throw new SessionCloserException(ExitCode.StoreError, $"OpenClaw config {path} is a directory, not a file.")
                    : new OpenClawConfig(new JsonObject(), path, fileExists: false, env);
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SessionCloserException(ExitCode.StoreError, $"Cannot read OpenClaw config {path}: {e.Message}", e);
        }

        return Parse(text, path, env);
    }

    /// <summary>Parses config text; <paramref name="path"/> is used in messages and kept as <see cref="Path"/>.</summary>
    public static OpenClawConfig Parse(string text, string path, OpenClawEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(env);
        JsonNode? root;
        try
        {
            root = Json5.Parse(text);
        }
        catch (Json5Exception e)
        {
            throw new SessionCloserException(
                ExitCode.StoreError,
                $"Cannot parse OpenClaw config {path} (line {e.Line}, column {e.Column}): {e.Reason}.",
                e);
        }

        root = ConfigIncludes.Apply(root, path);
        return root is JsonObject obj
            ? new OpenClawConfig(obj, path, fileExists: true, env)
            : throw TypeError(path, "the top level", "an object", root);
    }

    private static (List<ConfiguredAgent> Agents, AgentRoster Roster) ReadAgents(JsonObject? agents, string source, OpenClawEnvironment env)
    {
        // 2026.9 reads agents.entries whenever it is set (not undefined), and agents.list only without it.
        if (agents?["entries"] is { } entries)
        {
            return (ReadEntries(entries, source), AgentRoster.Entries);
        }

        var list = agents?["list"];
        if (list is null)
        {
            return ([], AgentRoster.None);
        }

        if (list is not JsonArray array)
        {
            throw TypeError(source, "agents.list", "an array", list);
        }

        var result = new List<ConfiguredAgent>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var where = $"agents.list[{i}]";
            if (array[i] is not JsonObject entry)
            {
                throw TypeError(source, where, "an object", array[i]);
            }

            var rawId = OptionalString(entry, where + ".id", source, env)
                ?? throw new SessionCloserException(ExitCode.StoreError, $"OpenClaw config {source}: {where}.id is missing.");
            result.Add(new ConfiguredAgent(Keys.AgentIds.Normalize(rawId), rawId, ReadDefaultMarker(entry, where, source)));
        }

        return (result, AgentRoster.List);
    }

    /// <summary><c>agents.entries</c>: the key is the agent id; entries that are not objects are skipped, as OpenClaw skips them.</summary>
    private static List<ConfiguredAgent> ReadEntries(JsonNode entries, string source)
    {
        if (entries is not JsonObject keyed)
        {
            throw TypeError(source, "agents.entries", "an object keyed by agent id", entries);
        }

        return [.. keyed
            .Where(e => e.Value is JsonObject)
            .Select(e => new ConfiguredAgent(Keys.AgentIds.Normalize(e.Key), e.Key, ReadDefaultMarker((JsonObject)e.Value!, $"agents.entries.{e.Key}", source)))];
    }

    private static bool ReadDefaultMarker(JsonObject entry, string where, string source) => entry["default"] switch
    {
        null => false,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw TypeError(source, where + ".default", "true or false", other),
    };

    /// <summary>ACP agent references are optional extras; OpenClaw skips what it cannot use, and so do we.</summary>
    private static List<string> ReadAcpAgentIds(JsonObject root, JsonObject? agents, OpenClawEnvironment env)
    {
        var ids = new List<string>();
        void Add(JsonNode? node)
        {
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && JsText.TrimToNull(ConfigEnvSubstitution.Substitute(v.GetValue<string>(), env)) is { } raw && raw != "*")
            {
                ids.Add(Keys.AgentIds.Normalize(raw));
            }
        }

        if (root["acp"] is JsonObject acp)
        {
            Add(acp["defaultAgent"]);
            if (acp["allowedAgents"] is JsonArray allowed)
            {
                foreach (var item in allowed)
                {
                    Add(item);
                }
            }
        }

        // A keyed entry's id is its key (OpenClaw projects { ...entry, id: key }).
        IEnumerable<(JsonObject Entry, JsonNode? Id)> roster = agents?["entries"] is JsonObject keyed
            ? keyed.Where(e => e.Value is JsonObject).Select(e => ((JsonObject)e.Value!, (JsonNode?)JsonValue.Create(e.Key)))
            : agents?["list"] is JsonArray list ? list.OfType<JsonObject>().Select(e => (e, e["id"])) : [];
        foreach (var (entry, id) in roster)
        {
            if (entry["runtime"] is JsonObject runtime && runtime["type"] is JsonValue type
                && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "acp")
            {
                Add((runtime["acp"] as JsonObject)?["agent"] ?? id);
            }
        }

        return ids;
    }

    private static JsonObject? OptionalObject(JsonObject? parent, string name, string source)
    {
        var node = parent?[name];
        return node switch
        {
            null => null,
            JsonObject obj => obj,
            _ => throw TypeError(source, name, "an object", node),
        };
    }

    private static string? OptionalString(JsonObject? parent, string dottedName, string source, OpenClawEnvironment env)
    {
        var node = parent?[dottedName[(dottedName.LastIndexOf('.') + 1)..]];
        return node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => ConfigEnvSubstitution.Substitute(v.GetValue<string>(), env),
            _ => throw TypeError(source, dottedName, "a string", node),
        };
    }

    /// <summary>
    /// OpenClaw only warns about an unset <c>${VAR}</c> and uses the text as written, a store path relative to
    /// wherever the process started. Closing sessions in such a store would surprise everyone: refused.
    /// </summary>
    private static void RefuseUnsetVariable(JsonObject? parent, string dottedName, string? substituted, string source, OpenClawEnvironment env)
    {
        if (parent?[dottedName[(dottedName.LastIndexOf('.') + 1)..]] is JsonValue raw && raw.GetValueKind() == JsonValueKind.String
            && ConfigEnvSubstitution.MissingNames(raw.GetValue<string>(), env) is [var name, ..])
        {
            throw new SessionCloserException(
                ExitCode.StoreError,
                $"OpenClaw config {source}: {dottedName} refers to ${{{name}}}, which is not set, so it would name the literal path \"{substituted}\". Set {name} or fix {dottedName}; nothing was changed.");
        }
    }

    private static string? NonBlankOrNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static SessionCloserException TypeError(string source, string what, string expected, JsonNode? actual)
    {
        var kind = actual is null ? "null" : actual.GetValueKind().ToString().ToLowerInvariant();
        return new SessionCloserException(
            ExitCode.StoreError,
            $"OpenClaw config {source}: {what} must be {expected}, not {kind}.");
    }
}
