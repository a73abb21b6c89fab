using System.Runtime.Versioning;

// The real OpenClaw runs here only on Linux (Node 24 linux-x64 from npm); so do these tests.
[assembly: SupportedOSPlatform("linux")]
