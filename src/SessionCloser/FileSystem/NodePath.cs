namespace SessionCloser.FileSystem;

/// <summary>Node's path.resolve / path.join, which OpenClaw uses for every path it derives.</summary>
internal static class NodePath
{
    /// <summary>path.resolve(baseDirectory, path): absolute, normalized, no trailing separator.</summary>
    public static string Resolve(string baseDirectory, string path)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        return TrimTrailingSeparator(full);
    }

    /// <summary>path.join followed by normalization; callers pass absolute first segments.</summary>
    public static string Join(string first, params ReadOnlySpan<string> rest)
    {
        var joined = first;
        foreach (var segment in rest)
        {
            joined = Path.Join(joined, segment);
        }

        return Path.IsPathFullyQualified(joined) ? TrimTrailingSeparator(Path.GetFullPath(joined)) : joined;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is <paramref name="root"/> or lies below it, judged by whole components (so
    /// <c>/a/bc</c> is not inside <c>/a/b</c>, and a file named <c>..x</c> is inside). Both are absolute and normalized.
    /// </summary>
    public static bool IsWithin(string root, string path, bool allowRoot = true)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".")
        {
            return allowRoot;
        }

        return relative != ".."
            && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative);
    }

    private static string TrimTrailingSeparator(string path) =>
        Path.GetPathRoot(path) is { } root && root.Length == path.Length ? path : Path.TrimEndingDirectorySeparator(path);
}
