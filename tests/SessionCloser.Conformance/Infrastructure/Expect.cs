using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using SessionCloser.Closing;

namespace SessionCloser.Conformance.Infrastructure;

/// <summary>Assertions shared by the cases.</summary>
public static partial class Expect
{
    /// <summary>OpenClaw's archive stamp, e.g. <c>.deleted.2026-11-23T23-34-11.959Z</c>.</summary>
    [GeneratedRegex(@"\.deleted\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z$")]
    public static partial Regex DeletedArchiveName();

    /// <summary>The store is exactly what <c>JSON.stringify(store, null, 2)</c> in the real Node gives, and 0600.</summary>
    public static async Task StoreHasOpenClawBytesAsync(OpenClawSandbox sandbox, string storePath)
    {
        var canonical = await StoreSeed.CanonicalAsync(sandbox, storePath);
        var actual = await File.ReadAllTextAsync(storePath);
        actual.Should().Be(canonical, "session-closer must write the store byte for byte as OpenClaw's JSON.stringify(store, null, 2) would");
        File.GetUnixFileMode(storePath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "OpenClaw writes sessions.json 0600");
    }

    /// <summary>Each closed session's files moved to <c>&lt;file&gt;.deleted.&lt;stamp&gt;</c>, mode kept.</summary>
    public static void FilesArchived(CloseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var file in report.Outcomes.Where(o => o.Status == OutcomeStatus.Closed).SelectMany(o => o.Files))
        {
            file.From.Should().NotBeNull("session-closer renames files that exist");
            file.To.Should().Be(file.From + file.To[file.From!.Length..]);
            DeletedArchiveName().IsMatch(file.To).Should().BeTrue($"{file.To} must carry OpenClaw's archive stamp");
            File.Exists(file.From).Should().BeFalse($"{file.From} was archived");
            File.Exists(file.To).Should().BeTrue($"{file.To} is the archive");
        }
    }

    public static string Show(JsonNode? node) => node?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? "null";
}
