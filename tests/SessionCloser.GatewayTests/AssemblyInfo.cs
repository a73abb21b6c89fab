// OpenClaw creates /tmp/openclaw whatever TMPDIR says: remove it once every gateway here is stopped.
[assembly: AssemblyFixture(typeof(SessionCloser.Fixtures.RealOpenClaw.TmpOpenClawCleanup))]
