namespace SessionCloser.Database;

/// <summary>
/// An agent database's session rows, read on first use and then shared by every reader of one dry run (the plan's
/// catalog and the maintenance forecast): one read of the database instead of one each, and both see one snapshot.
/// A read that fails is not kept: the next reader tries again, as it would have read on its own.
/// </summary>
internal sealed class SharedSessionRead(string path)
{
    private SessionRows? _rows;

    public string Path { get; } = path;

    /// <summary>Whether the rows were read (by any reader) already.</summary>
    public bool IsRead => _rows is not null;

    /// <exception cref="Errors.SessionCloserException">The database cannot be read (see <see cref="AgentDatabase.OpenReadOnly(string)"/>).</exception>
    public SessionRows Read()
    {
        if (_rows is null)
        {
            using var database = AgentDatabase.OpenReadOnly(Path);
            _rows = new SessionRows(database.ReadSessions(), database.MainKey);
        }

        return _rows;
    }
}

/// <summary>Every <c>session_nodes</c> row of one read, and the database's main key (<c>session_key_contract</c>).</summary>
internal sealed record SessionRows(IReadOnlyList<DatabaseSession> Sessions, string? MainKey);
