namespace SessionCloser.Eras;

/// <summary>How an OpenClaw installation stores sessions. The docs also call them eras A, B and C.</summary>
public enum StorageEra
{
    /// <summary>No evidence either way: treated like a file store, under the lock.</summary>
    Unknown,

    /// <summary>Era A, up to 2026.4.x: <c>sessions.json</c> guarded by <c>sessions.json.lock</c>.</summary>
    LockedJsonFile,

    /// <summary>Era B, 2026.5 to 2026.7.x: <c>sessions.json</c>, no cross-process lock.</summary>
    JsonFile,

    /// <summary>Era C, 2026.8 on (and 2026.7.2 prereleases): SQLite owned by the gateway.</summary>
    SqliteBehindGateway,
}
