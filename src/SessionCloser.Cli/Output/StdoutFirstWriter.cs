using System.Text;

namespace SessionCloser.Cli.Output;

/// <summary>
/// stderr that first flushes what stdout holds, so that with both on one pipe (<c>2&gt;&amp;1</c>) every line comes out in
/// the order it was written: a summary on stderr never overtakes the buffered <c>CLOSED</c> lines before it.
/// </summary>
internal sealed class StdoutFirstWriter(TextWriter error, TextWriter output) : TextWriter
{
    public override Encoding Encoding => error.Encoding;

    public override IFormatProvider FormatProvider => error.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => error.NewLine;
        set => error.NewLine = value;
    }

    public override void Write(char value)
    {
        output.Flush();
        error.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        output.Flush();
        error.Write(buffer, index, count);
    }

    public override void Write(string? value)
    {
        output.Flush();
        error.Write(value);
    }

    public override void WriteLine(string? value)
    {
        output.Flush();
        error.WriteLine(value);
    }

    public override void Flush() => error.Flush();
}
