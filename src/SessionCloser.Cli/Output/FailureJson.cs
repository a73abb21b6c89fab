using System.CommandLine;
using SessionCloser.Errors;

namespace SessionCloser.Cli.Output;

/// <summary>
/// With <c>--json</c>, a run that fails as a whole still prints exactly one JSON object on stdout, so a script reading
/// it learns why: <c>{"command", "exitCode", "failure", "error": {"kind", "message"}}</c>. That includes usage errors
/// (a misspelt option, a missing argument, a bad value) once the command is known and <c>--json</c> is on its line;
/// <c>failure</c> is the reason on one line, <c>error</c> the older shape, kept for scripts that read it.
/// </summary>
internal static class FailureJson
{
    public static void WriteIfRequested(CliContext context, ParseResult result, IReadOnlyList<string> args, ExitCode exitCode, string message)
    {
        if (!Requested(result, args))
        {
            return;
        }

        var oneLine = string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        JsonOutput.Write(context.Out, w =>
        {
            w.WriteStartObject();
            w.WriteString("command", result.CommandResult.Command.Name);
            w.WriteNumber("exitCode", (int)exitCode);
            w.WriteString("failure", oneLine);
            w.WriteStartObject("error");
            w.WriteString("kind", Kind(exitCode));
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The command has a <c>--json</c> option and it is on: its parsed value, or (the line did not parse) the word
    /// <c>--json</c> before any <c>--</c>. The root command has none: an unknown command stays text.
    /// </summary>
    private static bool Requested(ParseResult result, IReadOnlyList<string> args)
    {
        if (result.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json") is not { } json)
        {
            return false;
        }

        if (result.Errors.Count == 0)
        {
            return result.GetValue(json);
        }

        foreach (var arg in args)
        {
            if (arg == "--")
            {
                break;
            }

            if (arg == "--json")
            {
                return true;
            }
        }

        return false;
    }

    private static string Kind(ExitCode code) => code switch
    {
        ExitCode.Usage => "usage",
        ExitCode.NotFound => "not-found",
        ExitCode.Refused => "refused",
        ExitCode.StoreError => "store-error",
        ExitCode.Interrupted or ExitCode.Terminated or ExitCode.HangUp => "interrupted",
        _ => "internal-error",
    };
}
