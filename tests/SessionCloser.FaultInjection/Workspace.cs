using System.Security.Cryptography;
using SessionCloser.Fixtures;

namespace SessionCloser.FaultInjection;

/// <summary>
/// A generated OpenClaw state and a pristine copy of it: every scenario starts from the same bytes, in the same
/// place (the stores hold absolute paths, so the state is put back where it was rather than copied elsewhere).
/// </summary>
internal sealed class Workspace : IDisposable
{
    private Workspace(string root, GeneratedState state, IReadOnlyDictionary<string, string> pristine)
    {
        Root = root;
        State = state;
        PristineHashes = pristine;
    }

    public string Root { get; }

    public GeneratedState State { get; }

    public string StateDir => State.StateDir;

    private string PristineDir => Path.Join(Root, "pristine");

    /// <summary>Every file of the pristine state: path relative to <see cref="StateDir"/> → SHA-256.</summary>
    public IReadOnlyDictionary<string, string> PristineHashes { get; }

    public static Workspace Generate(StoreGeneratorOptions options, Action<GeneratedState>? prepare = null)
    {
        var root = Directory.CreateTempSubdirectory("sc-fault-").FullName;
        var state = StoreGenerator.Generate(Path.Join(root, "state"), options with { Now = DateTimeOffset.UtcNow });

        // A transcript lock names a random pid, which may be alive in one run and gone in the next; the plan must be
        // the same in every run of a scenario, so there are none (live-lock handling has its own tests).
        foreach (var lockPath in state.Locks)
        {
            File.Delete(lockPath);
        }

        prepare?.Invoke(state);
        Copy(state.StateDir, Path.Join(root, "pristine"));
        return new Workspace(root, state, Hashes(state.StateDir));
    }

    /// <summary>Puts the pristine state back (same paths, same bytes, same modes and times).</summary>
    public void Reset()
    {
        Directory.Delete(StateDir, recursive: true);
        Copy(PristineDir, StateDir);
    }

    public static Dictionary<string, string> Hashes(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p), p => Hash(File.ReadAllBytes(p)), StringComparer.Ordinal);

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, directory));
            Directory.CreateDirectory(target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(directory));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
