namespace SessionCloser.Closing;

/// <summary>
/// Hands a run's outcomes to its <see cref="CloseRequest.Progress"/> as they are known, in the order the final report
/// will have them (<see cref="SessionChooser.ReportOrder"/>): an outcome waits only for the ones before it. A sink that
/// throws (a closed stdout) is dropped: printing must never stop a close midway; the report still says everything.
/// </summary>
internal sealed class OutcomeStream
{
    private readonly IProgress<CloseProgress>? _sink;
    private readonly int[] _order;
    private readonly SessionOutcome?[] _slots;
    private readonly int _total;
    private int _next;
    private int _done;
    private bool _broken;

    /// <param name="request">The run (its progress sink, and its mode for the report order).</param>
    /// <param name="arguments">The argument of each slot, in the order the run fills its outcome list.</param>
    /// <param name="total">How many sessions the run will handle (the slots that count).</param>
    public OutcomeStream(CloseRequest request, IReadOnlyList<string?> arguments, int total)
    {
        _sink = request.DryRun ? null : request.Progress;
        _order = SessionChooser.ReportOrder(request, arguments);
        _slots = new SessionOutcome?[arguments.Count];
        _total = total;
    }

    /// <summary>Says how many sessions are about to be handled.</summary>
    public void Started() => Send(new CloseProgress(_done, _total, null));

    /// <summary>An outcome decided before anything was closed (not found, kept, refused): shown when its turn comes.</summary>
    public void Decided(int slot, SessionOutcome outcome) => Fill(slot, outcome, counts: false);

    /// <summary>A session the run has just handled (closed, refused by the gateway, not attempted).</summary>
    public void Handled(int slot, SessionOutcome outcome) => Fill(slot, outcome, counts: true);

    private void Fill(int slot, SessionOutcome outcome, bool counts)
    {
        _slots[slot] = outcome;
        if (counts)
        {
            _done++;
        }

        var sent = false;
        while (_next < _order.Length && _slots[_order[_next]] is { } ready)
        {
            _next++;
            sent = true;
            Send(new CloseProgress(_done, _total, ready));
        }

        if (counts && !sent)
        {
            Send(new CloseProgress(_done, _total, null));
        }
    }

    private void Send(CloseProgress progress)
    {
        if (_sink is null || _broken)
        {
            return;
        }

        try
        {
            _sink.Report(progress);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _broken = true;
        }
    }
}
