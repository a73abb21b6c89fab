using System.CommandLine;
using SessionCloser.Errors;

namespace SessionCloser.Cli.Output;

/// <summary>
/// With <c>--json</c>, a run that fails as a whole (store error, refusal, bug) still prints one JSON object, so a
/// script reading stdout learns why: <c>{"command", "exitCode", "error": {"kind", "message"}}</c>. Usage errors stay
/// text on stderr only, as documented: the command line itself was not understood.
/// </summary>
internal static class FailureJson
{
    public static void WriteIfRequested(CliContext context, ParseResult result, ExitCode exitCode, string message)
    {
        if (exitCode == ExitCode.Usage || !Requested(result))
        {
            return;
        }

        JsonOutput.Write(context.Out, w =>
        {
            w.WriteStartObject();
            w.WriteString("command", result.CommandResult.Command.Name);
            w.WriteNumber("exitCode", (int)exitCode);
            w.WriteStartObject("error");
            w.WriteString("kind", Kind(exitCode));
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static bool Requested(ParseResult result) =>
        result.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json") is { } json && result.GetValue(json);

    private static string Kind(ExitCode code) => code switch
    {
        ExitCode.NotFound => "not-found",
        ExitCode.Refused => "refused",
        ExitCode.StoreError => "store-error",
        _ => "internal-error",
    };
}
