using System.CommandLine;
using SessionCloser.Cli.Commands;
using SessionCloser.Errors;

namespace SessionCloser.Cli;

/// <summary>Builds the command tree and turns every outcome into a documented exit code.</summary>
internal static class CliApplication
{
    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context = context with { CommandLine = [.. args] };
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
            return result.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
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
