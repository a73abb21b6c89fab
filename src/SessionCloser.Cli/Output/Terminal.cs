using Spectre.Console;

namespace SessionCloser.Cli.Output;

/// <summary>A Spectre console on the context's output: colour and live widths only on a terminal.</summary>
internal static class Terminal
{
    public static IAnsiConsole For(CliContext context)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Out),
            Ansi = context.IsOutputTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = context.IsOutputTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = context.IsOutputTerminal && context.IsInputTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });

        // Piped output is read by scripts and logs: do not wrap keys at an imaginary 80 columns.
        if (!context.IsOutputTerminal)
        {
            console.Profile.Width = 240;
        }

        return context.Keyboard is { } keyboard ? new KeyboardConsole(console, keyboard) : console;
    }

    /// <summary>A console whose keys come from <see cref="CliContext.Keyboard"/> instead of the process's terminal.</summary>
    private sealed class KeyboardConsole(IAnsiConsole inner, IAnsiConsoleInput keyboard) : IAnsiConsole
    {
        public Profile Profile => inner.Profile;

        public IAnsiConsoleCursor Cursor => inner.Cursor;

        public IAnsiConsoleInput Input => keyboard;

        public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

        public Spectre.Console.Rendering.RenderPipeline Pipeline => inner.Pipeline;

        public void Clear(bool home) => inner.Clear(home);

        public void Write(Spectre.Console.Rendering.IRenderable renderable) => inner.Write(renderable);

        public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);
    }
}
