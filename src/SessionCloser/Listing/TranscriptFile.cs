namespace SessionCloser.Listing;

/// <summary>
/// The one <see cref="FileInfo"/> of a row's transcript: the check that its path is no symlink leaving the directory
/// (<see cref="Artifacts.SessionsDirectory.Resolve"/>) and its size and existence (<see cref="SessionInventory.Probe"/>)
/// share its <c>lstat</c>, where they were a <c>readlink</c> and an <c>lstat</c> per row: one system call per
/// transcript, as reading the store and stat-ing every transcript takes. One per row: rows never share what they saw.
/// </summary>
internal sealed class TranscriptFile
{
    private string? _path;
    private FileInfo? _info;

    /// <summary>The <see cref="FileInfo"/> of <paramref name="path"/>, made once (its status is read when first asked).</summary>
    public FileInfo Of(string path)
    {
        if (_info is null || !string.Equals(_path, path, StringComparison.Ordinal))
        {
            _path = path;
            _info = new FileInfo(path);
        }

        return _info;
    }
}
