using System.Text.RegularExpressions;

using SessionCloser.JavaScript;

namespace SessionCloser.Installation;

/// <summary>OpenClaw's --profile rules (src/cli/profile-utils.ts, src/cli/profile.ts).</summary>
internal static partial class ProfileNames
{
    /// <summary>isValidProfileName: letters, digits, '_' and '-', starting with a letter or digit, at most 64 chars.</summary>
    public static bool IsValid(string? name) => !string.IsNullOrEmpty(name) && ValidName().IsMatch(name);

    /// <summary>"default" (any case, surrounding blanks ignored) selects the unsuffixed ~/.openclaw.</summary>
    public static bool IsDefault(string name) =>
        string.Equals(JsText.ToLower(JsText.Trim(name)), "default", StringComparison.Ordinal);

    /// <summary>The state directory name for a profile: ".openclaw" or ".openclaw-&lt;name&gt;" (case kept).</summary>
    public static string StateDirectoryName(string profile) => IsDefault(profile) ? ".openclaw" : ".openclaw-" + profile;

    // \z, not $: JavaScript's $ never matches before a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
