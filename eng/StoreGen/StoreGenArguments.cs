using System.Globalization;
using SessionCloser.Fixtures;

namespace StoreGen;

/// <summary>Plain argument parsing; this tool is too small to warrant System.CommandLine.</summary>
internal sealed record StoreGenArguments(string StateDir, bool Force, StoreGeneratorOptions Options)
{
    public const string Usage = "usage: storegen --state-dir DIR --sessions N [--agents a,b,c] [--seed N] [--no-transcripts] [--force]";

    public static StoreGenArguments Parse(string[] args)
    {
        string? stateDir = null;
        int? sessions = null;
        var force = false;
        var options = new StoreGeneratorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--state-dir":
                    stateDir = Value(args, ref i);
                    break;
                case "--sessions":
                    sessions = Number(args, ref i);
                    break;
                case "--agents":
                    var agents = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    options = options with { AgentIds = agents.Length > 0 ? agents : throw new StoreGenUsageException("--agents needs at least one id.") };
                    break;
                case "--seed":
                    options = options with { Seed = Number(args, ref i) };
                    break;
                case "--no-transcripts":
                    options = options with { WriteTranscripts = false };
                    break;
                case "--force":
                    force = true;
                    break;
                default:
                    throw new StoreGenUsageException($"unknown argument '{args[i]}'.");
            }
        }

        if (stateDir is null || sessions is null)
        {
            throw new StoreGenUsageException("--state-dir and --sessions are required.");
        }

        return new StoreGenArguments(Path.GetFullPath(stateDir), force, options with { SessionCount = sessions.Value });
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new StoreGenUsageException($"{args[i - 1]} needs a value.");

    private static int Number(string[] args, ref int i)
    {
        var text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new StoreGenUsageException($"{args[i - 1]} needs a non-negative integer, not '{text}'.");
    }
}
