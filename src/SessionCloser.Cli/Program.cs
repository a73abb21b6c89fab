using SessionCloser.Config;

namespace SessionCloser.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (VersionAnswer.Matches(args))
        {
            return VersionAnswer.WriteToStandardOutput();
        }

        using var interruption = Interruption.Listen(Console.Error);
        var context = CliContext.FromProcess(OpenClawEnvironment.FromProcess()) with { Interruption = interruption };
        try
        {
            return CliApplication.Run(args, context);
        }
        finally
        {
            context.Out.Flush();
        }
    }
}
