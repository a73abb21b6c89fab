using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures;
using SessionCloser.Fixtures.RealOpenClaw;

namespace SessionCloser.EndToEnd;

/// <summary>
/// A full disk says the disk is full (issue 10, defect 6): the real CLI closes a session on a small tmpfs that is
/// filled until one write of the close does not fit (the lock, the journal, the backup, the new store). Each run
/// exits 5 with <c>disk is full: could not write &lt;file&gt; (no space left on device); nothing was changed</c>, and
/// the state it leaves is byte for byte the state before: no temp file, no empty lock, no partial backup.
/// </summary>
public sealed partial class DiskFullTests : IDisposable
{
    private const int Page = 4096;
    private const int Entries = 200;
    private const string Agent = "project-lead";

    private readonly string _root = Directory.CreateTempSubdirectory("sc-diskfull-").FullName;

    public DiskFullTests()
    {
        var sessions = Path.Join(StateDir, "agents", Agent, "sessions");
        Directory.CreateDirectory(sessions);
        File.WriteAllText(Path.Join(StateDir, "openclaw.json"), "{\"agents\":{\"list\":[{\"id\":\"" + Agent + "\"}]}}\n");
        var store = new StringBuilder("{");
        for (var i = 0; i < Entries; i++)
        {
            var sid = $"00000000-0000-4000-8000-{i:D12}";
            store.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}\n  \"agent:{Agent}:p{i}\": {{\n    \"sessionId\": \"{sid}\",\n    \"updatedAt\": {1_790_000_000_000L + i},\n    \"label\": \"{new string('x', 1500)}\"\n  }}");
            File.WriteAllText(Path.Join(sessions, sid + ".jsonl"), "{\"type\":\"session\"}\n");
        }

        File.WriteAllText(Path.Join(sessions, "sessions.json"), store.Append("\n}").ToString());
        StoreBytes = new FileInfo(Path.Join(sessions, "sessions.json")).Length;
    }

    public enum Write
    {
        /// <summary>Not one free page: the lock file's body cannot be written.</summary>
        Lock,

        /// <summary>One free page, which the lock takes: the operation record (written before the journal) does not fit.</summary>
        Record,

        /// <summary>Room for the lock and the operation record: the journal does not fit.</summary>
        Journal,

        /// <summary>Room for the lock, the record and the journal, not for a copy of the store.</summary>
        Backup,

        /// <summary>Room for the backup, not for the new store beside the old one.</summary>
        Store,
    }

    private string StateDir => Path.Join(_root, "source", "state");

    private long StoreBytes { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(Write.Lock, "sessions.json.lock")]
    [InlineData(Write.Record, @"session-closer/operations/\d{8}T\d{9}Z-[0-9a-f]{6}\.json")]
    [InlineData(Write.Journal, "sessions.json.session-closer-journal")]
    [InlineData(Write.Backup, @"sessions.json.bak-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z")]
    [InlineData(Write.Store, "sessions.json")]
    public async Task A_write_that_does_not_fit_exits_5_saying_the_disk_is_full_and_nothing_changes(Write write, string fileName)
    {
        // The record's size (its paths are the same on every run: the same mount point) from a run with room to spare.
        var recordPages = write is Write.Lock or Write.Record ? 0 : await RecordPagesAsync();
        var free = write switch
        {
            Write.Lock => 0,
            Write.Record => Page,
            Write.Journal => Page + (recordPages * Page),
            Write.Backup => (2 * Page) + (recordPages * Page) + (StoreBytes / 2),
            _ => (2 * Page) + (recordPages * Page) + StoreBytes + Page + (StoreBytes / 2),
        };

        var run = await SmallDisk.CloseAsync(_root, free, ["close", "--agent", Agent, "p7"]);

        run.ExitCode.Should().Be(5, run.Describe());
        run.Stdout.Should().BeEmpty();
        var directory = Regex.Escape(write == Write.Record
            ? Path.Join(SmallDisk.MountPoint(_root), "state")
            : Path.Join(SmallDisk.MountPoint(_root), "state", "agents", Agent, "sessions"));
        run.Stderr.Should().MatchRegex($"^session-closer: disk is full: could not write {directory}/{fileName} \\(no space left on device\\); nothing was changed\n$");
        DirectorySnapshot.Take(StateDir).DiffTo(DirectorySnapshot.Take(run.After)).Should().BeEmpty("a close that failed for want of space leaves every file as it was");
    }

    /// <summary>Pages the close's operation record takes (its complete form, a few bytes longer than the first write).</summary>
    private async Task<long> RecordPagesAsync()
    {
        var roomy = await SmallDisk.CloseAsync(_root, (3 * StoreBytes) + (8 * Page), ["close", "--agent", Agent, "p7"]);
        roomy.ExitCode.Should().Be(0, roomy.Describe());
        var recordBytes = new FileInfo(Directory.GetFiles(Path.Join(roomy.After, "session-closer", "operations"), "*.json").Single()).Length;
        Directory.Delete(Path.Join(_root, "out"), recursive: true);
        return (recordBytes + Page - 1) / Page;
    }

    [Fact]
    public async Task With_room_for_every_write_the_same_close_succeeds_on_the_same_small_disk()
    {
        var run = await SmallDisk.CloseAsync(_root, (3 * StoreBytes) + (8 * Page), ["close", "--agent", Agent, "p7"]);

        run.ExitCode.Should().Be(0, run.Describe());
        run.Stdout.Should().Be($"CLOSED agent:{Agent}:p7 sessionId=00000000-0000-4000-8000-000000000007\n");
        Directory.GetFiles(Path.Join(run.After, "agents", Agent, "sessions"), "sessions.json.bak-*").Should().ContainSingle();
    }
}

/// <summary>
/// Runs the real CLI with its state on a tmpfs of its own, in a private mount namespace: <c>unshare -rm</c> (a user
/// namespace; needs no root) where the kernel allows it, else <c>unshare -m</c> as root. Where neither can mount,
/// the tests fail: a skipped disk-full test would prove nothing.
/// </summary>
internal static class SmallDisk
{
    private const string Script = """
        set -eu
        mnt=$1; source=$2; out=$3; free=$4; shift 4
        mount -t tmpfs -o size=8m,mode=0700 tmpfs "$mnt"
        cp -a "$source/state" "$mnt/state"
        avail=$(( $(stat -f -c '%a' "$mnt") * $(stat -f -c '%S' "$mnt") ))
        if [ "$avail" -gt "$free" ]; then head -c $(( avail - free )) /dev/zero > "$mnt/filler" || true; fi
        set +e
        "$@" > "$out/stdout" 2> "$out/stderr"
        echo $? > "$out/rc"
        cp -a "$mnt/state" "$out/after"
        """;

    private static readonly Lazy<string[]> Unshare = new(FindUnshare);

    public static string MountPoint(string root) => Path.Join(root, "mnt");

    public static async Task<DiskRun> CloseAsync(string root, long freeBytes, string[] arguments)
    {
        // Build the CLI (once) outside the namespace, where the build has the whole disk.
        var warm = await Repo.RunAsync("session-closer", ["--version"]);
        warm.ExitCode.Should().Be(0, Repo.Describe(warm));

        var mnt = MountPoint(root);
        var output = Path.Join(root, "out");
        Directory.CreateDirectory(mnt);
        Directory.CreateDirectory(output);
        string[] cli = [Path.Join(Repo.Root, "bin", "session-closer"), .. arguments, "--state-dir", Path.Join(mnt, "state")];
        var result = await Cli.Wrap("unshare")
            .WithArguments([.. Unshare.Value, "sh", "-c", Script, "sh", mnt, Path.Join(root, "source"), output, freeBytes.ToString(CultureInfo.InvariantCulture), .. cli])
            .WithEnvironmentVariables(Repo.Environment())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        result.ExitCode.Should().Be(0, $"the small-disk script failed: {result.StandardError}");
        return new DiskRun(
            int.Parse(File.ReadAllText(Path.Join(output, "rc")), CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Join(output, "stdout")),
            File.ReadAllText(Path.Join(output, "stderr")),
            Path.Join(output, "after"));
    }

    private static string[] FindUnshare()
    {
        var probe = Directory.CreateTempSubdirectory("sc-mount-probe-");
        try
        {
            foreach (var flags in new[] { new[] { "-rm" }, ["-m"] })
            {
                var result = Cli.Wrap("unshare").WithArguments([.. flags, "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.FullName])
                    .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();
                if (result.ExitCode == 0)
                {
                    return flags;
                }
            }
        }
        finally
        {
            probe.Delete();
        }

        throw new InvalidOperationException(
            "The disk-full tests need a small tmpfs: neither 'unshare -rm' (user namespaces) nor 'unshare -m' (root) can mount one here. " +
            "Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run the tests as root.");
    }
}

internal sealed record DiskRun(int ExitCode, string Stdout, string Stderr, string After)
{
    public string Describe() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
