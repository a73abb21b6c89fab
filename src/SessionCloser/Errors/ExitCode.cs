namespace SessionCloser.Errors;

/// <summary>The documented process exit codes. Scripts branch on these; never renumber one.</summary>
public enum ExitCode
{
    /// <summary>Everything asked for was done (or, with --dry-run, would be done).</summary>
    Success = 0,

    /// <summary>The command line was wrong: unknown option, missing argument, bad value.</summary>
    Usage = 2,

    /// <summary>Some requested sessions were not found; the ones found were handled.</summary>
    NotFound = 3,

    /// <summary>Refused on purpose: a protected or active session, an unknown keep id, an unsafe situation.</summary>
    Refused = 4,

    /// <summary>The store could not be read or written: unparseable, lock timeout, I/O error. Nothing changed.</summary>
    StoreError = 5,

    /// <summary>A bug in session-closer itself.</summary>
    InternalError = 70,

    /// <summary>
    /// Stopped by SIGHUP (128 + 1, the shell's convention). Like <see cref="Interrupted"/>: the run stopped at a safe
    /// point, rolled back or finished, and released the lock.
    /// </summary>
    HangUp = 129,

    /// <summary>
    /// Stopped by SIGINT (Ctrl+C; 128 + 2): before the store was replaced the run rolled back, after it the run
    /// finished first. The store is never left between states; the report says which happened.
    /// </summary>
    Interrupted = 130,

    /// <summary>Stopped by SIGTERM (128 + 15), as <see cref="Interrupted"/>.</summary>
    Terminated = 143,
}
