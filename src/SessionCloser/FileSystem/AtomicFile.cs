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
        var temp = TempPathFor(path);
        try
        {
            Write(temp, bytes);
            verify?.Invoke(temp);
            FailPoints.Reached("atomic-file.temp-written");
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e)
        {
            Abandon(temp, path, e);
            throw;
        }

        Libc.FsyncDirectory(directory);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the temp file as it goes, for
    /// text too big to compose in memory first; otherwise as <see cref="Replace(string, ReadOnlySpan{byte}, Action{string}?)"/>.
    /// </summary>
    /// <param name="path">The file replaced.</param>
    /// <param name="write">Writes the new content.</param>
    /// <param name="preallocationSize">The size, when known: the temp file is preallocated, so a full disk usually fails before a byte is written.</param>
    /// <param name="verify">Accepts the temp file (fsynced and closed) before the rename, or throws.</param>
    public static void Replace(string path, Action<Stream> write, long preallocationSize = 0, Action<string>? verify = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = TempPathFor(path);
        try
        {
            FileStream? stream = null;
            try
            {
                var options = CreateNewOptions(preallocationSize);
                options.BufferSize = 1 << 16;
                stream = new FileStream(temp, options);
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                CloseQuietly(stream);
                stream = null;
                throw;
            }
            finally
            {
                stream?.Dispose();
            }

            verify?.Invoke(temp);
            FailPoints.Reached("atomic-file.temp-written");
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e)
        {
            Abandon(temp, path, e);
            throw;
        }

        Libc.FsyncDirectory(directory);
    }

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="bytes"/> through a temp file and a no-replace rename, so
    /// the name never holds a partial file; false (and no temp file left) when <paramref name="path"/> already exists.
    /// </summary>
    public static bool TryCreate(string path, ReadOnlySpan<byte> bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = TempPathFor(path);
        bool created;
        try
        {
            Write(temp, bytes);
            FailPoints.Reached("atomic-file.temp-written");
            created = Libc.TryMoveWithoutReplacing(temp, path);
        }
        catch (Exception e)
        {
            Abandon(temp, path, e);
            throw;
        }

        if (!created)
        {
            TryDelete(temp);
            return false;
        }

        Libc.FsyncDirectory(directory);
        return true;
    }

    /// <summary>A write of <paramref name="path"/> through <paramref name="temp"/> failed: the temp file goes; a full disk is named as such.</summary>
    private static void Abandon(string temp, string path, Exception failure)
    {
        TryDelete(temp);
        if (failure is IOException io && DiskFull.Is(io))
        {
            throw DiskFull.Error(path, io);
        }
    }

    /// <summary>
    /// <c>&lt;file&gt;.&lt;pid&gt;.&lt;uuid&gt;.tmp</c> beside <paramref name="path"/>: OpenClaw's own temp name for the store,
    /// so its startup sweep recognises a leftover, and the pid lets <c>LeftoverSweep</c> tell a dead writer's.
    /// </summary>
    internal static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $"{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():D}.tmp");

    /// <summary>Creates <paramref name="path"/> (which must not exist) with mode 0600 and fsyncs it.</summary>
    /// <exception cref="Errors.SessionCloserException">The disk is full (exit 5, naming <paramref name="path"/>, which is removed).</exception>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        try
        {
            Write(path, bytes);
        }
        catch (IOException e) when (DiskFull.Is(e))
        {
            TryDelete(path);
            throw DiskFull.Error(path, e);
        }
    }

    private static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        FileStream? stream = null;
        try
        {
            // Preallocated, so a full disk usually fails here, before a byte is written.
            stream = new FileStream(path, CreateNewOptions(bytes.Length));
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            CloseQuietly(stream);
            stream = null;
            throw;
        }
        finally
        {
            stream?.Dispose();
        }
    }

    /// <summary>Closes a stream whose write failed: its final flush fails the same way, and the file goes anyway.</summary>
    private static void CloseQuietly(FileStream? stream)
    {
        try
        {
            stream?.Dispose();
        }
        catch (IOException)
        {
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

    internal static void TryDelete(string path)
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
