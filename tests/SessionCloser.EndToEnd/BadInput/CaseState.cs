using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SessionCloser.EndToEnd.BadInput;

/// <summary>
/// The directory one case runs in: <c>root/</c> (snapshotted whole: <c>state/</c>, <c>home/</c>, <c>tmp/</c>,
/// <c>outside/</c>) and <c>scratch/</c> beside it for the confinement scripts.
/// </summary>
internal sealed class CaseState : IDisposable
{
    public const string AcmeSessionId = "aaaaaaaa-0000-4000-8000-000000000001";
    public const string BetaSessionId = "bbbbbbbb-0000-4000-8000-000000000002";

    /// <summary>The standard store, as OpenClaw writes it (JSON.stringify with 2 spaces).</summary>
    private const string StandardStore = $$"""
        {
          "agent:project-lead:acme": {
            "sessionId": "{{AcmeSessionId}}",
            "updatedAt": 1764633600000,
            "sessionFile": "{sessions}/{{AcmeSessionId}}.jsonl"
          },
          "agent:project-lead:beta": {
            "sessionId": "{{BetaSessionId}}",
            "updatedAt": 1764633600001
          }
        }
        """;

    private readonly string _parent;
    private readonly Dictionary<string, string> _placeholders;

    public CaseState(BadInputCase testCase, int deadPid)
    {
        _parent = Directory.CreateTempSubdirectory("sc-badinput-").FullName;
        Root = Path.Join(_parent, "root");
        Scratch = Path.Join(_parent, "scratch");
        Directory.CreateDirectory(Scratch);
        var now = DateTimeOffset.UtcNow;
        _placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{root}"] = Root,
            ["{state}"] = StateDir,
            ["{sessions}"] = SessionsDir,
            ["{outside}"] = Path.Join(Root, "outside"),
            ["{home}"] = Path.Join(Root, "home"),
            ["{livePid}"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["{liveStart}"] = StartTimeOf(Environment.ProcessId),
            ["{deadPid}"] = deadPid.ToString(CultureInfo.InvariantCulture),
            ["{nowIso}"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["{oldIso}"] = now.AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        Build(testCase);
    }

    public string Root { get; }

    public string Scratch { get; }

    public string StateDir => Path.Join(Root, "state");

    public string SessionsDir => Path.Join(StateDir, "agents", "project-lead", "sessions");

    public string Fill(string text)
    {
        foreach (var (name, value) in _placeholders)
        {
            text = text.Replace(name, value, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A case path: relative to the root, or absolute through a placeholder (then still inside the root).</summary>
    public string Resolve(string path)
    {
        var full = Path.GetFullPath(Fill(path), Root);
        if (!full.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"case path {path} leaves the case's root");
        }

        return full;
    }

    public void Dispose()
    {
        // Read-only directories a case made must not stop the cleanup.
        foreach (var dir in Directory.EnumerateDirectories(_parent, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (new DirectoryInfo(dir).LinkTarget is null)
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(_parent, recursive: true);
    }

    /// <summary>A process's start time in clock ticks since boot (field 22 of /proc/pid/stat), as OpenClaw's lock records it.</summary>
    private static string StartTimeOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[19];
    }

    private void Build(BadInputCase testCase)
    {
        foreach (var dir in new[] { "home", "tmp", "outside", "state" })
        {
            Directory.CreateDirectory(Path.Join(Root, dir));
        }

        if (testCase.Base == "standard")
        {
            Directory.CreateDirectory(SessionsDir);
            WriteText(Path.Join(SessionsDir, "sessions.json"), Fill(StandardStore) + "\n", "600");
            WriteText(Path.Join(SessionsDir, AcmeSessionId + ".jsonl"), "{\"type\":\"session\",\"id\":\"" + AcmeSessionId + "\"}\n", "600");
            WriteText(Path.Join(SessionsDir, BetaSessionId + ".jsonl"), "{\"type\":\"session\",\"id\":\"" + BetaSessionId + "\"}\n", "600");
            WriteText(Path.Join(Root, "outside", "victim.jsonl"), "{\"type\":\"session\",\"id\":\"victim\"}\n", "600");
        }
        else if (testCase.Base != "bare")
        {
            throw new InvalidDataException($"{testCase.Name}: unknown base '{testCase.Base}' (standard or bare)");
        }

        foreach (var path in testCase.Remove)
        {
            var full = Resolve(path);
            if (Directory.Exists(full) && new DirectoryInfo(full).LinkTarget is null)
            {
                Directory.Delete(full, recursive: true);
            }
            else
            {
                File.Delete(full);
            }
        }

        var modes = new List<(string Path, string Mode)>();
        foreach (var spec in testCase.Files)
        {
            var full = Resolve(spec.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (spec.Symlink is { } target)
            {
                File.CreateSymbolicLink(full, Fill(target));
            }
            else if (spec.Dir)
            {
                Directory.CreateDirectory(full);
            }
            else
            {
                File.WriteAllBytes(full, Content(spec));
                if (spec.SparseSize is { } size)
                {
                    using var file = File.OpenHandle(full, FileMode.Open, FileAccess.Write);
                    RandomAccess.SetLength(file, size);
                }
                File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (spec.Mode is { } mode)
            {
                modes.Add((full, mode));
            }

            if (spec.AgeSeconds is { } age)
            {
                File.SetLastWriteTimeUtc(full, DateTime.UtcNow.AddSeconds(-age));
            }
        }

        // Directories last, so a read-only directory can still be filled first.
        foreach (var (path, mode) in modes.OrderBy(m => Directory.Exists(m.Path) ? 1 : 0))
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        }
    }

    private byte[] Content(FileSpec spec)
    {
        if (spec.Text is { } text)
        {
            return Encoding.UTF8.GetBytes(Fill(text));
        }

        if (spec.Base64 is { } base64)
        {
            return Convert.FromBase64String(base64);
        }

        if (spec.Parts is { } parts)
        {
            using var content = new MemoryStream();
            foreach (var part in parts)
            {
                var bytes = part.Base64 is { } b ? Convert.FromBase64String(b) : Encoding.UTF8.GetBytes(Fill(part.Text ?? ""));
                for (var i = 0; i < part.Repeat; i++)
                {
                    content.Write(bytes);
                }
            }

            return content.ToArray();
        }

        throw new InvalidDataException($"{spec.Path}: a file needs text, base64 or parts (or symlink, or dir)");
    }

    private static void WriteText(string path, string text, string mode)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
    }

    /// <summary>The pid of a process that has exited and been reaped: a dead lock owner.</summary>
    public static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
