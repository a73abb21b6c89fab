using System.Text.RegularExpressions;
using SessionCloser.Config;
using SessionCloser.FileSystem;
using SessionCloser.JavaScript;

namespace SessionCloser.Installation;

/// <summary>
/// OpenClaw's notion of "home" and <c>~</c> expansion (src/infra/home-dir.ts). OPENCLAW_HOME wins over
/// the OS home, and every <c>~</c> in a state dir, config path or store template means this home.
/// </summary>
internal static partial class OpenClawHome
{
    /// <summary>
    /// resolveEffectiveHomeDir: OPENCLAW_HOME (a leading <c>~</c> in it means the OS home), else the OS home.
    /// Null when nothing is known.
    /// </summary>
    public static string? ResolveEffectiveHome(OpenClawEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var raw = ResolveRawHome(env);
        return raw is null ? null : NodePath.Resolve(env.RequireCurrentDirectory(), raw);
    }

    /// <summary>resolveOsHomeDir: HOME, USERPROFILE, Termux's home, then os.homedir(); ignores OPENCLAW_HOME.</summary>
    public static string? ResolveOsHome(OpenClawEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var raw = ResolveRawOsHome(env);
        return raw is null ? null : NodePath.Resolve(env.RequireCurrentDirectory(), raw);
    }

    /// <summary>resolveRequiredHomeDir: the effective home, else (as OpenClaw does) the working directory.</summary>
    public static string ResolveRequiredHome(OpenClawEnvironment env) =>
        ResolveEffectiveHome(env) ?? NodePath.Resolve(env.RequireCurrentDirectory(), ".");

    /// <summary>
    /// expandHomePrefix: replaces a leading <c>~</c> that is alone or followed by a slash or backslash.
    /// <c>~user/x</c> is not expanded (OpenClaw has no per-user expansion).
    /// </summary>
    public static string ExpandHomePrefix(string input, string home)
    {
        ArgumentNullException.ThrowIfNull(input);
        return IsExpandableTilde(input) ? string.Concat(home, input.AsSpan(1)) : input;
    }

    /// <summary>
    /// resolveHomeRelativePath (a.k.a. resolveUserPath): trim, expand <c>~</c> with the required home, make
    /// absolute against the working directory. A blank input stays blank, as in OpenClaw.
    /// </summary>
    public static string ResolveUserPath(string input, OpenClawEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(env);
        var trimmed = JsText.Trim(input);
        if (trimmed.Length == 0)
        {
            return trimmed;
        }

        var expanded = trimmed.StartsWith('~') ? ExpandHomePrefix(trimmed, ResolveRequiredHome(env)) : trimmed;
        return NodePath.Resolve(env.RequireCurrentDirectory(), expanded);
    }

    internal static bool IsExpandableTilde(string input) =>
        input.Length > 0 && input[0] == '~' && (input.Length == 1 || input[1] is '/' or '\\');

    private static string? ResolveRawHome(OpenClawEnvironment env)
    {
        var explicitHome = NormalizeHomeValue(env.GetRaw("OPENCLAW_HOME"));
        if (explicitHome is null)
        {
            return ResolveRawOsHome(env);
        }

        if (!IsExpandableTilde(explicitHome))
        {
            return explicitHome;
        }

        // "~" inside OPENCLAW_HOME can only mean the OS home; without one OpenClaw gives up on home entirely.
        var osHome = ResolveRawOsHome(env);
        return osHome is null ? null : ExpandHomePrefix(explicitHome, osHome);
    }

    private static string? ResolveRawOsHome(OpenClawEnvironment env) =>
        NormalizeHomeValue(env.GetRaw("HOME"))
        ?? NormalizeHomeValue(env.GetRaw("USERPROFILE"))
        ?? ResolveTermuxHome(env)
        ?? NormalizeHomeValue(env.OsHomeDirectory);

    private static string? ResolveTermuxHome(OpenClawEnvironment env)
    {
        var prefix = NormalizeHomeValue(env.GetRaw("PREFIX"));
        if (prefix is null || NormalizeHomeValue(env.GetRaw("ANDROID_DATA")) is null)
        {
            return null;
        }

        return TermuxPrefix().IsMatch(prefix.Replace('\\', '/'))
            ? NodePath.Resolve(env.RequireCurrentDirectory(), Path.Join(prefix, "..", "home"))
            : null;
    }

    /// <summary>Blank, "undefined" and "null" all mean unset: a shell that exported a JS null leaves those.</summary>
    private static string? NormalizeHomeValue(string? value)
    {
        var trimmed = JsText.TrimToNull(value);
        return trimmed is null or "undefined" or "null" ? null : trimmed;
    }

    [GeneratedRegex(@"(?:^|/)com\.termux/files/usr/?$", RegexOptions.CultureInvariant)]
    private static partial Regex TermuxPrefix();
}
