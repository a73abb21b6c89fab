using SessionCloser.Eras;

namespace SessionCloser.Undo;

/// <summary>
/// What a mutating run needs to keep an operation record besides its own request: where the log is (the OpenClaw
/// state directory), the command line it was started with, and the store's era.
/// </summary>
/// <param name="StateDir">OpenClaw's state directory; the log is <c>&lt;StateDir&gt;/session-closer/operations</c>.</param>
/// <param name="CommandLine">The arguments as given to the CLI (without the program name).</param>
/// <param name="Era">The era the route decided.</param>
internal sealed record OperationLogging(string StateDir, IReadOnlyList<string> CommandLine, StorageEra Era)
{
    public OperationLog Log => new(StateDir);

    public string EraLetter => Letter(Era);

    /// <summary>The documented letters: A (locked JSON file), B (JSON file), C (SQLite behind the gateway).</summary>
    public static string Letter(StorageEra era) => era switch
    {
        StorageEra.LockedJsonFile => "A",
        StorageEra.JsonFile => "B",
        StorageEra.SqliteBehindGateway => "C",
        _ => "Unknown",
    };
}
