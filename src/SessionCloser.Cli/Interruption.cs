using System.Runtime.InteropServices;
using SessionCloser.Errors;

namespace SessionCloser.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP become a cancellation of the token the engine checks at its safe points, instead of
/// the runtime ending the process wherever it is (System.CommandLine's own handler returned after 2 s while the close
/// went on, and the process exit then cut it off mid-step). The engine rolls back before the store is replaced and
/// finishes after; either way it releases the lock. A second signal does not stop a run that is finishing.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _error;
    private int _signal;

    private Interruption(TextWriter error) => _error = error;

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Signal => Volatile.Read(ref _signal) is var signal and not 0 ? (PosixSignal)signal : null;

    /// <summary>Listens to this process's SIGINT, SIGTERM and SIGHUP until disposed.</summary>
    public static Interruption Listen(TextWriter error)
    {
        var interruption = new Interruption(error);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            interruption._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // the engine stops at its next safe point; the runtime must not end the process
                interruption.Raise(context.Signal);
            }));
        }

        return interruption;
    }

    /// <summary>Never cancelled by a signal (in-process tests raise one with <see cref="Raise"/>).</summary>
    public static Interruption Detached(TextWriter error) => new(error);

    /// <summary>What a signal does: the first cancels the run, a later one only says that the run is finishing.</summary>
    public void Raise(PosixSignal signal)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)signal, 0) == 0)
        {
            _error.WriteLine($"session-closer: {NameOf(signal)} received: stopping at the next safe point (rolled back before the store is replaced, finished after it)");
            _source.Cancel();
            return;
        }

        _error.WriteLine($"session-closer: {NameOf(signal)} received again: still finishing the step in progress, so that the store is never left between states (SIGKILL would stop at once; the next run then finishes the job from its journal)");
    }

    /// <summary>The documented exit code of a run stopped by <paramref name="signal"/>: 128 + its number.</summary>
    public static ExitCode ExitCodeOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => ExitCode.HangUp,
        PosixSignal.SIGTERM => ExitCode.Terminated,
        _ => ExitCode.Interrupted,
    };

    public static string NameOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => "SIGHUP",
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGINT => "SIGINT",
        _ => signal.ToString(),
    };

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
