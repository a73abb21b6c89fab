using SessionCloser.Store;

namespace SessionCloser.Artifacts;

/// <summary>
/// Where an entry's live transcript is, by OpenClaw's rule (2026.7.35 <c>resolveSessionFilePath</c>): the entry's
/// <c>sessionFile</c> when it resolves inside the sessions directory, otherwise <c>&lt;sessionId&gt;.jsonl</c>.
/// Unlike OpenClaw, a <c>sessionFile</c> in a sibling agent's directory is not followed: it is reported instead.
/// </summary>
internal static class PrimaryTranscript
{
    /// <param name="directory">The sessions directory.</param>
    /// <param name="fields">The entry.</param>
    /// <param name="file">The <see cref="FileInfo"/> of a path, when the caller stats the transcript anyway (<see cref="SessionsDirectory.Resolve"/>).</param>
    public static TranscriptLocation Locate(SessionsDirectory directory, EntryFields fields, Func<string, FileInfo>? file = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(fields);
        string? problem = null;
        if (!string.IsNullOrWhiteSpace(fields.SessionFile))
        {
            var resolved = directory.Resolve(fields.SessionFile, file);
            if (resolved.IsInside)
            {
                // OpenClaw would use it as is; archiving the store or a lock as a "transcript" would lose the store.
                return directory.BookkeepingProblem(resolved.FullPath!) is { } bookkeeping
                    ? new TranscriptLocation(null, "sessionFile: " + bookkeeping)
                    : new TranscriptLocation(resolved.FullPath, null);
            }

            problem = "sessionFile: " + resolved.Problem;
        }

        if (!SessionIds.IsValid(fields.SessionId))
        {
            return new TranscriptLocation(null, problem ?? $"sessionId {Quote(fields.SessionId)} is not a valid OpenClaw session id");
        }

        return new TranscriptLocation(directory.Child(fields.SessionId + ".jsonl"), problem);
    }

    private static string Quote(string? value) => value is null ? "(none)" : $"\"{value}\"";
}

/// <summary>The transcript path (null when none can be derived) and any problem found on the way.</summary>
internal readonly record struct TranscriptLocation(string? Path, string? Problem);
