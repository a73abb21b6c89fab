using SessionCloser.Config;

namespace SessionCloser.Tests.Paths;

/// <summary>
/// A throwaway directory standing in for a user's machine: a fake home, a working directory and helpers to
/// build an <see cref="OpenClawEnvironment"/> pointing at them. Never touches the real ~/.openclaw.
/// </summary>
internal sealed class TempSandbox : IDisposable
{
    public TempSandbox()
    {
        Root = Path.Join(Path.GetTempPath(), "sc-paths-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Home = Dir("home");
        Cwd = Dir("cwd");
    }

    public string Root { get; }

    public string Home { get; }

    public string Cwd { get; }

    /// <summary>An environment with HOME = the fake home, plus <paramref name="variables"/> (null values are dropped).</summary>
    public OpenClawEnvironment Env(params (string Name, string? Value)[] variables)
    {
        var dict = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = Home };
        foreach (var (name, value) in variables)
        {
            if (value is null)
            {
                dict.Remove(name);
            }
            else
            {
                dict[name] = value;
            }
        }

        return new OpenClawEnvironment(dict, osHomeDirectory: Path.Join(Root, "os-home"), currentDirectory: Cwd);
    }

    /// <summary>Creates (if needed) and returns a directory under the sandbox root.</summary>
    public string Dir(params string[] parts)
    {
        var path = Path.Join([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a file under the sandbox root, creating its directory.</summary>
    public string File(string relativePath, string content = "{}")
    {
        var path = Path.Join(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
