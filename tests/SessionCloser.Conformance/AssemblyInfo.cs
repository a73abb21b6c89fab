using System.Runtime.Versioning;

// The real OpenClaw runs here only on Linux (Node 24 linux-x64 from npm); so do these tests.
[assembly: SupportedOSPlatform("linux")]

// OpenClaw creates /tmp/openclaw whatever TMPDIR says: remove it once every test here is done.
[assembly: AssemblyFixture(typeof(TmpOpenClawCleanup))]
