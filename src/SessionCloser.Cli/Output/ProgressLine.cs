using System.Globalization;

namespace SessionCloser.Cli.Output;

/// <summary>
/// A live line on a terminal's stderr while a run takes more than a second: <c>session-closer: closing 7/20 (12s)</c>,
/// rewritten in place with a carriage return (no escape codes, no colour). Lines printed meanwhile go
/// <see cref="Above"/> it, and <see cref="Dispose"/> erases it, so the summary stands alone. Only made when stderr is
/// a terminal and the output is text (<see cref="For"/>).
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    /// <summary>A run shorter than this shows nothing.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly TextWriter _error;
    private readonly TimeProvider _clock;
    private string _verb;
    private readonly long _started;
    private readonly ITimer _timer;
    private int _done;
    private int _total;
    private int _shown;
    private bool _stopped;

    private ProgressLine(TextWriter error, TimeProvider clock, string verb)
    {
        _error = error;
        _clock = clock;
        _verb = verb;
        _started = clock.GetTimestamp();

        // Redrawn every second even while nothing is answered (a slow delete): the seconds say it is alive.
        _timer = clock.CreateTimer(_ => Tick(), null, Delay, Delay);
    }

    /// <summary>A progress line for a text run with stderr on a terminal; null otherwise (a pipe, a file, --json).</summary>
    public static ProgressLine? For(CliContext context, string verb, bool json) =>
        context.IsErrorTerminal && !json ? new ProgressLine(context.Error, context.Clock, verb) : null;

    /// <summary>What the line shows now; empty when it is not shown.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _shown > 0 ? Compose() : "";
            }
        }
    }

    public void Update(int done, int total)
    {
        lock (_lock)
        {
            (_done, _total) = (done, total);
            if (!_stopped && (_shown > 0 || _clock.GetElapsedTime(_started) >= Delay))
            {
                Draw();
            }
        }
    }

    /// <summary>Changes what is being done as well (e.g. <c>scanning main (agent 2/17): 12000 files</c>); a total of 0 shows no count.</summary>
    public void Update(string verb, int done, int total)
    {
        lock (_lock)
        {
            _verb = verb;
        }

        Update(done, total);
    }

    /// <summary>Writes with the line out of the way (stdout and stderr are often the same terminal), then puts it back.</summary>
    public void Above(Action write)
    {
        lock (_lock)
        {
            var shown = _shown > 0;
            Erase();
            write();
            if (shown && !_stopped)
            {
                Draw();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            Erase();
        }

        _timer.Dispose();
    }

    private void Tick()
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                Draw();
            }
        }
    }

    private string Compose()
    {
        var seconds = (int)_clock.GetElapsedTime(_started).TotalSeconds;
        return _total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"session-closer: {_verb} {_done}/{_total} ({seconds}s)")
            : string.Create(CultureInfo.InvariantCulture, $"session-closer: {_verb} ({seconds}s)");
    }

    private void Draw()
    {
        var text = Compose();
        _error.Write("\r" + text + new string(' ', Math.Max(0, _shown - text.Length)));
        _error.Flush();
        _shown = Math.Max(text.Length, _shown);
    }

    private void Erase()
    {
        if (_shown > 0)
        {
            _error.Write("\r" + new string(' ', _shown) + "\r");
            _error.Flush();
            _shown = 0;
        }
    }
}
