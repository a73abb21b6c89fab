using AwesomeAssertions;

namespace SessionCloser.FaultInjection;

/// <summary>
/// One command on one <see cref="Workspace"/>: run once uninterrupted with a failpoint trace to learn the store's
/// after state, the files it archives and every step boundary it reaches (<c>name@n</c>, in order); then any number
/// of runs from the pristine state, killed or signalled at a boundary.
/// </summary>
internal sealed class Scenario
{
    private Scenario(Workspace workspace, string command, IReadOnlyList<string> args, Expectation expected, IReadOnlyList<string> boundaries, TimeSpan duration)
    {
        Workspace = workspace;
        Command = command;
        Args = args;
        Expected = expected;
        Boundaries = boundaries;
        Duration = duration;
    }

    public Workspace Workspace { get; }

    public string Command { get; }

    public IReadOnlyList<string> Args { get; }

    public Expectation Expected { get; }

    /// <summary>Every boundary an uninterrupted run reaches, in order, each occurrence as <c>name@n</c>.</summary>
    public IReadOnlyList<string> Boundaries { get; }

    /// <summary>How long the uninterrupted run took (random kills fall within it).</summary>
    public TimeSpan Duration { get; }

    public static async Task<Scenario> PrepareAsync(Workspace workspace, string storePath, string command, IReadOnlyList<string> args)
    {
        workspace.Reset();
        var before = File.ReadAllBytes(storePath);
        var trace = Path.Join(workspace.Root, $"trace-{Guid.NewGuid():N}");
        var run = await CliProcess.RunAsync(command, args, new Dictionary<string, string?> { [CliProcess.FailPointTrace] = trace });
        run.ExitCode.Should().Be(0, $"the uninterrupted {command} must succeed: {run}");
        var after = File.ReadAllBytes(storePath);
        after.Should().NotEqual(before, "the scenario must change the store");
        var archived = workspace.PristineHashes.Keys
            .Where(rel => !File.Exists(Path.Join(workspace.StateDir, rel)))
            .ToHashSet(StringComparer.Ordinal);
        var boundaries = File.ReadAllLines(trace).Where(l => l.Length > 0).ToList();
        File.Delete(trace);
        workspace.Reset();
        return new Scenario(workspace, command, args, new Expectation(storePath, before, after, archived), boundaries, run.Elapsed);
    }

    public Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? killAfter = null) =>
        CliProcess.RunAsync(Command, Args, environment, killAfter);

    /// <summary>Runs the command with SIGKILL at <paramref name="boundaries"/> (comma-separated <c>name@n</c>); it must die there.</summary>
    public async Task KillAtAsync(string boundaries)
    {
        var run = await RunAsync(new Dictionary<string, string?> { [CliProcess.FailPoint] = boundaries });
        run.Killed.Should().BeTrue($"every run of this command reaches {boundaries} and dies there: {run}");
    }

    /// <summary>The boundaries of a run that starts from the current state (e.g. one that recovers a killed run).</summary>
    public async Task<IReadOnlyList<string>> TraceAsync()
    {
        var trace = Path.Join(Workspace.Root, $"trace-{Guid.NewGuid():N}");
        var run = await RunAsync(new Dictionary<string, string?> { [CliProcess.FailPointTrace] = trace });
        run.ExitCode.Should().BeOneOf([0, 3], $"the traced run must finish: {run}");
        var lines = File.ReadAllLines(trace).Where(l => l.Length > 0).ToList();
        File.Delete(trace);
        return lines;
    }

    /// <summary>The next run, which finishes the job: afterwards the store is the after state and nothing is left over.</summary>
    /// <param name="what">The story so far, for failure messages.</param>
    /// <param name="restore">Then <c>restore --last</c>, which must give back the original store byte for byte and every file its name.</param>
    public async Task<CliRun> FinishAsync(string what, bool restore = true)
    {
        Invariants.AgeLeftovers(Workspace);
        var next = await RunAsync();
        next.ExitCode.Should().BeOneOf([0, 3], $"{what}: the next run finishes the job (3: the sessions were already closed): {next}");
        Invariants.Settled(Workspace, Expected, $"{what}, then run again");
        if (restore)
        {
            await RestoreAsync($"{what}, run again");
        }

        return next;
    }

    /// <summary><c>session-closer restore --last</c> for this scenario's agent.</summary>
    public Task<CliRun> RunRestoreAsync(IReadOnlyDictionary<string, string?>? environment = null) =>
        CliProcess.RunAsync("session-closer", ["restore", "--last", "--state-dir", Workspace.StateDir, "--agent", AgentId], environment);

    /// <summary>Undoes the scenario's run with <c>restore --last</c>: the original store byte for byte, every file back under its name.</summary>
    public async Task RestoreAsync(string what)
    {
        var restore = await RunRestoreAsync();
        restore.ExitCode.Should().Be(0, $"{what}: restore --last undoes the run: {restore}");
        Invariants.Settled(Workspace, Expected, $"{what}, then restored", mustBeAfter: false, restoring: true);
    }

    private string AgentId => Args[Args.ToList().IndexOf("--agent") + 1];

    /// <summary>Prints a count line the note can cite, and adds it to the run's tally.</summary>
    public static void Report(string kind, int count, string detail)
    {
        KillTally.Add(kind, count);
        var line = $"fault injection: {kind} {count} ({detail})";
        Console.WriteLine(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }
}
