using SessionCloser.Cli.Output;
using SessionCloser.Closing;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// Prints each <c>CLOSED</c> / <c>SKIPPED</c> / … line the moment the engine knows it (flushed at once, so a pipe sees
/// it too) and moves the progress line; <see cref="CloseReportText"/> then prints only what was not streamed, and
/// the summary last.
/// </summary>
internal sealed class StreamedCloseLines(CliContext context) : IProgress<CloseProgress>
{
    private readonly Lock _lock = new();
    private readonly HashSet<SessionOutcome> _printed = new(ReferenceEqualityComparer.Instance);

    /// <summary>The live line the counts go to (null: none, e.g. while keep-only asks its question).</summary>
    public ProgressLine? Progress
    {
        get
        {
            lock (_lock)
            {
                return field;
            }
        }

        set
        {
            lock (_lock)
            {
                field = value;
            }
        }
    }

    /// <summary>The outcomes already on stdout (the same objects the final report holds).</summary>
    public bool WasPrinted(SessionOutcome outcome)
    {
        lock (_lock)
        {
            return _printed.Contains(outcome);
        }
    }

    public void Report(CloseProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            var progress = Progress;
            if (value.Outcome is { } outcome && _printed.Add(outcome))
            {
                void Print()
                {
                    foreach (var line in CloseReportText.Lines(outcome, dryRun: false))
                    {
                        context.Out.WriteLine(line);
                    }

                    context.Out.Flush();
                }

                if (progress is null)
                {
                    Print();
                }
                else
                {
                    progress.Above(Print);
                }
            }

            progress?.Update(value.Done, value.Total);
        }
    }
}
