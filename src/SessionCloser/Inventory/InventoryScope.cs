using SessionCloser.Artifacts;
using SessionCloser.Store;

namespace SessionCloser.Inventory;

/// <summary>What classifying a sessions directory needs to know besides its files.</summary>
/// <param name="Directory">The agent's sessions directory (the directory of its store).</param>
/// <param name="Now">For locks and temp files: stale or not.</param>
internal sealed record InventoryScope(string Directory, DateTimeOffset Now)
{
    /// <summary>The store's file name (<c>sessions.json</c>).</summary>
    public string StoreFileName { get; init; } = "sessions.json";

    /// <summary>What the entries point at: their session ids and transcript paths (<see cref="References.Of"/>, or the database's session ids in era C).</summary>
    public References References { get; init; } = References.OfSessionIds([]);

    /// <summary>The archives and backups session-closer's operation log names.</summary>
    public LoggedFiles Logged { get; init; } = LoggedFiles.None;

    /// <summary>The scope of a store file's directory, its entries referencing their files.</summary>
    public static InventoryScope OfStore(string storePath, IEnumerable<StoreEntry> entries, DateTimeOffset now)
    {
        var full = Path.GetFullPath(storePath);
        var directory = Path.GetDirectoryName(full)!;
        return new InventoryScope(directory, now)
        {
            StoreFileName = Path.GetFileName(full),
            References = References.Of(entries, new SessionsDirectory(directory, Path.GetFileName(full))),
        };
    }
}
