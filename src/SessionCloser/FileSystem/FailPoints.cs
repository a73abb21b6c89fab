using System.Globalization;

namespace SessionCloser.FileSystem;

/// <summary>
/// Named step boundaries of every mutating run, where the fault-injection suite kills or signals the process to prove
/// that no kill ever leaves a store between states. Inert unless the process was started with
/// <c>SESSION_CLOSER_FAILPOINT=&lt;name&gt;[@&lt;n&gt;][,&lt;name&gt;[@&lt;n&gt;]...]</c> (act at the n-th time, default the
/// first, that boundary is reached) or <c>SESSION_CLOSER_FAILPOINT_TRACE=&lt;file&gt;</c> (append
/// <c>&lt;name&gt;@&lt;n&gt;</c> as each boundary is reached, so a test can list every boundary of a run and then act at
/// each one). The act is <c>SESSION_CLOSER_FAILPOINT_ACTION</c>: <c>kill</c> (default: SIGKILL, as a power cut) or
/// <c>sigint</c>, <c>sigterm</c>, <c>sighup</c> (the signal a user or a service manager sends, to prove the run stops at
/// a safe point). Users never set these. The names are listed in docs/architecture.md ("Fault injection").
/// </summary>
internal static class FailPoints
{
    public const string KillVariable = "SESSION_CLOSER_FAILPOINT";
    public const string TraceVariable = "SESSION_CLOSER_FAILPOINT_TRACE";
    public const string ActionVariable = "SESSION_CLOSER_FAILPOINT_ACTION";

    /// <summary>How long a signalled boundary waits for the front end's handler to cancel; only a missing handler ever waits this long.</summary>
    private static readonly TimeSpan HandlerWait = TimeSpan.FromMinutes(5);

    private static readonly HashSet<(string Name, int At)> Targets = ParseTargets(Environment.GetEnvironmentVariable(KillVariable));
    private static readonly int Signal = ParseAction(Environment.GetEnvironmentVariable(ActionVariable));
    private static readonly string? TraceFile = Environment.GetEnvironmentVariable(TraceVariable) is { Length: > 0 } t ? t : null;
    private static readonly Dictionary<string, int> Hits = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static bool _signalPending;

    /// <summary>True when this process takes part in fault injection (an act or a trace was asked for).</summary>
    public static bool Enabled => Targets.Count > 0 || TraceFile is not null;

    /// <summary>
    /// Marks that the run has reached the boundary <paramref name="name"/> (e.g. <c>close.store-replaced</c>).
    /// <paramref name="interruption"/> is the run's cancellation: after sending itself a signal here, the run waits
    /// until the handler has cancelled it, so the next safe-point check sees the signal every time (a signal is
    /// handled on another thread). A boundary without one leaves the wait to the next boundary that has one.
    /// </summary>
    public static void Reached(string name, CancellationToken interruption = default)
    {
        if (!Enabled)
        {
            return;
        }

        bool wait;
        lock (Gate)
        {
            var count = Hits[name] = Hits.GetValueOrDefault(name) + 1;
            if (TraceFile is not null)
            {
                File.AppendAllText(TraceFile, $"{name}@{count}\n");
            }

            if (Targets.Contains((name, count)))
            {
                if (Signal == Libc.SigKill)
                {
                    Libc.KillSelf();
                }

                Libc.SignalSelf(Signal);
                _signalPending = true;
            }

            wait = _signalPending && interruption.CanBeCanceled;
            _signalPending &= !wait;
        }

        if (wait && !interruption.WaitHandle.WaitOne(HandlerWait))
        {
            Environment.FailFast($"fault injection: the signal sent at {name} was not handled (no cancellation within {HandlerWait.TotalMinutes} minutes)");
        }
    }

    private static HashSet<(string Name, int At)> ParseTargets(string? spec)
    {
        var targets = new HashSet<(string, int)>();
        foreach (var item in (spec ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = item.LastIndexOf('@');
            targets.Add(at > 0 && int.TryParse(item.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? (item[..at], n)
                : (item, 1));
        }

        return targets;
    }

    private static int ParseAction(string? action) => action?.ToLowerInvariant() switch
    {
        null or "" or "kill" or "sigkill" => Libc.SigKill,
        "sigint" => Libc.SigInt,
        "sigterm" => Libc.SigTerm,
        "sighup" => Libc.SigHup,
        _ => throw new InvalidOperationException($"{ActionVariable}={action}: expected kill, sigint, sigterm or sighup"),
    };
}
