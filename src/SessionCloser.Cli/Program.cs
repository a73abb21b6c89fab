using SessionCloser.Config;

namespace SessionCloser.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var context = CliContext.FromProcess(OpenClawEnvironment.FromProcess());
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
