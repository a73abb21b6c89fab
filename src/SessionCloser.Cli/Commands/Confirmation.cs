using SessionCloser.Closing;
using Spectre.Console;

namespace SessionCloser.Cli.Commands;

/// <summary>keep-only on a terminal: show the plan, then ask before closing anything.</summary>
internal static class Confirmation
{
    /// <summary>True when the user said yes; a signal while asking cancels (<see cref="OperationCanceledException"/>).</summary>
    public static async Task<bool> AskAsync(CliContext context, CloseReport preview, CancellationToken cancellationToken)
    {
        var closing = preview.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).ToList();
        if (closing.Count == 0)
        {
            return true;
        }

        var console = Output.Terminal.For(context);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Action", "Session", "Files");
        foreach (var outcome in preview.Outcomes)
        {
            var action = outcome.Status switch
            {
                OutcomeStatus.Closed => "[red]close[/]",
                OutcomeStatus.Kept => "[green]keep[/]",
                OutcomeStatus.Skipped => "[yellow]skip[/]",
                _ => "[yellow]not found[/]",
            };
            table.AddRow(new Markup(action), new Text(outcome.Subject), new Text(outcome.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(table);
        return await new ConfirmationPrompt($"Close {closing.Count} session(s) of agent {Markup.Escape(preview.AgentId)}?") { DefaultValue = false }
            .ShowAsync(console, cancellationToken);
    }
}
