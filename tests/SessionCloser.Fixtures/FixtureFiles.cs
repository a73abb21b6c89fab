using System.Text;

namespace SessionCloser.Fixtures;

/// <summary>Writes fixture files the way OpenClaw does: UTF-8 without BOM, mode 0600, mtime as given.</summary>
internal static class FixtureFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(string path, string text, long? mtimeEpochMs = null)
    {
        var bytes = Utf8.GetBytes(text);

        // Unbuffered, handle-based calls keep this to open/write/futimens/close: thousands of files per run add up.
        using var stream = Open(path);
        stream.Write(bytes);
        if (mtimeEpochMs is { } ms)
        {
            File.SetLastWriteTimeUtc(stream.SafeFileHandle, DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
        }
    }

    private static FileStream Open(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        }

        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                BufferSize = 0,
                UnixCreateMode = OwnerReadWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // The create mode only applies to new files; an overwritten file must be narrowed explicitly.
            var stream = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.None, bufferSize: 0);
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerReadWrite);
            return stream;
        }
    }
}
