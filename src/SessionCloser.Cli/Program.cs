using SessionCloser.Paths;

namespace SessionCloser.Cli;

internal static class Program
{
    private static int Main(string[] args) =>
        CliApplication.Run(args, CliContext.FromProcess(OpenClawEnvironment.FromProcess()));
}
