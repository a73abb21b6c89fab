using SessionCloser.Errors;

namespace SessionCloser.FileSystem;

/// <summary>
/// git-style atomic replacement: write a temp file in the same directory (mode 0600), fsync it, rename it over the
/// target, fsync the directory. Readers see the old file or the new one, never a mix; a failure leaves the old
/// file untouched and removes the temp file.
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>, after <paramref name="verify"/> accepts the temp file.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> bytes, Action<string>? verify = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;

        // OpenClaw's own temp name (sessions.json.<pid>.<uuid>.tmp), so its startup sweep recognises a leftover.
        var temp = Path.Combine(directory, $"{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():D}.tmp");
        try
        {
            WriteNew(temp, bytes);
            verify?.Invoke(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        Libc.FsyncDirectory(directory);
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) with mode 0600 and fsyncs it.</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var stream = new FileStream(path, CreateNewOptions(bytes.Length));
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            TryDelete(path);
            throw new SessionCloserException(ExitCode.StoreError, $"the disk is full: could not write {path}; nothing was changed", e);
        }
    }

    /// <summary>Options for an exclusive create with mode 0600, the mode OpenClaw gives every session file.</summary>
    internal static FileStreamOptions CreateNewOptions(long preallocationSize = 0)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            PreallocationSize = preallocationSize,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return options;
    }

    private static bool IsDiskFull(IOException e) => e.HResult is 28 or 122 or unchecked((int)0x80070070) || e.Message.Contains("No space left", StringComparison.Ordinal);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
