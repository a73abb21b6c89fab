using System.CommandLine;
using SessionCloser.Cli.Commands;
using SessionCloser.Cli.Output;
using SessionCloser.Errors;

namespace SessionCloser.Cli;

/// <summary>
/// Builds the command tree and turns every outcome into a documented exit code. A run stopped by a signal ends with
/// that signal's code (<see cref="Interruption.ExitCodeOf"/>) whatever else it reports.
/// </summary>
internal static class CliApplication
{
    // Linux errno values, which .NET puts in an IOException's HResult.
    private const int ENoSpc = 28;
    private const int EDQuot = 122;

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
            PurgeCommand.Create(context),
            ReportCommand.Create(context),
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
            FailureJson.WriteIfRequested(context, result, args, ExitCode.Usage, string.Join("; ", errors));
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
            const string stopped = "interrupted before anything was changed; nothing was changed";
            context.Error.WriteLine($"session-closer: {stopped}");

            // close and keep-only print their own (empty) report for this, with the signal.
            if (result.CommandResult.Command.Name is not ("close" or "keep-only"))
            {
                var code = context.Interruption.Signal is { } signal ? Interruption.ExitCodeOf(signal) : ExitCode.Interrupted;
                FailureJson.WriteIfRequested(context, result, args, code, stopped);
            }

            return (int)ExitCode.Interrupted;
        }
        catch (SessionCloserException e)
        {
            return Fail(context, result, args, e.ExitCode, e.Message);
        }
        catch (IOException e) when (e.HResult is ENoSpc or EDQuot)
        {
            // A write the engine did not name (each of its own writes says which file): still say what it is.
            return Fail(context, result, args, ExitCode.StoreError, $"disk is full: {e.Message}; nothing was changed");
        }
        catch (IOException e)
        {
            return Fail(context, result, args, ExitCode.StoreError, $"I/O error: {e.Message}; nothing was changed");
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(context, result, args, ExitCode.StoreError, $"permission denied: {e.Message}; nothing was changed");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug: say so with the documented code rather than a runtime crash dump.
            var message = $"internal error ({e.GetType().Name}: {e.Message}); please report it with the command line.";
            context.Error.WriteLine($"session-closer: {message} {e.StackTrace}");
            FailureJson.WriteIfRequested(context, result, args, ExitCode.InternalError, message);
            return (int)ExitCode.InternalError;
        }
    }

    private static int Fail(CliContext context, ParseResult result, IReadOnlyList<string> args, ExitCode code, string message)
    {
        context.Error.WriteLine($"session-closer: {message}");
        FailureJson.WriteIfRequested(context, result, args, code, message);
        return (int)code;
    }
}
