using Spectre.Console;

namespace SessionCloser.Cli.Output;

/// <summary>
/// Rows for people: a Spectre table on a terminal, plain columns (two spaces apart, never wrapped) on a pipe or a
/// file, where scripts and logs read them. Cells are plain text, never markup.
/// </summary>
internal sealed class AlignedTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _rightAligned = [];

    public int Count => _rows.Count;

    /// <summary>Numbers line up on the right.</summary>
    public AlignedTable AlignRight(params int[] columns)
    {
        _rightAligned.UnionWith(columns);
        return this;
    }

    public void Add(params string[] cells) => _rows.Add(cells);

    /// <summary>On the context's stdout: a table on a terminal, plain columns otherwise.</summary>
    public void Write(CliContext context)
    {
        if (context.IsOutputTerminal)
        {
            Write(Terminal.For(context));
        }
        else
        {
            WritePlain(context.Out);
        }
    }

    public void Write(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < headers.Length; i++)
        {
            table.AddColumn(new TableColumn(new Text(headers[i])) { Alignment = _rightAligned.Contains(i) ? Justify.Right : Justify.Left });
        }

        foreach (var row in _rows)
        {
            table.AddRow([.. row.Select(cell => new Text(cell))]);
        }

        console.Write(table);
    }

    public void WritePlain(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in _rows.Prepend(headers))
        {
            var cells = row.Select((cell, i) => _rightAligned.Contains(i) ? cell.PadLeft(widths[i]) : i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
