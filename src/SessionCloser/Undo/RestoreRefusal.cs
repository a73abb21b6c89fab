using SessionCloser.Errors;

namespace SessionCloser.Undo;

/// <summary>
/// The records no restore may act on because of a purge: a purge itself (the files it deleted are gone for good), and
/// an operation whose archives <c>purge-archives --force</c> deleted. Such an operation is refused whole, naming the
/// purge, rather than restored in part: entries put back without their transcripts would be sessions OpenClaw
/// shows with their history missing.
/// </summary>
internal static class RestoreRefusal
{
    /// <summary>Throws the refusal (exit 4) when <paramref name="record"/> cannot be restored because of a purge.</summary>
    public static void ThrowIfPurged(OperationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Command == RecordedCommand.Purge)
        {
            throw new SessionCloserException(
                ExitCode.Refused,
                $"operation {record.Id} is a purge-archives run: the files it deleted are gone for good, and it cannot be undone. Nothing was changed.");
        }

        if (record.PurgedBy.Count > 0)
        {
            throw new SessionCloserException(
                ExitCode.Refused,
                $"operation {record.Id} can no longer be undone: purge-archives --force ({string.Join(", ", record.PurgedBy)}) deleted archives its restore needs " +
                "(see 'session-closer history'). Nothing was changed.");
        }
    }
}
