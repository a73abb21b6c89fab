namespace SessionCloser.Sessions;

/// <summary>
/// What choosing by selectors reads of a stored session besides its key: its label (else display name), its
/// <c>chatType</c>, whether another session spawned it, and whether it is archived, read the way <c>list</c> reads
/// them (a store entry's fields, a database row's columns and <c>entry_json</c>, a gateway row).
/// </summary>
/// <param name="Label">The label, else the display name.</param>
/// <param name="ChatType"><c>chatType</c> when it is a string (<c>direct</c>, <c>group</c>, <c>channel</c>, ...).</param>
/// <param name="IsSpawned"><c>spawnedBy</c> is truthy: a child session another one spawned.</param>
/// <param name="Archived">Archived as <c>list</c> marks it (<c>archivedAt</c>; in era C the <c>archived_at</c> column).</param>
internal sealed record SessionFacts(string? Label, string? ChatType, bool IsSpawned, bool Archived)
{
    /// <summary>Nothing known beyond the key (a key only <c>sessions.resolve</c> saw).</summary>
    public static readonly SessionFacts None = new(null, null, false, false);
}
