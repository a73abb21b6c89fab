using SessionCloser.Errors;

namespace SessionCloser.Store;

/// <summary>A <c>sessions.json</c> that session-closer will not touch, with the byte offset of the problem.</summary>
internal sealed class StoreFormatException : SessionCloserException
{
    public StoreFormatException(string storePath, long byteOffset, string problem)
        : base(ExitCode.StoreError, $"{storePath}: {problem} at byte offset {byteOffset}; nothing was changed")
    {
        StorePath = storePath;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    public StoreFormatException()
        : this("sessions.json", 0, "invalid store")
    {
    }

    public StoreFormatException(string message)
        : this("sessions.json", 0, message)
    {
    }

    public StoreFormatException(string message, Exception innerException)
        : base(ExitCode.StoreError, message, innerException)
    {
        StorePath = "sessions.json";
        Problem = message;
    }

    public string StorePath { get; }

    public long ByteOffset { get; }

    /// <summary>The problem alone, without path or offset: "duplicate key \"agent:a:x\"".</summary>
    public string Problem { get; }
}
