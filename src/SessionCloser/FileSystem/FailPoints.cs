namespace SessionCloser.FileSystem;

/// <summary>
/// Named step boundaries of every mutating run, where the fault-injection suite kills the process to prove that no
/// kill ever leaves a store between states. Inert unless the process was started with
/// <c>SESSION_CLOSER_FAILPOINT=&lt;name&gt;[@&lt;n&gt;]</c> (SIGKILL at the n-th time, default the first, that
/// boundary is reached) or <c>SESSION_CLOSER_FAILPOINT_TRACE=&lt;file&gt;</c> (append each boundary's name as it is
/// reached, so a test can list every boundary of a run and then kill at each one). Users never set these.
/// </summary>
internal static class FailPoints
{
    public const string KillVariable = "SESSION_CLOSER_FAILPOINT";
    public const string TraceVariable = "SESSION_CLOSER_FAILPOINT_TRACE";

    private static readonly string? KillName;
    private static readonly int KillAt = 1;
    private static readonly string? TraceFile = Environment.GetEnvironmentVariable(TraceVariable) is { Length: > 0 } t ? t : null;
    private static readonly Dictionary<string, int> Hits = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

#pragma warning disable CA1810 // parsing one variable once; a static constructor says so plainly
    static FailPoints()
#pragma warning restore CA1810
    {
        if (Environment.GetEnvironmentVariable(KillVariable) is not { Length: > 0 } spec)
        {
            return;
        }

        var at = spec.LastIndexOf('@');
        if (at > 0 && int.TryParse(spec.AsSpan(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            KillName = spec[..at];
            KillAt = n;
        }
        else
        {
            KillName = spec;
        }
    }

    /// <summary>True when this process takes part in fault injection (a kill or a trace was asked for).</summary>
    public static bool Enabled => KillName is not null || TraceFile is not null;

    /// <summary>Marks that the run has reached the boundary <paramref name="name"/> (e.g. <c>close.store-replaced</c>).</summary>
    public static void Reached(string name)
    {
        if (!Enabled)
        {
            return;
        }

        lock (Gate)
        {
            var count = Hits[name] = Hits.GetValueOrDefault(name) + 1;
            if (TraceFile is not null)
            {
                File.AppendAllText(TraceFile, $"{name}@{count}\n");
            }

            if (KillName is not null && string.Equals(name, KillName, StringComparison.Ordinal) && count == KillAt)
            {
                Libc.KillSelf();
            }
        }
    }
}
