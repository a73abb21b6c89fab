using System.Runtime.InteropServices;
using System.Text;

namespace SessionCloser.Cli;

/// <summary>
/// <c>session-closer --version</c>, answered before anything else starts: no signal handlers (a thread), no snapshot
/// of the environment, no command tree (whose help texts alone load System.CommandLine's resources through reflection),
/// and no <see cref="Console"/> (whose first write sets up the terminal, its signal handling thread and the console
/// encodings: a tenth of such a start). It prints what System.CommandLine's own --version prints, and exits 0 as it
/// does; any other command line with --version in it (<c>--version list</c>, <c>close --version</c>) still goes
/// through the parser and its errors.
/// </summary>
internal static partial class VersionAnswer
{
    private const nint StandardOutput = 1;

    /// <summary>The command line is <c>--version</c> and nothing else.</summary>
    public static bool Matches(IReadOnlyList<string> args) => args is ["--version"];

    /// <summary>
    /// What System.CommandLine's --version prints in this program: the entry assembly's informational version, here
    /// this assembly's, which the build also writes into <see cref="VersionText"/> (SessionCloser.Cli.csproj).
    /// </summary>
    public static string Text => VersionText.Informational;

    /// <summary>Writes the version line to the process's standard output and returns the exit code, 0.</summary>
    public static int WriteToStandardOutput() => WriteTo(StandardOutput, Console.OpenStandardOutput);

    /// <summary>Writes the version line to <paramref name="stdout"/> and returns the exit code, 0.</summary>
    public static int Write(Stream stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        stdout.Write(Line());
        stdout.Flush();
        return 0;
    }

    /// <summary>
    /// Writes the version line with write(2) on <paramref name="fd"/>, as the console's stream does (at the
    /// descriptor's own offset, so output shared with a shell's other commands stays in order). If a write fails
    /// (EPIPE, EAGAIN, EBADF, ENOSPC...), the rest goes through <paramref name="console"/>: the console's stream
    /// answers each of those as it always has (a closed pipe is success; a full disk or a closed stdout is the same
    /// unhandled IOException and exit code).
    /// </summary>
    internal static int WriteTo(nint fd, Func<Stream> console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var line = Line();
        var written = OperatingSystem.IsWindows() ? 0 : WriteAll(fd, line);
        if (written < line.Length)
        {
            using var stream = console();
            stream.Write(line, written, line.Length - written);
            stream.Flush();
        }

        return 0;
    }

    private static byte[] Line() => new UTF8Encoding(false).GetBytes(Text + "\n");

    /// <summary>How many bytes of <paramref name="bytes"/> reached <paramref name="fd"/> before the first failure.</summary>
    private static unsafe int WriteAll(nint fd, byte[] bytes)
    {
        var done = 0;
        fixed (byte* start = bytes)
        {
            while (done < bytes.Length)
            {
                // SystemNative_Write retries on EINTR; any other failure is left to the console.
                var n = SystemNativeWrite(fd, start + done, bytes.Length - done);
                if (n <= 0)
                {
                    break;
                }

                done += n;
            }
        }

        return done;
    }

    // The runtime's own write(2) wrapper, the one the console's stream calls: in the Native AOT binary it is linked in
    // statically (libSystem.Native is a direct P/Invoke), so nothing is loaded at run time; under the JIT the shared
    // framework's libSystem.Native provides it.
    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Write")]
    private static unsafe partial int SystemNativeWrite(nint fd, byte* buffer, int count);
}
