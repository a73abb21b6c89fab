using System.Buffers.Binary;

namespace SessionCloser.Conformance.Infrastructure;

/// <summary>
/// The test's own oracle for era C: <c>PRAGMA user_version</c> of an agent database, read from the SQLite header
/// (4 bytes big-endian at offset 60), no SQLite library needed. Era C when it is 4 or more.
/// </summary>
public static class EraDetection
{
    public const int FirstSqliteSessionsSchema = 4;

    public static string AgentDatabase(string stateDir, string agentId) => Path.Combine(stateDir, "agents", agentId, "agent", "openclaw-agent.sqlite");

    /// <summary>The header's user_version; throws when the file is not a SQLite database.</summary>
    public static int UserVersion(string databasePath)
    {
        Span<byte> header = stackalloc byte[100];
        using (var stream = File.OpenRead(databasePath))
        {
            stream.ReadExactly(header);
        }

        if (!header[..16].SequenceEqual("SQLite format 3\0"u8))
        {
            throw new InvalidDataException($"{databasePath} is not a SQLite database");
        }

        return BinaryPrimitives.ReadInt32BigEndian(header[60..64]);
    }
}
