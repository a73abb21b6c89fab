using AwesomeAssertions;
using SessionCloser.Cli.Output;
using Spectre.Console;

namespace SessionCloser.Cli.Tests;

/// <summary>
/// <see cref="ChunkedTable"/>: a table rendered a chunk at a time is, line for line, the one Spectre table of all the
/// rows (the oracle is Spectre's own rendering of the whole table).
/// </summary>
public sealed class ChunkedTableTests
{
    private static readonly string[] Headers = ["Key", "Age", "Label", "Flags"];

    public static TheoryData<int, int> Sizes => new()
    {
        { 7, 3 },     // chunks of 3, 3 and 1
        { 9, 3 },     // chunks that divide the rows
        { 2500, 1000 },
        { 1001, 1000 }, // a last chunk of one row
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Chunks_print_the_same_lines_as_one_table(int rowCount, int chunkRows)
    {
        var rows = Rows(rowCount);

        Render(rows, chunkRows).Should().Be(Render(rows, int.MaxValue));
    }

    [Fact]
    public void The_widest_cell_anywhere_sets_its_column_in_every_chunk()
    {
        // The widest key is in the last chunk, wide (two-cell) characters and an empty column in the middle one; each
        // wide character is one char of the line but two cells.
        var rows = Rows(10);
        rows[9] = ["agent:project-lead:" + new string('x', 60), "1d ago", "", ""];
        rows[5] = ["agent:project-lead:日本語", "2h ago", "", "main"];

        var chunked = Render(rows, 4);

        chunked.Should().Be(Render(rows, int.MaxValue));
        chunked.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Length + line.Count(c => c is '日' or '本' or '語'))
            .Distinct().Should().ContainSingle("every line of the table, borders included, is as wide as the others");
    }

    [Fact]
    public void A_table_within_one_chunk_is_spectres_own()
    {
        var rows = Rows(3);
        var expected = new StringWriter();
        var console = Console(expected);
        var table = new Table().Border(TableBorder.Rounded).AddColumns(Headers);
        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(cell => new Text(cell))]);
        }

        console.Write(table);

        Render(rows, 3).Should().Be(expected.ToString());
    }

    private static string[][] Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new[] { $"agent:project-lead:session-{i * 7919 % 100003}", $"{i % 60}m ago", i % 3 == 0 ? $"Label {i}" : "", i % 5 == 0 ? "main archived" : "" })];

    private static string Render(string[][] rows, int chunkRows)
    {
        var output = new StringWriter();
        ChunkedTable.Write(Console(output), Headers, rows, row => row, chunkRows);
        return output.ToString();
    }

    private static IAnsiConsole Console(StringWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 240;
        return console;
    }
}
