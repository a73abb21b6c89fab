using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace SessionCloser.Packaging;

/// <summary>Runs a program with exactly the environment given (nothing inherited unless asked), as a user's shell would.</summary>
internal static class Processes
{
    /// <summary>Generous: the machine may be 2 cores at load 10 while a Native AOT build runs.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromMinutes(40);

    public static readonly TimeSpan Quick = TimeSpan.FromMinutes(10);

    public static async Task<BufferedCommandResult> Run(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, bool inherit = false, string? workingDirectory = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!inherit)
        {
            foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
            {
                variables[name] = null;
            }
        }

        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        return await Cli.Wrap(program)
            .WithArguments(arguments)
            .WithEnvironmentVariables(variables)
            .WithWorkingDirectory(workingDirectory ?? Path.GetTempPath())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, cancel.Token);
    }

    public static string Describe(BufferedCommandResult result) =>
        $"exit {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";

    /// <summary>A PATH of these directories only, after checking that none of them holds a dotnet.</summary>
    public static string PathWithoutDotnet(params string[] directories)
    {
        foreach (var directory in directories)
        {
            if (File.Exists(Path.Join(directory, "dotnet")))
            {
                throw new InvalidOperationException($"{directory} holds a dotnet: this PATH would not prove the packages run without .NET");
            }
        }

        return string.Join(':', directories);
    }
}
