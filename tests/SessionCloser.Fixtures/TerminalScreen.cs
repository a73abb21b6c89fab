using System.Text;

namespace SessionCloser.Fixtures;

/// <summary>What a terminal shows after some output: a carriage return goes back to column 0 and overwrites, a line feed starts a new line; trailing blanks are trimmed.</summary>
public static class TerminalScreen
{
    public static List<string> Replay(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<StringBuilder> { new() };
        var column = 0;
        foreach (var c in text)
        {
            if (c == '\r')
            {
                column = 0;
            }
            else if (c == '\n')
            {
                lines.Add(new StringBuilder());
                column = 0;
            }
            else if (column < lines[^1].Length)
            {
                lines[^1][column++] = c;
            }
            else
            {
                lines[^1].Append(c);
                column++;
            }
        }

        return [.. lines.Select(l => l.ToString().TrimEnd())];
    }
}
