namespace SessionCloser.EndToEnd.BadInput;

/// <summary>
/// Read-only mounts and full disks without root: <c>unshare -rm</c> (a user and mount namespace of the CLI's own)
/// mounts them for the one run. chmod is no test of a read-only directory when the suite runs as root, and a full
/// disk needs a small filesystem; where no mount namespace can be had these cases fail, saying why, rather than skip.
/// </summary>
internal static class Confinements
{
    /// <summary>$1 the directory; then the command.</summary>
    private const string ReadOnly = """
        set -e
        mount --bind "$1" "$1"
        mount -o remount,ro,bind "$1"
        shift
        exec "$@"
        """;

    /// <summary>
    /// $1 the directory, $2 scratch, $3 bytes left free; then the command. The directory's files are copied onto a
    /// 4 MiB tmpfs mounted over it, a filler takes all but $3 bytes, the command runs, the filler goes and what the
    /// tmpfs then holds is copied to $2/after for the test to compare.
    /// </summary>
    private const string FullDisk = """
        set -e
        dir=$1 scratch=$2 free=$3
        shift 3
        mkdir "$scratch/before" "$scratch/after"
        cp -a "$dir/." "$scratch/before/"
        mount -t tmpfs -o size=4m,mode=0755 tmpfs "$dir"
        cp -a "$scratch/before/." "$dir/"
        filler="$dir/.disk-filler"
        dd if=/dev/zero of="$filler" bs=65536 2>/dev/null || true
        if [ "$free" -gt 0 ]; then truncate -s "-$free" "$filler"; fi
        set +e
        "$@"
        code=$?
        rm -f "$filler"
        cp -a "$dir/." "$scratch/after/" || code=98
        exit $code
        """;

    /// <summary>
    /// How to get a mount namespace here: <c>unshare -rm</c> (any user, where unprivileged user namespaces are
    /// allowed), else <c>unshare -m</c> (root without user namespaces). Neither: every confined case fails with why.
    /// </summary>
    private static readonly Lazy<(string[] Prefix, string? Problem)> Unshare = new(() =>
    {
        var problems = new List<string>();
        foreach (var prefix in new[] { new[] { "-rm" }, new[] { "-m" } })
        {
            using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("unshare", [.. prefix, "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt 2>&1 || mount -t tmpfs -o size=4k tmpfs \"$TMPDIR\" 2>&1"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["TMPDIR"] = Path.GetTempPath() },
            })!;
            var output = probe.StandardOutput.ReadToEnd() + probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            if (probe.ExitCode == 0)
            {
                return (prefix, null);
            }

            problems.Add($"unshare {prefix[0]}: exit {probe.ExitCode} {output.Trim()}");
        }

        return (Array.Empty<string>(), "no mount namespace is available for read-only and full-disk cases (" + string.Join("; ", problems)
            + "); allow unprivileged user namespaces (kernel.unprivileged_userns_clone=1, kernel.apparmor_restrict_unprivileged_userns=0) or run as root");
    });

    /// <summary>Null where confined cases can run, else why not (the case then fails with this).</summary>
    public static string? Unavailable(Confinement? confinement) => confinement is null ? null : Unshare.Value.Problem;

    /// <summary>The program and arguments that run <paramref name="command"/> confined as the case says.</summary>
    public static (string Program, IReadOnlyList<string> Arguments) Wrap(Confinement? confinement, CaseState state, string command, IReadOnlyList<string> arguments)
    {
        if (confinement is null)
        {
            return (command, arguments);
        }

        var dir = state.Resolve(confinement.Path);
        return confinement.Kind switch
        {
            "read-only" => ("unshare", [.. Unshare.Value.Prefix, "sh", "-c", ReadOnly, "sh", dir, command, .. arguments]),
            "full-disk" => ("unshare", [.. Unshare.Value.Prefix, "sh", "-c", FullDisk, "sh", dir, state.Scratch, confinement.FreeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), command, .. arguments]),
            _ => throw new InvalidDataException($"unknown confinement '{confinement.Kind}' (read-only or full-disk)"),
        };
    }

    /// <summary>For a full disk: where the script copied the tmpfs's files after the run (compare with the directory before).</summary>
    public static string? AfterCopy(Confinement? confinement, CaseState state) =>
        confinement?.Kind == "full-disk" ? Path.Join(state.Scratch, "after") : null;
}
