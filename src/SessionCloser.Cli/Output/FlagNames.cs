using SessionCloser.Listing;

namespace SessionCloser.Cli.Output;

/// <summary>The documented names of <see cref="SessionMarks"/> in <c>list</c> output; part of the <c>--json</c> contract, so never rename one.</summary>
internal static class FlagNames
{
    private static readonly (SessionMarks Flag, string Name)[] Names =
    [
        (SessionMarks.Protected, "main"),
        (SessionMarks.MissingTranscript, "missing-transcript"),
        (SessionMarks.ActiveRun, "active-run"),
        (SessionMarks.StaleLock, "stale-lock"),
        (SessionMarks.Invalid, "invalid"),
        (SessionMarks.Archived, "archived"),
        (SessionMarks.Pinned, "pinned"),
    ];

    public static IEnumerable<string> Of(SessionMarks flags) => Names.Where(n => flags.HasFlag(n.Flag)).Select(n => n.Name);
}
