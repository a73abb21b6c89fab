using SessionCloser.Artifacts;
using SessionCloser.Locking;

namespace SessionCloser.Listing;

/// <summary>
/// The transcript <c>.lock</c> files of a sessions directory, from one listing of it: a transcript whose lock is not
/// there costs no system call (nearly every one), one whose lock is there is read as before (<see cref="LockFile.TryRead"/>).
/// Transcripts elsewhere, or a directory that cannot be listed, fall back to trying each lock.
/// </summary>
internal sealed class TranscriptLocks
{
    private readonly string _directory;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _lockedNames;

    public TranscriptLocks(SessionsDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = directory.RealPath;
        try
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var options = new EnumerationOptions { IgnoreInaccessible = false, RecurseSubdirectories = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
            var locks = new System.IO.Enumeration.FileSystemEnumerable<string>(
                _directory,
                (ref System.IO.Enumeration.FileSystemEntry entry) => entry.FileName[..^LockSuffix.Length].ToString(),
                options)
            {
                ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry entry) => entry.FileName.EndsWith(LockSuffix, StringComparison.Ordinal),
            };
            foreach (var name in locks)
            {
                names.Add(name);
            }

            _lockedNames = names.GetAlternateLookup<ReadOnlySpan<char>>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _lockedNames = null;
        }
    }

    private const string LockSuffix = ".lock";

    /// <summary>The lock of <paramref name="transcriptPath"/>, when there is one (one it may not read: by its mtime alone).</summary>
    public LockFile? Of(string transcriptPath)
    {
        ArgumentNullException.ThrowIfNull(transcriptPath);
        var slash = transcriptPath.LastIndexOf('/');
        if (_lockedNames is { } names && slash >= 0 && transcriptPath.AsSpan(0, slash).SequenceEqual(_directory)
            && !names.Contains(transcriptPath.AsSpan(slash + 1)))
        {
            return null;
        }

        var path = transcriptPath + LockSuffix;
        try
        {
            return LockFile.TryRead(path);
        }
        catch (UnauthorizedAccessException)
        {
            // A lock this user may not read is still a lock: judged by its mtime, as one held open while written.
            // (list streams its rows, so a row must never fail half way through the output.)
            return new LockFile(path, null, null, null, File.GetLastWriteTimeUtc(path));
        }
    }
}
