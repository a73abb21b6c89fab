namespace SessionCloser.Fixtures;

/// <summary>
/// The environment switches that let the real OpenClaw run with no network but the package registries
/// (shared/reference/real-openclaw.md), for every test harness that starts it. eng/openclaw sets the same ones.
/// </summary>
public static class OpenClawOffline
{
    public static IReadOnlyList<(string Name, string Value)> Switches { get; } =
    [
        ("OPENCLAW_DISABLE_BONJOUR", "1"),
        ("OPENCLAW_NO_AUTO_UPDATE", "1"),
        ("OPENCLAW_SKIP_CHANNELS", "1"),
        ("OPENCLAW_NO_RESPAWN", "1"),
        ("OPENCLAW_SKIP_STARTUP_MODEL_PREWARM", "1"),
        ("OPENCLAW_EXEC_SHELL_SNAPSHOT", "0"),
        ("DO_NOT_TRACK", "1"),
        ("NO_COLOR", "1"),
    ];
}
