namespace SessionCloser.FileSystem;

/// <summary>
/// realpath(3) without P/Invoke: every symlink in every component resolved. OpenClaw compares real paths to
/// decide whether a store lies inside the agents root, so a symlinked directory cannot smuggle one in.
/// </summary>
internal static class RealPath
{
    // Linux gives up after 40 links (ELOOP); do the same instead of looping forever.
    private const int MaxLinks = 40;

    /// <summary>True for a symbolic link (or another reparse point): never followed where a file must be our own.</summary>
    public static bool IsLink(FileSystemInfo file) => file.LinkTarget is not null || file.Attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>The real path, or null if a component is missing, unreadable or a link loop.</summary>
    public static string? TryResolve(string path)
    {
        try
        {
            return Resolve(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Resolve(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var pending = new Stack<string>();
        PushComponents(pending, fullPath[root.Length..]);
        var current = root;
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                if (!File.Exists(next) && !Directory.Exists(next))
                {
                    return null;
                }

                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            PushComponents(pending, target);
        }

        return current;
    }

    /// <summary>Pushes the components so that the first one is popped first.</summary>
    private static void PushComponents(Stack<string> pending, string relative)
    {
        var parts = relative.Split(
            [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar],
            StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
