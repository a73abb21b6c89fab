using SessionCloser.Installation;

namespace SessionCloser.Listing;

/// <summary>Where <c>list</c> read the sessions from.</summary>
public enum ListSource
{
    /// <summary>Each agent's <c>sessions.json</c>, read from disk.</summary>
    StoreFiles,

    /// <summary>The running gateway's <c>sessions.list</c> (sessions in SQLite, 2026.8+).</summary>
    Gateway,

    /// <summary>
    /// Each agent's SQLite database (2026.8+), read read-only; with a gateway running, plus its <c>sessions.list</c>
    /// (runs in progress, and sessions made after the read) when <see cref="ListReport.GatewayUrl"/> is set.
    /// </summary>
    Database,
}

/// <summary>One agent's sessions, newest first.</summary>
public sealed record ListedStore(AgentStore Store, IReadOnlyList<ListedSession> Sessions)
{
    /// <summary>The file the sessions were read from: the agent's database in era C, else its <c>sessions.json</c>.</summary>
    public string Path { get; init; } = Store.StorePath;

    /// <summary>Whether <see cref="Path"/> exists (an agent without sessions may have neither file).</summary>
    public bool PathExists { get; init; } = Store.Exists;
}

/// <summary>What <c>list</c> found: per store, and where it read them from.</summary>
public sealed record ListReport
{
    public required ListSource Source { get; init; }

    public required IReadOnlyList<ListedStore> Stores { get; init; }

    /// <summary>Every agent was asked for (<c>--all-agents</c>).</summary>
    public bool AllAgents { get; init; }

    /// <summary>The path <c>openclaw sessions --json</c> would print: the one store's, or null for several; the gateway's own answer when it listed.</summary>
    public string? Path { get; init; }

    /// <summary>The gateway that listed them (<see cref="ListSource.Gateway"/> only).</summary>
    public Uri? GatewayUrl { get; init; }

    public string? GatewayVersion { get; init; }

    /// <summary>The database schema version read (<see cref="ListSource.Database"/> only).</summary>
    public int? SchemaVersion { get; init; }

    /// <summary>What a person should know about the list (e.g. the gateway could not be asked for runs in progress).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every session of every store, newest first (a stable order: ties keep each store's order).</summary>
    public IEnumerable<ListedSession> AllSessions => Stores.All(s => s.Sessions is StoreRows || s.Sessions.Count == 0)
        ? NewestFirst.Merge([.. Stores.Select(s => s.Sessions)])
        : Stores.SelectMany(s => s.Sessions).OrderByDescending(s => s.UpdatedAt ?? 0);
}
