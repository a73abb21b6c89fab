using System.Diagnostics;
using System.Text;
using SessionCloser.Fixtures;

namespace SessionCloser.Benchmarks;

/// <summary>
/// A generated state's files as the generator would write them for another state dir, without generating them again.
/// The generator's output depends on the state dir only through the absolute paths it writes into files (the store's
/// <c>sessionFile</c>s, the trajectory pointers' <c>runtimeFile</c>), so a state generated with the same options
/// for another dir is the same tree with that dir's path in place of this one's: every file is hard-linked (the
/// pristine trees this links are never written) except those naming the dir, which are copied with the path replaced.
/// </summary>
internal static class StateRelocation
{
    /// <summary>
    /// Makes <paramref name="to"/> the tree <paramref name="from"/> (generated in <paramref name="fromDir"/>) as generated
    /// in <paramref name="toDir"/>: same names, modes and mtimes. False (and <paramref name="to"/> left absent) where
    /// that cannot be done here: hard links refused, or a path JSON would escape (its bytes would differ in the files).
    /// </summary>
    public static bool TryLinkRelocated(string from, string fromDir, string to, string toDir)
    {
        if (!WrittenAsIs(fromDir) || !WrittenAsIs(toDir) || !LinkTree(from, to))
        {
            return false;
        }

        // Every file that names the dir, found by reading them all (grep: a third of the CPU .NET's reads took), not by
        // knowing the generator: a path it starts writing into some other file is relocated too.
        var oldPath = fromDir + Path.DirectorySeparatorChar;
        var (oldBytes, newBytes) = (Encoding.UTF8.GetBytes(oldPath), Encoding.UTF8.GetBytes(toDir + Path.DirectorySeparatorChar));
        Parallel.ForEach(FilesContaining(to, oldPath), new ParallelOptions { MaxDegreeOfParallelism = 2 }, file => Relocate(file, oldBytes, newBytes));
        return true;
    }

    /// <summary>The files under <paramref name="dir"/> whose bytes hold <paramref name="text"/> (<c>grep -rlZF</c>).</summary>
    private static List<string> FilesContaining(string dir, string text)
    {
        var start = new ProcessStartInfo("grep", ["-rlZF", "-e", text, "--", dir]) { UseShellExecute = false, RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 };
        start.Environment["LC_ALL"] = "C"; // bytes, no locale
        using var grep = Process.Start(start) ?? throw new InvalidOperationException("could not start grep");
        var listed = grep.StandardOutput.ReadToEnd();
        grep.WaitForExit();
        if (grep.ExitCode > 1)
        {
            throw new InvalidOperationException($"grep -rlZF in {dir} failed with exit code {grep.ExitCode}");
        }

        return [.. listed.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>A copy of <paramref name="file"/> with every <paramref name="oldPath"/> replaced, by rename: the link is never written.</summary>
    private static void Relocate(string file, byte[] oldPath, byte[] newPath)
    {
        var bytes = File.ReadAllBytes(file);
        var at = bytes.AsSpan().IndexOf(oldPath);
        if (at < 0)
        {
            return;
        }

        using var result = new MemoryStream(bytes.Length + (bytes.Length / 8));
        var copied = 0;
        while (at >= 0)
        {
            result.Write(bytes, copied, at);
            result.Write(newPath);
            copied += at + oldPath.Length;
            at = bytes.AsSpan(copied).IndexOf(oldPath);
        }

        result.Write(bytes, copied, bytes.Length - copied);
        var temp = file + ".relocating";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            result.WriteTo(stream);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(file));
        }

        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(file));
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>True when JSON writes <paramref name="path"/> as its own bytes (nothing to escape), as the search needs.</summary>
    private static bool WrittenAsIs(string path) => JsJson.Stringify(path) == "\"" + path + "\"";

    /// <summary><c>cp -al</c>: the directories copied, every file a second name of the same inode.</summary>
    private static bool LinkTree(string from, string to)
    {
        using var cp = Process.Start(new ProcessStartInfo("cp", ["-al", from, to]) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException("could not start cp");
        var error = cp.StandardError.ReadToEnd();
        cp.WaitForExit();
        if (cp.ExitCode == 0)
        {
            return true;
        }

        Console.Error.WriteLine($"// cp -al {from} {to} failed ({error.Trim()}): generating instead");
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        return false;
    }
}
