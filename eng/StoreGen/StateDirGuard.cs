namespace StoreGen;

/// <summary>Keeps generated fixtures away from a real OpenClaw install and from directories holding other data.</summary>
internal static class StateDirGuard
{
    public static void Check(string stateDir, bool force)
    {
        foreach (var real in RealStateDirs())
        {
            if (IsSameOrInside(Resolve(stateDir), Resolve(real)))
            {
                throw new StoreGenUsageException($"refusing to write into the real OpenClaw state dir {real}.");
            }
        }

        if (File.Exists(stateDir))
        {
            throw new StoreGenUsageException($"{stateDir} is a file.");
        }

        if (!force && Directory.Exists(stateDir) && Directory.EnumerateFileSystemEntries(stateDir).Any())
        {
            throw new StoreGenUsageException($"{stateDir} is not empty; pass --force to write into it anyway.");
        }
    }

    private static IEnumerable<string> RealStateDirs()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
        {
            yield return Path.Combine(home, ".openclaw");
        }

        var overridden = Environment.GetEnvironmentVariable("OPENCLAW_STATE_DIR");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            yield return overridden.Trim();
        }
    }

    /// <summary>Full path with symlinked ancestors resolved, so a link to ~/.openclaw is caught too.</summary>
    private static string Resolve(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var missing = new Stack<string>();
        var cursor = full;
        while (!Directory.Exists(cursor) && Path.GetDirectoryName(cursor) is { } parent)
        {
            missing.Push(Path.GetFileName(cursor));
            cursor = parent;
        }

        var target = new DirectoryInfo(cursor).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? cursor;
        return Path.Combine([target, .. missing]);
    }

    private static bool IsSameOrInside(string path, string root) =>
        string.Equals(path, root, StringComparison.Ordinal)
        || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
