using System.Text;

namespace SessionCloser.Cli;

/// <summary>
/// <c>session-closer --version</c>, answered before anything else starts: no signal handlers (a thread), no snapshot
/// of the environment, no command tree (whose help texts alone load System.CommandLine's resources through reflection).
/// It prints what System.CommandLine's own --version prints, and exits 0 as it does; any other command line with
/// --version in it (<c>--version list</c>, <c>close --version</c>) still goes through the parser and its errors.
/// </summary>
internal static class VersionAnswer
{
    /// <summary>The command line is <c>--version</c> and nothing else.</summary>
    public static bool Matches(IReadOnlyList<string> args) => args is ["--version"];

    /// <summary>
    /// What System.CommandLine's --version prints in this program: the entry assembly's informational version, here
    /// this assembly's, which the build also writes into <see cref="VersionText"/> (SessionCloser.Cli.csproj).
    /// </summary>
    public static string Text => VersionText.Informational;

    /// <summary>Writes the version line to <paramref name="stdout"/> and returns the exit code, 0.</summary>
    public static int Write(Stream stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        stdout.Write(new UTF8Encoding(false).GetBytes(Text + "\n"));
        stdout.Flush();
        return 0;
    }
}
