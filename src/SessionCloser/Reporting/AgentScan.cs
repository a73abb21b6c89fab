using SessionCloser.Inventory;
using SessionCloser.Listing;

namespace SessionCloser.Reporting;

/// <summary>What reading one agent gave: its sessions (rows as <c>list</c> makes them), its directory's files, its database and import archive.</summary>
internal sealed record AgentScan(
    AgentDiskReport Report,
    IReadOnlyList<ListedSession> Sessions,
    SessionsDirectoryInventory Inventory,
    long PruneAfterMs,
    string MainKey)
{
    /// <summary>Each session's <see cref="ReportKinds"/> kind, in <see cref="Sessions"/>' order: classified once, counted and advised from.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = ReportKinds.Of(Sessions, MainKey);
}
