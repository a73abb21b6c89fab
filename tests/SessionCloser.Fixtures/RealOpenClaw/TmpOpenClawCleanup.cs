namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>
/// OpenClaw prefers <c>/tmp/openclaw</c> whatever TMPDIR says (7.35 hard-codes it), and creates it (empty) on every
/// CLI call. A test assembly registers this as an assembly fixture: once all its tests are done, it removes the dir,
/// but only if it is empty and was not there before: someone else may be using it.
/// </summary>
public sealed class TmpOpenClawCleanup : IDisposable
{
    private const string Dir = "/tmp/openclaw";
    private readonly bool _existedBefore = Directory.Exists(Dir);

    public void Dispose()
    {
        if (_existedBefore || !Directory.Exists(Dir) || Directory.EnumerateFileSystemEntries(Dir).Any())
        {
            return;
        }

        try
        {
            Directory.Delete(Dir, recursive: false);
        }
        catch (IOException)
        {
            // Not empty any more: another OpenClaw is using it.
        }
    }
}
