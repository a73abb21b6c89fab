using System.Runtime.InteropServices;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>POSIX signals by pid (.NET can only SIGKILL). Only ever used on pids the tests started; Linux numbers.</summary>
public static partial class Signals
{
    public const int SigUsr1 = 10;
    public const int SigUsr2 = 12;
    public const int SigTerm = 15;

    public static void Send(int pid, int signal)
    {
        if (pid <= 0 || kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static void Terminate(int pid) => _ = kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
