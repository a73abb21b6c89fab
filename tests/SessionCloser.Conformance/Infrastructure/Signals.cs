using System.Runtime.InteropServices;

namespace SessionCloser.Conformance.Infrastructure;

/// <summary>POSIX signals by pid (.NET can only SIGKILL). Only ever used on pids this test process started.</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;

    public static bool IsAlive(int pid) => pid > 0 && (kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1);

    public static void Terminate(int pid) => _ = kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
