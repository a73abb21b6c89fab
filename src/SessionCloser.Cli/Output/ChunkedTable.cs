using Spectre.Console;
using Spectre.Console.Rendering;

namespace SessionCloser.Cli.Output;

/// <summary>
/// A rounded Spectre table of any number of plain-text rows, without holding them all as renderables. Spectre
/// measures and renders a table as a whole: at 100,000 sessions <c>list</c> peaked at 676 MB and spent 11 s of CPU
/// in it. Beyond <see cref="ChunkRows"/> rows the table is rendered a chunk at a time, every column fixed at its
/// width over all rows and the borders between chunks dropped, so the lines are those of the one table. Up to
/// <see cref="ChunkRows"/> rows it is Spectre's own table, unchanged.
/// </summary>
internal static class ChunkedTable
{
    public const int ChunkRows = 1000;

    /// <param name="cells">The row's cells, one per header; asked twice per row (widths, then rendering).</param>
    public static void Write<TRow>(IAnsiConsole console, string[] headers, IReadOnlyList<TRow> rows, Func<TRow, string[]> cells, int chunkRows = ChunkRows)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        if (rows.Count <= chunkRows)
        {
            console.Write(Table(headers, rows, 0, rows.Count, cells, widths: null, showHeaders: true));
            return;
        }

        var options = RenderOptions.Create(console, console.Profile.Capabilities);
        var widths = Widths(options, headers, rows, cells);
        for (var start = 0; start < rows.Count; start += chunkRows)
        {
            var count = Math.Min(chunkRows, rows.Count - start);
            var (first, last) = (start == 0, start + count == rows.Count);
            var table = Table(headers, rows, start, count, cells, widths, showHeaders: first);
            var lines = SplitLines(((IRenderable)table).Render(options, console.Profile.Width));

            // A chunk is a whole table: keep its top border only on the first, its bottom border only on the last.
            var keep = lines.Skip(first ? 0 : 1).Take(lines.Count - (first ? 0 : 1) - (last ? 0 : 1));
            console.Write(new Lines(keep));
        }
    }

    private static Table Table<TRow>(string[] headers, IReadOnlyList<TRow> rows, int start, int count, Func<TRow, string[]> cells, int[]? widths, bool showHeaders)
    {
        var table = new Table { Border = TableBorder.Rounded, ShowHeaders = showHeaders };
        for (var i = 0; i < headers.Length; i++)
        {
            table.AddColumn(new TableColumn(new Text(headers[i])) { Width = widths?[i] });
        }

        for (var r = start; r < start + count; r++)
        {
            // Plain Text cells: markup would also turn ":thread:" in a key into an emoji.
            table.AddRow([.. cells(rows[r]).Select(cell => new Text(cell))]);
        }

        return table;
    }

    /// <summary>Each column's width as Spectre would measure it over every row: its widest cell or header.</summary>
    private static int[] Widths<TRow>(RenderOptions options, string[] headers, IReadOnlyList<TRow> rows, Func<TRow, string[]> cells)
    {
        var widths = headers.Select(header => Width(options, header)).ToArray();
        foreach (var row in rows)
        {
            var values = cells(row);
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], Width(options, values[i]));
            }
        }

        return widths;
    }

    private static int Width(RenderOptions options, string text) =>
        text.Length == 0 ? 0 : ((IRenderable)new Text(text)).Measure(options, int.MaxValue).Max;

    /// <summary>
    /// The segments of each line, without the line breaks. Not <see cref="Segment.SplitLines(IEnumerable{Segment})"/>:
    /// it measures every segment's cells (two thirds of the CPU of a 100,000-row list), which lines cut at the breaks
    /// the table put there do not need.
    /// </summary>
    private static List<List<Segment>> SplitLines(IEnumerable<Segment> segments)
    {
        List<List<Segment>> lines = [[]];
        foreach (var segment in segments)
        {
            if (segment.IsLineBreak)
            {
                lines.Add([]);
            }
            else
            {
                lines[^1].Add(segment);
            }
        }

        if (lines[^1].Count == 0)
        {
            lines.RemoveAt(lines.Count - 1); // after the last line break
        }

        return lines;
    }

    /// <summary>Rendered lines, written as they are.</summary>
    private sealed class Lines(IEnumerable<List<Segment>> lines) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => new(0, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            foreach (var line in lines)
            {
                foreach (var segment in line)
                {
                    yield return segment;
                }

                yield return Segment.LineBreak;
            }
        }
    }
}
