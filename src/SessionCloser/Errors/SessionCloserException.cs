namespace SessionCloser.Errors;

/// <summary>
/// An expected failure with a message fit for a person and the exit code that scripts see.
/// Anything else that escapes is a bug and maps to <see cref="ExitCode.InternalError"/>.
/// </summary>
public class SessionCloserException : Exception
{
    public SessionCloserException(ExitCode exitCode, string message, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    public SessionCloserException()
        : this(ExitCode.InternalError, "session-closer failed")
    {
    }

    public SessionCloserException(string message)
        : this(ExitCode.InternalError, message)
    {
    }

    public SessionCloserException(string message, Exception innerException)
        : this(ExitCode.InternalError, message, innerException)
    {
    }

    public ExitCode ExitCode { get; }
}
