using SessionCloser.Errors;

using SessionCloser.JavaScript;

namespace SessionCloser.Config;

/// <summary>
/// An immutable snapshot of everything OpenClaw's path resolution reads from the process:
/// environment variables, the OS home directory and the working directory. Resolution code takes
/// this instead of reading <see cref="Environment"/>, so tests never touch the real process state.
/// </summary>
public sealed class OpenClawEnvironment
{
    private readonly IReadOnlyDictionary<string, string> _variables;

    /// <param name="variables">Environment variables (names are matched as the dictionary's comparer says).</param>
    /// <param name="osHomeDirectory">What Node's os.homedir() would return; null when unknown.</param>
    /// <param name="currentDirectory">Base for relative paths (Node's process.cwd()); null when unknown.</param>
    public OpenClawEnvironment(
        IReadOnlyDictionary<string, string> variables,
        string? osHomeDirectory = null,
        string? currentDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = variables;
        OsHomeDirectory = osHomeDirectory;
        CurrentDirectory = currentDirectory;
    }

    /// <summary>The OS account's home (os.homedir()), consulted after HOME and USERPROFILE.</summary>
    public string? OsHomeDirectory { get; }

    /// <summary>The working directory relative paths resolve against; null if it no longer exists.</summary>
    public string? CurrentDirectory { get; }

    /// <summary>Takes a snapshot of the current process.</summary>
    public static OpenClawEnvironment FromProcess()
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var variables = new Dictionary<string, string>(comparer);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new OpenClawEnvironment(variables, home.Length == 0 ? null : home, TryGetCurrentDirectory());
    }

    /// <summary>The raw value, or null when the variable is not set. Blank values are returned as they are.</summary>
    public string? GetRaw(string name) => _variables.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The value trimmed the way OpenClaw trims it (JavaScript trim), or null when unset or blank;
    /// OpenClaw treats a blank override exactly like a missing one.
    /// </summary>
    public string? Get(string name) => JsText.TrimToNull(GetRaw(name));

    /// <summary>A copy with some variables replaced (null value = removed). Handy for tests and profiles.</summary>
    public OpenClawEnvironment With(params ReadOnlySpan<(string Name, string? Value)> changes)
    {
        var copy = new Dictionary<string, string>(_variables, (_variables as Dictionary<string, string>)?.Comparer ?? StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                copy.Remove(name);
            }
            else
            {
                copy[name] = value;
            }
        }

        return new OpenClawEnvironment(copy, OsHomeDirectory, CurrentDirectory);
    }

    /// <summary>The base for relative paths; like Node, fails only when there is none.</summary>
    internal string RequireCurrentDirectory() =>
        CurrentDirectory ?? throw new SessionCloserException(ExitCode.StoreError, "The current directory is unknown, so relative paths cannot be resolved.");

    private static string? TryGetCurrentDirectory()
    {
        try
        {
            return Environment.CurrentDirectory;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
