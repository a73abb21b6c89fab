using SessionCloser.Config;

namespace SessionCloser.Installation;

/// <summary>
/// How a person starts this state's gateway, in OpenClaw 2026.9.6's words: <c>openclaw gateway start</c> when its
/// service is installed (<c>openclaw gateway install</c>: a systemd user unit, or a launchd agent on macOS), else
/// <c>openclaw gateway</c>, which runs it in the terminal. The names are 9.6's (daemon/constants, systemd and launchd
/// service files): <c>openclaw-gateway[-&lt;profile&gt;].service</c> under <c>$HOME/.config/systemd/user</c>
/// (<c>OPENCLAW_SYSTEMD_UNIT</c> overrides it), <c>ai.openclaw.gateway</c> / <c>ai.openclaw.&lt;profile&gt;</c>
/// under <c>$HOME/Library/LaunchAgents</c> (<c>OPENCLAW_LAUNCHD_LABEL</c> overrides it).
/// </summary>
internal static class GatewayService
{
    /// <summary>The command to give, with the <c>--profile</c> or state directory OpenClaw needs to find this state.</summary>
    public static string StartCommand(OpenClawEnvironment environment, StateLocation location)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(location);
        var profile = Normalize(location.Profile ?? environment.Get("OPENCLAW_PROFILE"));
        var openclaw = location.Profile is { Length: > 0 } given ? $"openclaw --profile {given}" : "openclaw";
        var command = IsInstalled(environment, profile) ? $"{openclaw} gateway start" : $"{openclaw} gateway";
        return location.StateDirSource == StateDirSource.Option ? $"OPENCLAW_STATE_DIR={location.StateDir} {command}" : command;
    }

    /// <summary>Whether the gateway's service definition exists for this profile (OpenClaw's own check is its service manager's).</summary>
    public static bool IsInstalled(OpenClawEnvironment environment, string? profile)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if ((environment.Get("HOME") ?? environment.Get("USERPROFILE")) is not { } home)
        {
            return false;
        }

        profile = Normalize(profile);
        if (OperatingSystem.IsMacOS())
        {
            var label = environment.Get("OPENCLAW_LAUNCHD_LABEL") ?? (profile is null ? "ai.openclaw.gateway" : $"ai.openclaw.{profile}");
            return File.Exists(Path.Join(home, "Library", "LaunchAgents", $"{label}.plist"));
        }

        var unit = environment.Get("OPENCLAW_SYSTEMD_UNIT") is { } overridden
            ? overridden.EndsWith(".service", StringComparison.Ordinal) ? overridden[..^".service".Length] : overridden
            : profile is null ? "openclaw-gateway" : $"openclaw-gateway-{profile}";
        return File.Exists(Path.Join(home, ".config", "systemd", "user", $"{unit}.service"));
    }

    /// <summary>normalizeGatewayProfile: trimmed; blank or "default" (any case) is no profile.</summary>
    private static string? Normalize(string? profile) =>
        JavaScript.JsText.TrimToNull(profile) is { } trimmed && !trimmed.Equals("default", StringComparison.OrdinalIgnoreCase) ? trimmed : null;
}
