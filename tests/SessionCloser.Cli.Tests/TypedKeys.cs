using Spectre.Console;

namespace SessionCloser.Cli.Tests;

/// <summary>A keyboard for <see cref="CliContext.Keyboard"/>: the keys of <paramref name="typed"/>, one by one ('\n' is Enter); then nothing more.</summary>
internal sealed class TypedKeys(string typed) : IAnsiConsoleInput
{
    private int _next;

    /// <summary>How many keys were read.</summary>
    public int Read => _next;

    public bool IsKeyAvailable() => _next < typed.Length;

    public ConsoleKeyInfo? ReadKey(bool intercept)
    {
        if (_next >= typed.Length)
        {
            throw new InvalidOperationException($"the test typed only \"{typed}\" and the prompt wants more");
        }

        var c = typed[_next++];
        return c == '\n'
            ? new ConsoleKeyInfo('\r', ConsoleKey.Enter, shift: false, alt: false, control: false)
            : new ConsoleKeyInfo(c, char.IsAsciiLetter(c) ? ConsoleKey.A + (char.ToUpperInvariant(c) - 'A') : 0, shift: false, alt: false, control: false);
    }

    public Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) => Task.FromResult(ReadKey(intercept));
}
