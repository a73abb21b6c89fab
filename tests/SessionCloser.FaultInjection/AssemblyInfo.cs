using System.Runtime.Versioning;
using SessionCloser.FaultInjection;

// Signals and SIGKILL by pid, POSIX renames: Linux, as the rest of the suite that runs bin/.
[assembly: SupportedOSPlatform("linux")]

// Prints how many times the CLI was killed in this run (the note cites it), once every test is done.
[assembly: AssemblyFixture(typeof(KillTally))]

// The tests mostly wait for CLI processes (and their fsyncs): four classes at a time overlap those waits.
[assembly: Xunit.v3.Parallelization(MaxThreads = 4)]
