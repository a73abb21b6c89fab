using System.CommandLine;
using SessionCloser.Cli.Commands;
using SessionCloser.Errors;

namespace SessionCloser.Cli;

/// <summary>
/// Builds the command tree and turns every outcome into a documented exit code. A run stopped by a signal ends with
/// that signal's code (<see cref="Interruption.ExitCodeOf"/>) whatever else it reports.
/// </summary>
internal static class CliApplication
{
    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var code = RunCommand(args, context with { CommandLine = [.. args] });
        return context.Interruption.Signal is { } signal && code != (int)ExitCode.Usage ? (int)Interruption.ExitCodeOf(signal) : code;
    }

    private static int RunCommand(string[] args, CliContext context)
    {
        var root = new RootCommand("Closes OpenClaw sessions without losing data: by project id or key, many at once, or all but some.")
        {
            ListCommand.Create(context),
            CloseCommand.Close(context),
            CloseCommand.KeepOnly(context),
            RestoreCommand.Create(context),
            HistoryCommand.Create(context),
        };

        var result = root.Parse(args, UnknownOptionGuard.ParserConfiguration);
        var errors = UnknownOptionGuard.Find(result, args) is { Count: > 0 } unknown ? unknown : [.. result.Errors.Select(e => e.Message)];
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                context.Error.WriteLine($"session-closer: {error}");
            }

            context.Error.WriteLine("Run 'session-closer --help' for usage.");
            return (int)ExitCode.Usage;
        }

        try
        {
            // No ProcessTerminationTimeout: its handler gives up on a running action after 2 s and lets the process exit
            // mid-step. Interruption cancels the token instead, and the engine stops at a safe point.
            var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return result.InvokeAsync(configuration, context.Interruption.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (context.Interruption.Token.IsCancellationRequested)
        {
            context.Error.WriteLine("session-closer: interrupted before anything was changed; nothing was changed");
            return (int)ExitCode.Interrupted;
        }
        catch (SessionCloserException e)
        {
            context.Error.WriteLine($"session-closer: {e.Message}");
            return (int)e.ExitCode;
        }
        catch (IOException e)
        {
            context.Error.WriteLine($"session-closer: I/O error: {e.Message}; nothing was changed");
            return (int)ExitCode.StoreError;
        }
        catch (UnauthorizedAccessException e)
        {
            context.Error.WriteLine($"session-closer: permission denied: {e.Message}; nothing was changed");
            return (int)ExitCode.StoreError;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug: say so with the documented code rather than a runtime crash dump.
            context.Error.WriteLine($"session-closer: internal error ({e.GetType().Name}: {e.Message}); please report it with the command line. {e.StackTrace}");
            return (int)ExitCode.InternalError;
        }
    }
}
