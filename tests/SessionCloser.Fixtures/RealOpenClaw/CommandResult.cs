using System.Text;
using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>One finished process: what it was, how it ended, and everything it printed.</summary>
public sealed record CommandResult(IReadOnlyList<string> Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    /// <summary>The whole run, for failure messages: a failing assertion must show what OpenClaw printed.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .Append("$ ").AppendJoin(' ', Command.Select(Quote)).AppendLine()
            .Append("exit ").Append(ExitCode).Append(" after ").Append(Duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s")
            .AppendLine("--- stdout ---").AppendLine(Tail(StandardOutput))
            .AppendLine("--- stderr ---").AppendLine(Tail(StandardError));
        return text.ToString();
    }

    /// <summary>Stdout parsed as JSON; a parse failure names the command and its output.</summary>
    public JsonNode Json()
    {
        try
        {
            return JsonNode.Parse(StandardOutput) ?? throw new InvalidOperationException("stdout is JSON null");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"stdout is not JSON ({e.Message}):\n{Describe()}", e);
        }
    }

    public override string ToString() => Describe();

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@".Contains(c, StringComparison.Ordinal)) ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}
